import type { Approval } from '../../shared/cycles/approval-record.ts';
import type { CycleStatus, SegmentRecord } from '../../shared/cycles/cycle-record.ts';
import type { IneligibilityReason } from '../../shared/eligibility/ineligibility-reasons.ts';
import type { ObjectionStatus } from '../../shared/objections/objection.ts';
import type { Role } from '../../shared/ops-api/roles.ts';

/** The console's languages; Arabic is the default. */
export type Language = 'ar' | 'en';

type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'used';
type OverrideKind = 'payment-date' | 'closed-day' | 'open-day';

/**
 * Every text the console shows, one catalog per language (`ar.ts`, `en.ts`, each `satisfies
 * Messages`, so a text missing in one language fails the typecheck). Texts that take values are
 * functions of already formatted strings: numbers and dates are formatted by `format.ts`.
 */
export interface Messages {
  readonly app: {
    readonly title: string;
    readonly skipToContent: string;
    /** The language switch, written in the language it switches to. */
    readonly otherLanguage: string;
    readonly signOut: string;
    readonly signedInAs: (username: string, roles: string) => string;
    readonly loading: string;
    readonly cancel: string;
    readonly reason: string;
    readonly note: string;
    readonly optional: string;
    readonly none: string;
    readonly sessionEnded: string;
    readonly networkError: string;
    readonly confirm: (action: string) => string;
    readonly done: string;
  };
  readonly nav: {
    readonly label: string;
    readonly month: string;
    readonly approvals: string;
    readonly calendar: string;
    readonly objections: string;
    readonly household: string;
    readonly audit: string;
  };
  readonly roles: Readonly<Record<Role, string>>;
  readonly signIn: {
    readonly title: string;
    readonly localBanner: string;
    readonly localExplain: string;
    readonly chooseUser: string;
    readonly signInAs: (username: string) => string;
    readonly cognito: string;
    readonly cognitoExplain: string;
    readonly callbackFailed: string;
    readonly completing: string;
  };
  readonly month: {
    readonly title: (month: string) => string;
    readonly pick: string;
    readonly show: string;
    readonly notPlanned: string;
    readonly status: Readonly<Record<CycleStatus, string>>;
    readonly statusLabel: string;
    readonly paymentDate: string;
    readonly policy: string;
    readonly progress: string;
    readonly householdsSeen: (seen: string, estimate: string) => string;
    readonly segments: string;
    readonly segment: (number: string) => string;
    readonly segmentStatus: Readonly<Record<SegmentRecord['status'], string>>;
    readonly held: (by: string, reason: string) => string;
    readonly actions: string;
    readonly run: string;
    readonly rerun: string;
    readonly hold: string;
    readonly release: string;
    readonly onlyFailed: string;
  };
  readonly report: {
    readonly title: string;
    readonly outcomes: string;
    readonly paid: string;
    readonly notEligible: string;
    readonly nothingDue: string;
    readonly setAside: string;
    readonly households: string;
    readonly notEligibleByReason: string;
    readonly setAsideByReason: string;
    /** Every ineligibility reason code, as ops call it. */
    readonly ineligibility: Readonly<Record<IneligibilityReason, string>>;
    readonly reason: string;
    readonly nothingToShow: string;
    readonly totals: string;
    readonly paidTotal: string;
    readonly budget: string;
    readonly amount: string;
    readonly diff: string;
    readonly thisMonth: string;
    readonly lastMonth: string;
    readonly change: string;
    readonly noPrevious: string;
    readonly measure: string;
  };
  readonly approvals: {
    readonly title: string;
    readonly empty: string;
    readonly kind: Readonly<Record<Approval['kind'], string>>;
    readonly override: string;
    readonly status: Readonly<Record<ApprovalStatus, string>>;
    readonly why: string;
    readonly projected: string;
    readonly lastMonth: string;
    readonly requestedBy: string;
    readonly decidedBy: (by: string, reason: string) => string;
    /** After the requester's id, when the requester is the signed-in user. */
    readonly you: string;
    readonly approve: string;
    readonly reject: string;
    /** The month's dry run: what moved since last month. */
    readonly diff: string;
    readonly showDiff: string;
    readonly budget: string;
    readonly added: string;
    readonly dropped: string;
    readonly changed: string;
    readonly household: string;
    readonly before: string;
    readonly after: string;
    readonly reasons: string;
  };
  readonly calendar: {
    readonly title: string;
    readonly dates: string;
    readonly cycle: string;
    readonly paymentNumber: string;
    readonly date: string;
    readonly hijri: string;
    readonly reason: string;
    readonly overrides: string;
    readonly noOverrides: string;
    readonly overrideKind: Readonly<Record<OverrideKind, string>>;
    readonly recordedBy: string;
    readonly requestTitle: string;
    readonly requestExplain: string;
    readonly kindLabel: string;
    readonly cycleLabel: string;
    readonly dateLabel: string;
    readonly hijriPicker: string;
    readonly submit: string;
    readonly requested: string;
  };
  readonly objections: {
    readonly title: string;
    readonly queue: (status: string) => string;
    readonly empty: string;
    readonly id: string;
    readonly household: string;
    readonly resultCycle: string;
    readonly subject: Readonly<Record<'ineligibility' | 'amount', string>>;
    readonly subjectLabel: string;
    readonly submittedOn: string;
    readonly status: Readonly<Record<ObjectionStatus, string>>;
    readonly statusLabel: string;
    readonly reasons: string;
    readonly history: string;
    readonly transition: (from: string, to: string, by: string) => string;
    readonly review: string;
    readonly accept: string;
    readonly reject: string;
    readonly arrears: string;
    readonly addArrears: string;
    readonly arrearsCycle: string;
    readonly arrearsRiyals: string;
    readonly rejectionReason: string;
    readonly back: string;
  };
  readonly household: {
    readonly title: (id: string) => string;
    readonly search: string;
    readonly searchLabel: string;
    readonly searchHint: string;
    readonly contact: string;
    readonly masked: string;
    readonly nationalId: string;
    readonly mobile: string;
    readonly email: string;
    readonly iban: string;
    readonly language: string;
    readonly payments: string;
    readonly objections: string;
    readonly messages: string;
    readonly suppressions: string;
    readonly cycle: string;
    readonly status: string;
    readonly amount: string;
    readonly reasons: string;
    readonly channel: string;
    readonly event: string;
    readonly updatedAt: string;
    readonly lifted: string;
  };
  readonly audit: {
    readonly title: string;
    readonly sequence: string;
    readonly at: string;
    readonly actor: string;
    /** The caller's address, or the channel (the local CLI has none). */
    readonly from: string;
    readonly action: string;
    readonly subject: string;
    readonly reason: string;
    readonly verify: string;
    readonly anchor: string;
    readonly anchorHint: string;
    readonly valid: (entries: string) => string;
    readonly broken: (at: string, problem: string) => string;
    readonly anchorMatches: (sequence: string) => string;
    readonly anchorDiffers: (sequence: string) => string;
    readonly head: string;
  };
}
