import {
  type CycleId,
  cycleIdSchema,
  type IsoDate,
  isoDateSchema,
} from '../calendar/calendar-date.ts';
import {
  type ArrearsEntry,
  arrearsEntrySchema,
  householdSchema,
  personSchema,
} from '../households/household.ts';
import { describeIssues } from '../validation/describe-issues.ts';
import * as z from '../validation/zod.ts';
import {
  InvalidObjectionError,
  InvalidObjectionTransitionError,
  RejectionReasonRequiredError,
  RejectionReasonTooLongError,
} from './errors.ts';

/**
 * An objection (اعتراض) to one cycle's eligibility result, as data, and its life cycle as pure
 * functions: submitted -> under-review -> accepted | rejected. Nothing leaves accepted or rejected;
 * a new objection to the same result may be filed (inside the window) once the last one is closed.
 *
 * The id is deterministic: `O-<householdId>-<resultCycle>-<sequence>`, the sequence counting the
 * objections to that result from 1 ("O-H0000001-2026-03-1", then "O-H0000001-2026-03-2" after a
 * rejection). The household id inside it lets a store find the household's partition from the id.
 */

export const OBJECTION_SUBJECTS = ['ineligibility', 'amount'] as const;
export const OBJECTION_STATUSES = ['submitted', 'under-review', 'accepted', 'rejected'] as const;
/** The statuses in which an objection holds its result: a second objection to it is refused. */
export const OPEN_OBJECTION_STATUSES = ['submitted', 'under-review'] as const;

/** Who made a transition when it was not an operator. */
export const BENEFICIARY = 'beneficiary';

export type ObjectionSubject = (typeof OBJECTION_SUBJECTS)[number];
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export type OpenObjectionStatus = (typeof OPEN_OBJECTION_STATUSES)[number];

/** The status changes the life cycle allows; accepted and rejected are final. */
export const OBJECTION_TRANSITIONS: Readonly<Record<ObjectionStatus, readonly ObjectionStatus[]>> =
  {
    submitted: ['under-review'],
    'under-review': ['accepted', 'rejected'],
    accepted: [],
    rejected: [],
  };

const MAX_REASONS_LENGTH = 4000;
/** A rejection reason is shown to the beneficiary in a message: a few sentences at most. */
export const MAX_REJECTION_REASON_LENGTH = 1000;
const MAX_DOCUMENTS = 20;

const objectionStatusSchema = /* @__PURE__ */ z.onFirstUse(() => z.enum(OBJECTION_STATUSES));
const householdIdSchema = /* @__PURE__ */ z.onFirstUse(() => householdSchema.shape.householdId);
/** An operator id, or `beneficiary`. */
const actorSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
);

/** One status change: the submission itself is the first (from null to submitted). */
export const objectionTransitionSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    from: z.nullable(objectionStatusSchema),
    to: objectionStatusSchema,
    /** ISO 8601 timestamp in UTC (`2026-03-14T09:30:00.000Z`). */
    at: z.iso.datetime(),
    by: actorSchema,
    note: z.nullable(z.string()),
  }),
);

export const objectionSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z
    .object({
      objectionId: z
        .string()
        .check(
          z.regex(/^O-H\d{7,}-\d{4}-\d{2}-[1-9]\d*$/, 'objectionId is O-<household>-<cycle>-<n>'),
        ),
      /** 1 for the first objection to this result, 2 for the next (after the first was closed), ... */
      sequence: z.int().check(z.minimum(1)),
      householdId: householdIdSchema,
      /** The cycle whose eligibility result is contested. */
      resultCycle: cycleIdSchema,
      subject: z.enum(OBJECTION_SUBJECTS),
      /** A dependent's (or the head's) own result; null when the objection is about the household. */
      personId: z.nullable(personSchema.shape.personId),
      reasons: z.string().check(
        z.maxLength(MAX_REASONS_LENGTH),
        z.refine((text) => text.trim().length > 0, 'reasons must not be blank'),
      ),
      /** References to the supporting documents (document-store keys); may be empty. */
      documents: z
        .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(500)))
        .check(z.maxLength(MAX_DOCUMENTS)),
      /** The Riyadh date it was filed: the window is checked against it. */
      submittedOn: isoDateSchema,
      status: objectionStatusSchema,
      history: z.array(objectionTransitionSchema).check(z.minLength(1)),
      /** Why it was rejected (shown to the beneficiary); set exactly when rejected. */
      rejectionReason: z.nullable(z.string().check(z.maxLength(MAX_REJECTION_REASON_LENGTH))),
      /** The arrears the acceptance produced; null unless accepted with arrears. */
      arrears: z.nullable(arrearsEntrySchema),
    })
    .check(
      z.superRefine((objection, ctx) => {
        const expectedId = objectionIdOf(
          objection.householdId,
          objection.resultCycle,
          objection.sequence,
        );
        if (objection.objectionId !== expectedId) {
          ctx.addIssue({
            code: 'custom',
            path: ['objectionId'],
            message: `expected ${expectedId}`,
          });
        }
        objection.history.forEach((entry, index) => {
          const previous = index === 0 ? null : (objection.history[index - 1]?.to ?? null);
          const allowed =
            previous === null
              ? entry.from === null && entry.to === 'submitted'
              : entry.from === previous && OBJECTION_TRANSITIONS[previous].includes(entry.to);
          if (!allowed) {
            ctx.addIssue({
              code: 'custom',
              path: ['history', index],
              message: `${entry.from ?? 'nothing'} -> ${entry.to} does not follow ${previous ?? 'nothing'}`,
            });
          }
        });
        if (objection.history.at(-1)?.to !== objection.status) {
          ctx.addIssue({
            code: 'custom',
            path: ['status'],
            message: 'status is not the last transition',
          });
        }
        const rejected = objection.status === 'rejected';
        if (rejected !== (objection.rejectionReason !== null)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rejectionReason'],
            message: 'a rejection reason is required when rejected, and only then',
          });
        } else if (rejected && objection.rejectionReason?.trim() === '') {
          ctx.addIssue({ code: 'custom', path: ['rejectionReason'], message: 'must not be blank' });
        }
        if (objection.arrears !== null) {
          if (objection.status !== 'accepted') {
            ctx.addIssue({
              code: 'custom',
              path: ['arrears'],
              message: 'arrears only when accepted',
            });
          } else if (objection.arrears.objectionId !== objection.objectionId) {
            ctx.addIssue({
              code: 'custom',
              path: ['arrears', 'objectionId'],
              message: 'the arrears belong to another objection',
            });
          }
        }
      }),
    ),
);

