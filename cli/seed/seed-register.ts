import { mapWithConcurrency } from '../../shared/concurrency/map-with-concurrency.ts';
import type { HouseholdRepository, RefusedHousehold } from '../../shared/households/ports.ts';
import { generateRegister, type RegisterOptions } from './generate-register.ts';

const CHUNK = 500;
const PARALLEL_CHUNKS = 4;

/**
 * Writes a synthetic register into the household table, a few chunks at a time. Every record the
 * store can hold is written; the ones it refuses come back with their reasons.
 */
export async function seedRegister(
  households: HouseholdRepository,
  options: RegisterOptions,
  onProgress: (written: number) => void = () => undefined,
): Promise<readonly RefusedHousehold[]> {
  const refused: RefusedHousehold[] = [];
  const records = generateRegister(options);
  let exhausted = false;
  while (!exhausted) {
    const chunks: Record<string, unknown>[][] = [];
    for (let chunk = 0; chunk < PARALLEL_CHUNKS && !exhausted; chunk += 1) {
      const batch: Record<string, unknown>[] = [];
      for (let next = records.next(); ; next = records.next()) {
        if (next.done) {
          exhausted = true;
          break;
        }
        batch.push(next.value);
        if (batch.length === CHUNK) break;
      }
      if (batch.length > 0) chunks.push(batch);
    }
    await mapWithConcurrency(chunks, PARALLEL_CHUNKS, async (batch) => {
      refused.push(...(await households.putMany(batch)));
      onProgress(batch.length);
    });
  }
  return refused;
}
