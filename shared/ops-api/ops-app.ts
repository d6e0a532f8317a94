import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { parseAnchor } from '../audit/audit-entry.ts';
import type { AuditLog, AuditVia } from '../audit/ports.ts';
import { type AuditTrail, verifyAuditLog } from '../audit/verify-audit-log.ts';
import { addMonths, type CycleId, parseCycleId } from '../calendar/calendar-date.ts';
import { describeDisbursement } from '../calendar/describe-disbursement.ts';
import { formatHijriIso, toHijri } from '../calendar/hijri-date.ts';
import { nextDisbursements } from '../calendar/list-disbursements.ts';
import { calendarWithStoredOverrides } from '../calendar/manage-overrides.ts';
import type { CalendarOverrideRepository } from '../calendar/ports.ts';
import { riyadhDateOf } from '../calendar/riyadh-clock.ts';
import type { OpsSettings } from '../config/ops-settings.ts';
import type { ApprovalDeps } from '../cycles/approvals.ts';
import type { CycleDeps } from '../cycles/cycle-deps.ts';
import { dryRunCycle } from '../cycles/dry-run-cycle.ts';
import { CycleNotFoundError } from '../cycles/errors.ts';
import { setCycleHold } from '../cycles/hold-cycle.ts';
import type { ApprovalRepository, CycleExecutions } from '../cycles/ports.ts';
import { startRerun, startRun } from '../cycles/start-cycle-execution.ts';
import { householdTimeline } from '../households/household-timeline.ts';
import { liftSuppressions } from '../notifications/manage-suppressions.ts';
import type { DeliveryRepository } from '../notifications/ports.ts';
import type { CycleMessages, SuppressionList } from '../notifications/receipt-ports.ts';
import { ObjectionNotFoundError } from '../objections/errors.ts';
import type { ObjectionChangeDeps } from '../objections/notify-objection-change.ts';
import { OPEN_OBJECTION_STATUSES, type OpenObjectionStatus } from '../objections/objection.ts';
import {
  acceptObjection,
  type ObjectionDeps,
  rejectObjection,
  startObjectionReview,
  submitObjection,
} from '../objections/objection-use-cases.ts';
import { recordObjectionChange } from '../objections/record-objection-change.ts';
import * as z from '../validation/zod.ts';
import type {
  AuditPage,
  AuditVerification,
  CalendarView,
  CycleReport,
  CycleView,
  HouseholdView,
  Me,
} from './api-types.ts';
import { approveRequest, requestCalendarChange } from './approve-request.ts';
import type { Caller, TokenVerifier } from './caller.ts';
import { mapError } from './error-responses.ts';
import { ForbiddenError, InvalidRequestError } from './errors.ts';
import { householdContactFor, objectionFor } from './mask-for-role.ts';
import { type Action, actionsOf, mayDo } from './roles.ts';

/**
 * The ops API: every ops action of the CLI, over the same use cases, as one Hono app that runs on
 * Lambda behind API Gateway (functions/ops-api.ts) and on Node locally (the local stack's server),
 * from this code. Every route answers 401 first when the caller is not signed in, then 403 when the
 * role table does not let the caller's roles take the route's action; only then does it run. The
 * acting user is the token's subject, recorded in the audit log with the request's id and address.
 */

export interface OpsApiDeps {
  readonly verifier: TokenVerifier;
  readonly cycle: CycleDeps;
  readonly settings: OpsSettings;
  readonly audit: AuditLog & AuditTrail;
  readonly approvals: ApprovalRepository;
  readonly overrides: CalendarOverrideRepository;
  readonly objections: ObjectionDeps;
  readonly objectionChange: ObjectionChangeDeps;
  readonly deliveries: Pick<DeliveryRepository, 'list' | 'reopen' | 'listByHousehold'> &
    CycleMessages;
  readonly suppressions: SuppressionList;
  /** Starts a month's run (the state machine in AWS; the same definition in this process locally). */
  readonly executions: CycleExecutions;
  /** Where an unexpected error is told (the function's logger); the caller gets a 500 without it. */
  readonly logUnexpected?: (error: unknown, requestId: string) => void;
}

