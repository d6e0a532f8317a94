import type { PaymentRecord } from '../cycles/payment-record.ts';
import type { CycleRepository, PaymentRepository } from '../cycles/ports.ts';
import type { DeliveryRecord } from '../notifications/delivery-record.ts';
import type { DeliveryRepository } from '../notifications/ports.ts';
import type { SuppressionList } from '../notifications/receipt-ports.ts';
import type { Suppression } from '../notifications/suppression.ts';
import type { Objection } from '../objections/objection.ts';
import type { ObjectionRepository } from '../objections/ports.ts';
import { HouseholdTimelineError } from './errors.ts';
import { householdSchema } from './household.ts';

/**
 * One household's story, for ops answering the household: what each cycle paid it (or why not), its
 * objections and their statuses, every message sent to it, by channel, with how it ended, and the
 * email addresses its bounces or complaints suppressed.
 * In: the household id. Out: payments newest first, objections oldest result first, messages newest
 * first, suppressions oldest first. Read only; one GetItem per cycle and one Query each for
 * objections, messages and suppressions. Nothing here is personal data but the ids: payment records
 * keep the IBAN masked, deliveries hold no contact detail, a suppression keeps its address masked.
 */

export interface HouseholdTimelineDeps {
  readonly cycles: Pick<CycleRepository, 'listCycles'>;
  readonly payments: Pick<PaymentRepository, 'get'>;
  readonly objections: Pick<ObjectionRepository, 'listByHousehold'>;
  readonly deliveries: Pick<DeliveryRepository, 'listByHousehold'>;
  readonly suppressions: Pick<SuppressionList, 'listByHousehold'>;
}

export interface HouseholdTimeline {
  readonly householdId: string;
  readonly payments: readonly PaymentRecord[];
  readonly objections: readonly Objection[];
  readonly messages: readonly DeliveryRecord[];
  readonly suppressions: readonly Suppression[];
}

export async function householdTimeline(
  deps: HouseholdTimelineDeps,
  householdId: string,
): Promise<HouseholdTimeline> {
  if (!householdSchema.shape.householdId.safeParse(householdId).success) {
    throw new HouseholdTimelineError(
      `"${householdId.slice(0, 24)}" is not a household id: H followed by 7 to 15 digits, e.g. H00000042`,
    );
  }
  const cycles = (await deps.cycles.listCycles())
    .map((cycle) => cycle.cycle)
    .sort()
    .reverse();
  const [payments, objections, messages, suppressions] = await Promise.all([
    Promise.all(cycles.map((cycle) => deps.payments.get(cycle, householdId))),
    deps.objections.listByHousehold(householdId),
    deps.deliveries.listByHousehold(householdId),
    deps.suppressions.listByHousehold(householdId),
  ]);
  return {
    householdId,
    payments: payments.filter((record) => record !== undefined),
    objections,
    messages: [...messages].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)),
    suppressions: [...suppressions].sort((a, b) => a.at.localeCompare(b.at)),
  };
}
