import type { AuditEntry, ChainVerification } from '../audit/audit-entry.ts';
import type { CalendarOverride } from '../calendar/bank-calendar-data.ts';
import type { CycleId, IsoDate } from '../calendar/calendar-date.ts';
import type { Approval } from '../cycles/approval-record.ts';
import type { CycleRecord, SegmentRecord } from '../cycles/cycle-record.ts';
import type { DryRunResult } from '../cycles/dry-run-cycle.ts';
import type { HouseholdTimeline } from '../households/household-timeline.ts';
import type { CycleMessageCounts } from '../notifications/delivery-record.ts';
import type { Objection } from '../objections/objection.ts';
import type { Action, PersonalDataView, Role } from './roles.ts';

/**
 * What the ops API answers, route by route: the contract the console and the CLI read. Records are
 * the domain's own (parsed, JSON as stored); personal data in them is masked unless the caller's role
 * sees it in full. Every error is an `ApiError` with its HTTP status.
 */

/** `{ error: 'forbidden', message: 'viewer may not cycle.operate' }`: `error` is stable, `message` says what to do. */
export interface ApiError {
  readonly error:
    | 'unauthenticated'
    | 'forbidden'
    | 'not-found'
    | 'bad-request'
    | 'conflict'
    | 'internal';
  readonly message: string;
}

/** `GET /api/me`: who the token says the caller is, and what the role table lets them do. */
export interface Me {
  readonly sub: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly actions: readonly Action[];
  readonly personalData: PersonalDataView;
}

/** One payment date of `GET /api/calendar`. */
export interface CalendarDate {
  readonly cycle: CycleId;
  readonly paymentNumber: number | null;
  /** The banking day it pays on. */
  readonly date: IsoDate;
  /** The same day in the Umm al-Qura calendar, `1448-09-25`. */
  readonly hijri: string;
  /** Why that day, one sentence per language. */
  readonly reason: { readonly ar: string; readonly en: string };
  /** The reason's kind: `regular`, `weekend-shift`, `closed`, `announced`. */
  readonly kind: string;
}

/** `GET /api/calendar?from=YYYY-MM&count=12`: the next payment dates and the overrides in force. */
export interface CalendarView {
  readonly dates: readonly CalendarDate[];
  readonly overrides: readonly CalendarOverride[];
}

/** `GET /api/cycles/{month}`: the month's record (null before it is planned) and its segments. */
export interface CycleView {
  readonly cycle: CycleRecord | null;
  readonly segments: readonly SegmentRecord[];
}

/** `GET /api/cycles/{month}/report`: the finalized month, last month's for the diff, its messages. */
export interface CycleReport {
  readonly cycle: CycleRecord;
  readonly previous: CycleRecord | null;
  readonly messages: CycleMessageCounts;
  /** The month's budget in halalas (the program's rules), to set the projected total against. */
  readonly budgetHalalas: number;
}

/** `GET /api/cycles/{month}/plan`: the dry run, as `dafaa cycle plan --dry-run` prints it. */
export type CyclePlan = DryRunResult;

/** `POST /api/cycles/{month}/run|rerun` (202): what was started, in words and as data. */
export interface StartAnswer {
  readonly outcome: 'started' | 'running' | 'ran-already';
  readonly executionName: string | null;
  readonly message: string;
}

/** `GET /api/approvals`, `GET /api/approvals/{id}`, and the body of approve/reject. */
export type ApprovalView = Approval;

/** `POST /api/approvals/{id}/approve`: the decided request, and the run it resumed. */
export interface ApprovalDecision {
  readonly approval: Approval;
  readonly resumed: StartAnswer | null;
}

/**
 * An objection: `GET /api/objections?status=submitted|under-review&limit=` answers the queue (oldest
 * id first), `GET /api/objections/{id}` one, and every decision its result.
 */
export type ObjectionView = Objection;

/** The household's head and contact as the caller's role may see them. */
export interface HouseholdContact {
  readonly personalData: PersonalDataView;
  readonly nationalId: string;
  readonly mobile: string | null;
  readonly email: string | null;
  readonly iban: string;
  readonly language: string;
}

/** `GET /api/households/{id}`: the household's story and its contact, masked by role. */
export interface HouseholdView {
  readonly timeline: HouseholdTimeline;
  readonly contact: HouseholdContact | null;
}

/** `GET /api/audit?limit=`: the newest entries first. */
export interface AuditPage {
  readonly entries: readonly AuditEntry[];
}

/** `GET /api/audit/verify?anchor=SEQ:HASH`: the chain, its head (to keep as the next anchor). */
export interface AuditVerification {
  readonly chain: ChainVerification;
  readonly head: { readonly sequence: number; readonly hash: string } | null;
  readonly anchor: { readonly sequence: number; readonly matches: boolean } | null;
}