/** Where a request came from: the platform's request id and address (API Gateway's, or Node's). */
export interface RequestOrigin {
  readonly requestId: string;
  readonly sourceIp: string;
  readonly viewerAddress?: string;
}

export type OpsApiEnv = {
  Variables: { caller: Caller; audit: AuditLog };
};

export function createOpsApp(
  deps: OpsApiDeps,
  originOf: (c: Context) => RequestOrigin,
): Hono<OpsApiEnv> {
  const app = new Hono<OpsApiEnv>().basePath('/api');

  app.onError((error, c) => {
    const { status, body } = mapError(error);
    if (status !== 500) return c.json(body, status);
    // The caller gets the request id; the log has the error under it.
    const { requestId } = originOf(c);
    deps.logUnexpected?.(error, requestId);
    return c.json({ ...body, message: `${body.message} (request ${requestId})` }, status);
  });
  app.notFound((c) => c.json({ error: 'not-found', message: `no route ${c.req.path}` }, 404));

  // 401 before anything else, on every path under /api (an unknown one too).
  app.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer (\S+)$/i.exec(header)?.[1];
    if (token === undefined) {
      return c.json(
        { error: 'unauthenticated', message: 'sign in first: no bearer token was sent' },
        401,
      );
    }
    const caller = await deps.verifier.verify(token);
    const origin = originOf(c);
    const via: AuditVia = {
      channel: 'api',
      actorName: caller.username,
      requestId: origin.requestId,
      sourceIp: origin.sourceIp,
      ...(origin.viewerAddress ? { viewerAddress: origin.viewerAddress } : {}),
    };
    c.set('caller', caller);
    c.set('audit', { append: (entry) => deps.audit.append({ ...entry, via }) });
    await next();
  });

  const allow = (action: Action) =>
    createMiddleware<OpsApiEnv>(async (c, next) => {
      const caller = c.get('caller');
      if (!mayDo(caller.roles, action)) {
        throw new ForbiddenError(
          `${caller.username} (${caller.roles.join(', ') || 'no role'}) may not ${action}`,
        );
      }
      await next();
    });

  const monthOf = (c: Context) => parseCycleId(c.req.param('month') ?? '');
  const approvalDeps = (c: Context<OpsApiEnv>): ApprovalDeps => ({
    approvals: deps.approvals,
    audit: c.get('audit'),
    settings: deps.settings,
    clock: deps.cycle.clock,
  });
  const startDeps = (c: Context<OpsApiEnv>) => ({
    cycles: deps.cycle.cycles,
    clock: deps.cycle.clock,
    executions: deps.executions,
    audit: c.get('audit'),
    requeue: { ...deps.cycle, deliveries: deps.deliveries },
  });

  app.get('/me', (c) => {
    const caller = c.get('caller');
    const me: Me = {
      sub: caller.sub,
      username: caller.username,
      roles: caller.roles,
      actions: actionsOf(caller.roles),
      personalData: caller.personalData,
    };
    return c.json(me);
  });

  // The calendar: the next payment dates, with the stored overrides applied.
  app.get('/calendar', allow('read'), async (c) => {
    const count = boundedInt(c.req.query('count'), 12, 1, 36);
    const calendar = await calendarWithStoredOverrides(deps.overrides);
    const today = riyadhDateOf(deps.cycle.clock.now());
    const disbursements = nextDisbursements(
      { calendar, schedule: deps.cycle.calendar.schedule },
      today,
      count,
    );
    const view: CalendarView = {
      dates: disbursements.map((disbursement) => ({
        cycle: disbursement.cycle,
        paymentNumber: disbursement.paymentNumber,
        date: disbursement.date,
        hijri: formatHijriIso(toHijri(disbursement.date)),
        reason: {
          ar: describeDisbursement(disbursement, 'ar'),
          en: describeDisbursement(disbursement, 'en'),
        },
        kind: disbursement.reason.kind,
      })),
      overrides: await deps.overrides.list(),
    };
    return c.json(view);
  });

  app.post('/calendar/override-requests', allow('cycle.operate'), async (c) => {
    const body = await bodyOf(c, calendarRequestBody);
    const request = await requestCalendarChange(approvalDeps(c), {
      requestedBy: c.get('caller').sub,
      requestedByName: c.get('caller').username,
      override: body,
      today: riyadhDateOf(deps.cycle.clock.now()),
    });
    return c.json(request, 202);
  });

  // A month: its status (polled by the console), report, dry run, and the ops actions on it.
  app.get('/cycles/:month', allow('read'), async (c) => {
    const cycle = monthOf(c);
    const view: CycleView = {
      cycle: (await deps.cycle.cycles.get(cycle)) ?? null,
      segments: await deps.cycle.cycles.listSegments(cycle),
    };
    return c.json(view);
  });

  app.get('/cycles/:month/report', allow('read'), async (c) => {
    const cycle = monthOf(c);
    const record = await deps.cycle.cycles.get(cycle);
    if (!record) throw new CycleNotFoundError(`cycle ${cycle} has not been run`);
    const report: CycleReport = {
      cycle: record,
      previous: (await deps.cycle.cycles.get(addMonths(cycle, -1))) ?? null,
      messages: await deps.deliveries.countByCycle(cycle),
      budgetHalalas: deps.settings.budgetHalalas,
    };
    return c.json(report);
  });

  app.get('/cycles/:month/plan', allow('cycle.plan'), async (c) => {
    const plan = await dryRunCycle(deps.cycle, {
      cycle: monthOf(c),
      budgetHalalas: deps.settings.budgetHalalas,
    });
    return c.json(plan);
  });

  app.post('/cycles/:month/run', allow('cycle.operate'), async (c) => {
    const { reason } = await bodyOf(c, runBody);
    const caller = c.get('caller');
    const cycle = monthOf(c);
    const started = await startRun(startDeps(c), {
      cycle,
      operator: {
        requestedBy: caller.sub,
        requestedByName: caller.username,
        reason: reason ?? 'monthly run',
      },
    });
    return c.json(describeStart('run', cycle, started), 202);
  });

  app.post('/cycles/:month/rerun', allow('cycle.operate'), async (c) => {
    const { reason, onlyFailed } = await bodyOf(c, rerunBody);
    const cycle = monthOf(c);
    const started = await startRerun(startDeps(c), {
      cycle,
      reason,
      requestedBy: c.get('caller').sub,
      requestedByName: c.get('caller').username,
      onlyFailed: onlyFailed ?? false,
    });
    return c.json(describeStart('rerun', cycle, started), 202);
  });

  for (const action of ['hold', 'release'] as const) {
    app.post(`/cycles/:month/${action}`, allow('cycle.operate'), async (c) => {
      const { reason } = await bodyOf(c, reasonBody);
      const record = await setCycleHold(
        { ...deps.cycle, audit: c.get('audit') },
        { cycle: monthOf(c), hold: action === 'hold', by: c.get('caller').sub, reason },
      );
      return c.json(record);
    });
  }

  // Approvals: what waits for a second person, and the decision (which resumes what it held).
  app.get('/approvals', allow('read'), async (c) => {
    const approvals = await deps.approvals.list();
    return c.json(approvals.sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  });

  app.get('/approvals/:id', allow('read'), async (c) => {
    const approval = await deps.approvals.get(c.req.param('id'));
    if (!approval)
      throw new InvalidRequestError(
        `there is no approval request ${c.req.param('id')}`,
        'not-found',
      );
    return c.json(approval);
  });

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/approvals/:id/${decision}`, allow('approval.decide'), async (c) => {
      const { reason } = await bodyOf(c, reasonBody);
      const decided = await approveRequest(
        { approval: approvalDeps(c), start: startDeps(c), overrides: deps.overrides },
        {
          requestId: c.req.param('id'),
          by: c.get('caller').sub,
          byName: c.get('caller').username,
          approve: decision === 'approve',
          reason,
        },
      );
      return c.json(decided);
    });
  }

  // Objections: one objection, and its lifecycle; every change audited and its message queued.
  app.get('/objections', allow('objection.read'), async (c) => {
    const status = c.req.query('status') ?? 'submitted';
    if (!isOpenStatus(status)) {
      throw new InvalidRequestError(
        `status is submitted or under-review, not "${status.slice(0, 20)}"`,
      );
    }
    const queue = await deps.objections.objections.listByStatus(
      status,
      boundedInt(c.req.query('limit'), 50, 1, 500),
    );
    return c.json(queue.map((objection) => objectionFor(c.get('caller').personalData, objection)));
  });

  app.get('/objections/:id', allow('objection.read'), async (c) => {
    const objection = await deps.objections.objections.get(c.req.param('id'));
    if (!objection) throw new ObjectionNotFoundError(c.req.param('id'));
    return c.json(objectionFor(c.get('caller').personalData, objection));
  });

  app.post('/objections', allow('objection.decide'), async (c) => {
    const body = await bodyOf(c, submitBody);
    const submitted = await submitObjection(deps.objections, {
      householdId: body.householdId,
      resultCycle: parseCycleId(body.resultCycle),
      subject: body.subject,
      reasons: body.reasons,
      documents: body.documents ?? [],
      ...(body.personId === undefined ? {} : { personId: body.personId }),
    });
    await recordObjectionChange(
      { audit: c.get('audit'), change: deps.objectionChange },
      null,
      submitted,
    );
    return c.json(objectionFor(c.get('caller').personalData, submitted), 201);
  });

  app.post(
    '/objections/:id/:decision{review|accept|reject}',
    allow('objection.decide'),
    async (c) => {
      const objectionId = c.req.param('id');
      const previous = await deps.objections.objections.get(objectionId);
      if (!previous) throw new ObjectionNotFoundError(objectionId);
      const body = await bodyOf(c, decisionBody);
      const operatorId = c.get('caller').sub;
      const note = body.note === undefined ? {} : { note: body.note };
      const after =
        c.req.param('decision') === 'review'
          ? await startObjectionReview(deps.objections, { objectionId, operatorId, ...note })
          : c.req.param('decision') === 'accept'
            ? await acceptObjection(deps.objections, {
                objectionId,
                operatorId,
                ...note,
                ...(body.arrears === undefined ? {} : { manualArrears: body.arrears }),
              })
            : await rejectObjection(deps.objections, {
                objectionId,
                operatorId,
                reason: body.reason ?? '',
                ...note,
              });
      await recordObjectionChange(
        { audit: c.get('audit'), change: deps.objectionChange },
        previous,
        after,
      );
      return c.json(objectionFor(c.get('caller').personalData, after));
    },
  );

  // A household's story, its contact as the caller's role may see it.
  app.get('/households/:id', allow('household.read'), async (c) => {
    const householdId = c.req.param('id');
    const timeline = await householdTimeline(
      {
        cycles: deps.cycle.cycles,
        payments: deps.cycle.payments,
        objections: deps.objections.objections,
        deliveries: deps.deliveries,
        suppressions: deps.suppressions,
      },
      householdId,
    );
    const view: HouseholdView = {
      timeline: {
        ...timeline,
        objections: timeline.objections.map((objection) =>
          objectionFor(c.get('caller').personalData, objection),
        ),
      },
      contact: householdContactFor(
        c.get('caller').personalData,
        await deps.cycle.households.get(householdId),
      ),
    };
    return c.json(view);
  });

  app.post('/households/:id/suppressions/lift', allow('suppression.lift'), async (c) => {
    const { reason } = await bodyOf(c, reasonBody);
    const lifted = await liftSuppressions(
      { suppressions: deps.suppressions, audit: c.get('audit'), clock: deps.cycle.clock },
      { householdId: c.req.param('id'), by: c.get('caller').sub, reason },
    );
    return c.json(lifted);
  });

  // The audit log: the auditor's alone (it holds staff ids and addresses).
  app.get('/audit', allow('audit.read'), async (c) => {
    const limit = boundedInt(c.req.query('limit'), 50, 1, 1000);
    const entries = await deps.audit.list();
    const page: AuditPage = { entries: entries.slice(-limit).reverse() };
    return c.json(page);
  });

  app.get('/audit/verify', allow('audit.read'), async (c) => {
    const text = c.req.query('anchor');
    const anchor = text === undefined || text === '' ? null : parseAnchor(text);
    if (text !== undefined && text !== '' && anchor === null) {
      throw new InvalidRequestError(
        `anchor takes an entry's sequence and hash (42:<64 hex digits>), not "${text.slice(0, 80)}"`,
      );
    }
    const { verification, head } = await verifyAuditLog(() => deps.audit.list(), anchor);
    const answer: AuditVerification = {
      chain: verification,
      head,
      anchor: anchor ? { sequence: anchor.sequence, matches: verification.valid } : null,
    };
    return c.json(answer);
  });

  return app;
}