export type ObjectionTransition = z.infer<typeof objectionTransitionSchema>;
export type Objection = z.infer<typeof objectionSchema>;

/** `O-H0000001-2026-03-1`: the `sequence`th objection of the household to the `resultCycle` result. */
export function objectionIdOf(householdId: string, resultCycle: CycleId, sequence: number): string {
  return `O-${householdId}-${resultCycle}-${sequence}`;
}

/** True while the objection holds its result (submitted or under review). */
export function isOpen(status: ObjectionStatus): status is OpenObjectionStatus {
  return (OPEN_OBJECTION_STATUSES as readonly ObjectionStatus[]).includes(status);
}

/** Validates a record against the schema, as a named error that lists what is wrong. */
export function parseObjection(value: unknown): Objection {
  const result = objectionSchema.safeParse(value);
  if (!result.success) {
    throw new InvalidObjectionError(`invalid objection: ${describeIssues(result.error)}`, {
      cause: result.error,
    });
  }
  return result.data;
}

export interface NewObjection {
  readonly householdId: string;
  readonly resultCycle: CycleId;
  readonly sequence: number;
  readonly subject: ObjectionSubject;
  readonly personId?: string | null | undefined;
  readonly reasons: string;
  readonly documents?: readonly string[] | undefined;
  readonly submittedOn: IsoDate;
  readonly at: Date;
  /** `beneficiary` (the default), or the operator who filed it for them (call centre 19912). */
  readonly by?: string | undefined;
}

/** A new objection, status submitted, its history opened by the submission. Reasons are trimmed. */
export function createObjection(input: NewObjection): Objection {
  return parseObjection({
    objectionId: objectionIdOf(input.householdId, input.resultCycle, input.sequence),
    sequence: input.sequence,
    householdId: input.householdId,
    resultCycle: input.resultCycle,
    subject: input.subject,
    personId: input.personId ?? null,
    reasons: input.reasons.trim(),
    documents: [...(input.documents ?? [])],
    submittedOn: input.submittedOn,
    status: 'submitted',
    history: [
      {
        from: null,
        to: 'submitted',
        at: input.at.toISOString(),
        by: input.by ?? BENEFICIARY,
        note: null,
      },
    ],
    rejectionReason: null,
    arrears: null,
  });
}

/** Who moved the objection, when, and why. */
export interface TransitionBy {
  readonly at: Date;
  /** The operator id. */
  readonly by: string;
  readonly note?: string | undefined;
}

/** Refuses a status change the life cycle does not allow. */
export function assertTransition(objection: Objection, to: ObjectionStatus): void {
  if (!OBJECTION_TRANSITIONS[objection.status].includes(to)) {
    throw new InvalidObjectionTransitionError(objection.objectionId, objection.status, to);
  }
}

function transition(
  objection: Objection,
  to: ObjectionStatus,
  by: TransitionBy,
  changes: Partial<Pick<Objection, 'rejectionReason' | 'arrears'>> = {},
): Objection {
  assertTransition(objection, to);
  const entry: ObjectionTransition = {
    from: objection.status,
    to,
    at: by.at.toISOString(),
    by: by.by,
    note: by.note ?? null,
  };
  return parseObjection({
    ...objection,
    ...changes,
    status: to,
    history: [...objection.history, entry],
  });
}

/** submitted -> under-review: an operator picks the objection up. */
export function startReview(objection: Objection, by: TransitionBy): Objection {
  return transition(objection, 'under-review', by);
}

/** under-review -> accepted, with the arrears the acceptance produced (null when nothing is owed). */
export function accept(
  objection: Objection,
  by: TransitionBy & { readonly arrears: ArrearsEntry | null },
): Objection {
  return transition(objection, 'accepted', by, { arrears: by.arrears });
}

/** under-review -> rejected, with the reason the beneficiary is told. */
export function reject(
  objection: Objection,
  by: TransitionBy & { readonly reason: string },
): Objection {
  assertTransition(objection, 'rejected');
  const reason = by.reason.trim();
  if (reason === '') throw new RejectionReasonRequiredError(objection.objectionId);
  if (reason.length > MAX_REJECTION_REASON_LENGTH) {
    throw new RejectionReasonTooLongError(
      `a rejection reason is shown to the beneficiary: at most ${MAX_REJECTION_REASON_LENGTH} characters, not ${reason.length}`,
    );
  }
  return transition(objection, 'rejected', by, { rejectionReason: reason });
}
