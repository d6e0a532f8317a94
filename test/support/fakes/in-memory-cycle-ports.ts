import type { CycleRecord, SegmentRecord } from '../../../shared/cycles/cycle-record.ts';
import { type PaymentRecord, paymentIdOf } from '../../../shared/cycles/payment-record.ts';
import type {
  ArrearsSettlement,
  BeginRunOutcome,
  CycleOutcome,
  CycleRepository,
  CycleRun,
  PaymentRepository,
  WriteOnceOutcome,
} from '../../../shared/cycles/ports.ts';
import type { HouseholdPage, HouseholdRepository } from '../../../shared/households/ports.ts';
import type { Notification } from '../../../shared/notifications/notification.ts';
import type { NotificationQueue } from '../../../shared/notifications/ports.ts';

/**
 * In-memory fakes of the cycle's ports, with the DynamoDB adapters' semantics: a parallel scan that
 * splits households into stable segments with a resumable cursor, a write-once payment store that
 * hands back the standing record and settles arrears atomically, and copies in and out.
 */

const copy = <T>(value: T): T => structuredClone(value);

function segmentOf(householdId: string, totalSegments: number): number {
  let hash = 0;
  for (const character of householdId) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return hash % totalSegments;
}

export class InMemoryHouseholdRepository implements HouseholdRepository {
  readonly records = new Map<string, Record<string, unknown>>();

  async estimateCount(): Promise<number> {
    return this.records.size;
  }

  async scanSegment(input: {
    segment: number;
    totalSegments: number;
    cursor: string | null;
    pageSize: number;
  }): Promise<HouseholdPage> {
    const ids = [...this.records.keys()]
      .filter((id) => segmentOf(id, input.totalSegments) === input.segment)
      .sort();
    const start = input.cursor === null ? 0 : ids.indexOf(input.cursor) + 1;
    const page = ids.slice(start, start + input.pageSize);
    const last = page.at(-1);
    return {
      records: page.map((householdId) => ({
        householdId,
        raw: copy(this.records.get(householdId)),
      })),
      cursor: start + input.pageSize < ids.length && last !== undefined ? last : null,
    };
  }

  async get(householdId: string): Promise<unknown | undefined> {
    return copy(this.records.get(householdId));
  }

  async putMany(records: readonly Record<string, unknown>[]): Promise<readonly never[]> {
    for (const record of records) this.records.set(String(record.householdId), copy(record));
    return [];
  }
}

export class InMemoryPaymentRepository implements PaymentRepository {
  readonly records = new Map<string, PaymentRecord>();
  /** How many times each payment id was stored. */
  readonly writes = new Map<string, number>();

  private readonly households: InMemoryHouseholdRepository;

  constructor(households: InMemoryHouseholdRepository) {
    this.households = households;
  }

  async writeOnce(
    record: PaymentRecord,
    settle: ArrearsSettlement | null,
  ): Promise<WriteOnceOutcome> {
    const standing = this.records.get(record.paymentId);
    const replaceable =
      standing === undefined || (standing.status === 'set-aside' && record.status !== 'set-aside');
    if (!replaceable) return { outcome: 'exists', existing: copy(standing) };
    if (settle) {
      const household = this.households.records.get(settle.householdId) as {
        arrears: Record<string, { settledInCycle: string | null }>;
      };
      if (settle.objectionIds.some((id) => household.arrears[id]?.settledInCycle !== null)) {
        return { outcome: 'arrears-already-settled' };
      }
      for (const id of settle.objectionIds) {
        const entry = household.arrears[id];
        if (entry) entry.settledInCycle = record.cycle;
      }
    }
    this.records.set(record.paymentId, copy(record));
    this.writes.set(record.paymentId, (this.writes.get(record.paymentId) ?? 0) + 1);
    return { outcome: 'written' };
  }

  async get(cycle: string, householdId: string): Promise<PaymentRecord | undefined> {
    return copy(this.records.get(paymentIdOf(cycle, householdId)));
  }

  async *listCycle(cycle: string): AsyncIterable<PaymentRecord> {
    for (const record of this.records.values()) if (record.cycle === cycle) yield copy(record);
  }
}

export class InMemoryCycleRepository implements CycleRepository {
  readonly cycles = new Map<string, CycleRecord>();
  readonly segments = new Map<string, SegmentRecord>();

  async createIfAbsent(cycle: CycleRecord, segments: readonly SegmentRecord[]) {
    const existing = this.cycles.get(cycle.cycle);
    if (existing) return { created: false, stored: copy(existing) };
    this.cycles.set(cycle.cycle, copy(cycle));
    for (const segment of segments)
      this.segments.set(`${segment.cycle}#${segment.segment}`, copy(segment));
    return { created: true, stored: copy(cycle) };
  }

  async get(cycle: string) {
    return copy(this.cycles.get(cycle));
  }

  async beginRun(cycle: string, run: CycleRun, runsBefore: number): Promise<BeginRunOutcome> {
    const record = this.cycles.get(cycle);
    if (!record) throw new Error(`no cycle ${cycle}`);
    if (record.hold) return 'on-hold';
    if (record.runs.length !== runsBefore) return 'changed-meanwhile';
    this.cycles.set(cycle, { ...record, status: 'running', runs: [...record.runs, copy(run)] });
    return 'begun';
  }

  async finish(cycle: string, outcome: CycleOutcome) {
    const record = this.cycles.get(cycle);
    if (!record) throw new Error(`no cycle ${cycle}`);
    const { finishedRun, runCount, ...fields } = copy(outcome);
    if (record.runs.length !== runCount) return 'changed-meanwhile';
    this.cycles.set(cycle, {
      ...record,
      ...fields,
      runs: record.runs.map((run, index) =>
        index === finishedRun ? { ...run, finishedAt: fields.finalizedAt } : run,
      ),
    });
    return 'finished';
  }

  async setHold(cycle: string, hold: CycleRecord['hold']) {
    const record = this.cycles.get(cycle);
    if (!record) throw new Error(`no cycle ${cycle}`);
    this.cycles.set(cycle, { ...record, hold: copy(hold) });
  }

  async getSegment(cycle: string, segment: number) {
    return copy(this.segments.get(`${cycle}#${segment}`));
  }

  async putSegment(segment: SegmentRecord) {
    this.segments.set(`${segment.cycle}#${segment.segment}`, copy(segment));
  }

  async listSegments(cycle: string) {
    return [...this.segments.values()].filter((segment) => segment.cycle === cycle).map(copy);
  }

  async listCycles() {
    return [...this.cycles.values()].map(copy);
  }
}

export class InMemoryNotificationQueue implements NotificationQueue {
  readonly queued: Notification[] = [];

  async enqueue(notifications: readonly Notification[]): Promise<void> {
    this.queued.push(...copy(notifications));
  }
}