const isOpenStatus = (status: string): status is OpenObjectionStatus =>
  (OPEN_OBJECTION_STATUSES as readonly string[]).includes(status);

/** What a start says to the console: the outcome as data, and in words. */
function describeStart(
  kind: 'run' | 'rerun',
  cycle: CycleId,
  started: { outcome: 'started' | 'running' | 'ran-already'; executionName: string | null },
) {
  const message =
    started.outcome === 'ran-already'
      ? `${cycle} has run already: a rerun pays what a run missed`
      : started.outcome === 'running'
        ? `${started.executionName} is running`
        : `started ${started.executionName}: the ${kind} projects the month first, and above the approval thresholds waits for a second person`;
  return { outcome: started.outcome, executionName: started.executionName, message };
}

function boundedInt(text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d{1,6}$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new InvalidRequestError(
      `expected a whole number from ${min} to ${max}, not "${text.slice(0, 20)}"`,
    );
  }
  return Number(text);
}

/** The request's JSON body, validated: a bad one is a 400 that says what is wrong. */
async function bodyOf<T>(c: Context, schema: z.ZodMiniType<T>): Promise<T> {
  let json: unknown;
  try {
    const text = await c.req.text();
    json = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new InvalidRequestError('the body is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new InvalidRequestError(`the body is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const reasonBody = z.object({ reason: text(500) });
const runBody = z.object({ reason: z.optional(text(500)) });
const rerunBody = z.object({ reason: text(500), onlyFailed: z.optional(z.boolean()) });
const calendarRequestBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('payment-date'), cycle: text(7), date: text(10), reason: text(500) }),
  z.object({ kind: z.enum(['closed-day', 'open-day']), date: text(10), reason: text(500) }),
]);
const submitBody = z.object({
  householdId: text(20),
  resultCycle: text(7),
  subject: z.enum(['ineligibility', 'amount']),
  reasons: text(2000),
  personId: z.optional(text(20)),
  documents: z.optional(z.array(text(200)).check(z.maxLength(20))),
});
const decisionBody = z.object({
  note: z.optional(text(500)),
  reason: z.optional(text(500)),
  arrears: z.optional(
    z.array(
      z.object({
        cycle: z.pipe(
          text(7),
          z.transform((value: string) => parseCycleId(value)),
        ),
        amountHalalas: z.int().check(z.minimum(0)),
      }),
    ),
  ),
});
