import { request as httpRequest } from 'node:http';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  localCycleDeps,
  localDocumentClient,
  localNotifyQueue,
  localOpsDeps,
} from '../../cli/local-context.ts';
import { createLocalAuthority, localSubOf } from '../../cli/local-stack/local-authority.ts';
import { localCycleExecutions } from '../../cli/local-stack/local-cycle-executions.ts';
import type { LocalOpsApi } from '../../cli/local-stack/local-ops-api.ts';
import { createOpsApiHandler } from '../../functions/ops-api.ts';
import { apiGatewayEvent } from '../../infra/rehearsal/rehearse-ops-api.ts';
import { CognitoTokenVerifier } from '../../shared/adapters/cognito/cognito-token-verifier.ts';
import { opsApiDepsOnTables } from '../../shared/adapters/dynamodb/table-context.ts';
import type { DafaaTableNames } from '../../shared/adapters/dynamodb/table-specs.ts';
import type { AuditEntry } from '../../shared/audit/audit-entry.ts';
import type { CycleId } from '../../shared/calendar/calendar-date.ts';
import { defaultOpsSettings } from '../../shared/config/ops-settings.ts';
import type { Approval } from '../../shared/cycles/approval-record.ts';
import { callAs, startSeededOpsApi } from '../support/ops-api.ts';

/**
 * The ops API on the local servers, as a signed-in user of each role calls it: 401 before anything
 * for a caller who is not signed in; the role × action table, route by route, written out here (not
 * imported); maker-checker by identity: the person who asked cannot approve (403, audited), and the
 * audit log of an approved rerun names two different authenticated users.
 */

const CYCLE = '2026-12' as CycleId;
const HOUSEHOLD = 'H00000001';

/** Each route once, with a body that fails validation: an allowed caller gets past 401/403, and nothing changes. */
const ROUTES = {
  me: ['GET', '/api/me'],
  calendar: ['GET', '/api/calendar'],
  overrideRequest: ['POST', '/api/calendar/override-requests', {}],
  cycleStatus: ['GET', `/api/cycles/${CYCLE}`],
  cycleReport: ['GET', `/api/cycles/${CYCLE}/report`],
  cyclePlan: ['GET', `/api/cycles/${CYCLE}/plan`],
  run: ['POST', `/api/cycles/${CYCLE}/run`, { reason: '' }],
  rerun: ['POST', `/api/cycles/${CYCLE}/rerun`, {}],
  hold: ['POST', `/api/cycles/${CYCLE}/hold`, {}],
  release: ['POST', `/api/cycles/${CYCLE}/release`, {}],
  approvals: ['GET', '/api/approvals'],
  approval: ['GET', '/api/approvals/none'],
  approve: ['POST', '/api/approvals/none/approve', {}],
  reject: ['POST', '/api/approvals/none/reject', {}],
  objectionQueue: ['GET', '/api/objections?status=submitted'],
  objection: ['GET', '/api/objections/O-H00000001-2026-12-1'],
  objectionSubmit: ['POST', '/api/objections', {}],
  objectionReview: ['POST', '/api/objections/O-H00000001-2026-12-1/review', {}],
  objectionAccept: ['POST', '/api/objections/O-H00000001-2026-12-1/accept', {}],
  objectionReject: ['POST', '/api/objections/O-H00000001-2026-12-1/reject', {}],
  household: ['GET', `/api/households/${HOUSEHOLD}`],
  suppressionLift: ['POST', `/api/households/${HOUSEHOLD}/suppressions/lift`, {}],
  audit: ['GET', '/api/audit'],
  auditVerify: ['GET', '/api/audit/verify'],
} as const satisfies Record<string, readonly [string, string, unknown?]>;
type Route = keyof typeof ROUTES;

const EVERYONE: readonly Route[] = [
  'me',
  'calendar',
  'cycleStatus',
  'cycleReport',
  'approvals',
  'approval',
  'objectionQueue',
  'objection',
  'household',
];

/** The role table, as the issue states it: who may read, request, approve, decide, override. */
const ALLOWED: Record<string, readonly Route[]> = {
  'local-viewer': EVERYONE,
  'local-operator': [
    ...EVERYONE,
    'cyclePlan',
    'overrideRequest',
    'run',
    'rerun',
    'hold',
    'release',
    'objectionSubmit',
    'objectionReview',
    'objectionAccept',
    'objectionReject',
    'suppressionLift',
  ],
  'local-approver': [...EVERYONE, 'cyclePlan', 'approve', 'reject'],
  'local-auditor': [...EVERYONE, 'audit', 'auditVerify'],
};

describe('the ops API on the local stack', () => {
  let api: LocalOpsApi;
  let tables: DafaaTableNames;

  beforeAll(async () => {
    ({ api, tables } = await startSeededOpsApi({
      prefix: 'it-api',
      households: 40,
      seed: 5,
      arrearsDueBy: CYCLE,
    }));
  });

  afterAll(async () => {
    await api?.executions.settled();
    await api?.close();
  });

  it('answers 401 on every route, and on a path it does not have, to a caller who is not signed in', async () => {
    const stranger = createLocalAuthority().issue('local-operator');
    for (const [method, path, body] of [...Object.values(ROUTES), ['GET', '/api/nothing-here']]) {
      const init = { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) };
      const anonymous = await fetch(`${api.url}${path}`, init);
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      const forged = await fetch(`${api.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${stranger}` },
      });
      expect(forged.status, `${method} ${path} with another key's token`).toBe(401);
    }
    const expired = api.authority.issue('local-operator', {
      now: new Date(Date.now() - 7_200_000),
    });
    const late = await fetch(`${api.url}/api/me`, {
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(late.status).toBe(401);
  });

  it("answers only requests that name its loopback address, with the console's security headers", async () => {
    const port = new URL(api.url).port;
    const rebound = await new Promise<number>((resolve, reject) => {
      // fetch sets Host from the URL; a rebinding page's request names the attacker's host instead.
      const request = httpRequest(
        { host: '127.0.0.1', port, path: '/api/me', headers: { host: `evil.example:${port}` } },
        (response) => resolve(response.statusCode ?? 0),
      );
      request.on('error', reject);
      request.end();
    });
    expect(rebound).toBe(421);
    const { headers } = await fetch(`${api.url}/config.json`);
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(headers.get('strict-transport-security')).toMatch(/max-age=63072000/);
    expect(headers.get('x-frame-options')).toBe('DENY');
  });

  it('lets each role take exactly the actions the table gives it, and answers 403 to the rest', async () => {
    for (const [username, allowed] of Object.entries(ALLOWED)) {
      for (const [route, [method, path, body]] of Object.entries(ROUTES)) {
        const { status, body: answer } = await callAs(api, username, method, path, body);
        if (allowed.includes(route as Route)) {
          expect(
            [401, 403],
            `${username} ${method} ${path}: ${JSON.stringify(answer)}`,
          ).not.toContain(status);
        } else {
          expect(status, `${username} ${method} ${path}`).toBe(403);
          expect(answer).toMatchObject({ error: 'forbidden' });
        }
      }
    }
  });

  it('names who the token says in /me, with the actions and the view of personal data of their roles', async () => {
    const { body } = await callAs(api, 'local-lead', 'GET', '/api/me');
    expect(body).toMatchObject({
      sub: localSubOf('local-lead'),
      username: 'local-lead',
      roles: ['operator', 'approver'],
      personalData: 'full',
    });
  });

  it('masks personal data for a viewer and shows it in full to an operator', async () => {
    const viewer = await callAs(api, 'local-viewer', 'GET', `/api/households/${HOUSEHOLD}`);
    const operator = await callAs(api, 'local-operator', 'GET', `/api/households/${HOUSEHOLD}`);
    const seen = (answer: { body: unknown }) =>
      (answer.body as { contact: Record<string, string> }).contact;
    expect(seen(operator).nationalId).toMatch(/^[12]\d{9}$/);
    expect(seen(viewer)).toMatchObject({
      personalData: 'masked',
      nationalId: expect.stringMatching(/^\*{8}\d{2}$/),
    });
    expect(seen(viewer).iban).toMatch(/^SA\*\*/);
    expect(JSON.stringify(viewer.body)).not.toContain(seen(operator).nationalId);
    expect(JSON.stringify(viewer.body)).not.toContain(seen(operator).iban);
  });

  it('runs a month only once a second person approves, refuses (and audits) the one who asked, and names both', async () => {
    const requester = localSubOf('local-lead');
    const approver = localSubOf('local-approver');

    // An operator asks for the month: it projects, and waits at its gate.
    const run = await callAs(api, 'local-operator', 'POST', `/api/cycles/${CYCLE}/run`, {
      reason: 'December',
    });
    expect(run).toMatchObject({ status: 202, body: { outcome: 'started' } });
    await api.executions.settled();
    const runRequest = await pendingApproval('run');
    expect(runRequest.requestedBy).toBe(localSubOf('local-operator'));
    expect(
      (
        await callAs(
          api,
          'local-approver',
          'POST',
          `/api/approvals/${runRequest.requestId}/approve`,
          { reason: 'budget confirmed' },
        )
      ).status,
    ).toBe(200);
    await api.executions.settled();
    expect((await callAs(api, 'local-viewer', 'GET', `/api/cycles/${CYCLE}`)).body).toMatchObject({
      cycle: { status: 'completed' },
    });

    // The lead (operator and approver) asks for a rerun, and cannot approve it.
    const rerun = await callAs(api, 'local-lead', 'POST', `/api/cycles/${CYCLE}/rerun`, {
      reason: 'bank returned payments',
    });
    expect(rerun.status).toBe(202);
    await api.executions.settled();
    const request = await pendingApproval('rerun');
    expect(request).toMatchObject({ requestedBy: requester, requestedByName: 'local-lead' });
    const self = await callAs(
      api,
      'local-lead',
      'POST',
      `/api/approvals/${request.requestId}/approve`,
      { reason: 'mine' },
    );
    expect(self).toMatchObject({ status: 403, body: { error: 'forbidden' } });

    const approved = await callAs(
      api,
      'local-approver',
      'POST',
      `/api/approvals/${request.requestId}/approve`,
      { reason: 'returns confirmed' },
    );
    expect(approved).toMatchObject({
      status: 200,
      body: {
        approval: { status: 'approved', decidedBy: approver, decidedByName: 'local-approver' },
        resumed: { outcome: 'started' },
      },
    });
    await api.executions.settled();

    const entries = (
      (await callAs(api, 'local-auditor', 'GET', '/api/audit?limit=1000')).body as {
        entries: AuditEntry[];
      }
    ).entries;
    const refused = entries.find((entry) => entry.action === 'approval.refused');
    expect(refused).toMatchObject({
      actor: requester,
      details: { requestId: request.requestId },
      via: { channel: 'api', actorName: 'local-lead' },
    });
    const resumed = entries.find(
      (entry) =>
        entry.action === 'cycle.rerun' && entry.details.approvalRequestId === request.requestId,
    );
    expect(resumed).toMatchObject({
      actor: approver,
      details: { requestedBy: requester, approvedBy: approver },
    });
    expect(resumed?.actor).not.toBe(resumed?.details.requestedBy);
    expect(resumed?.via).toMatchObject({
      channel: 'api',
      actorName: 'local-approver',
      requestId: expect.any(String),
      sourceIp: '127.0.0.1',
    });
    expect((await callAs(api, 'local-auditor', 'GET', '/api/audit/verify')).body).toMatchObject({
      chain: { valid: true },
    });
    const runs =
      (await localCycleDeps(inject('dynamodbEndpoint'), {}, tables).cycles.get(CYCLE))?.runs ?? [];
    expect(runs.at(-1)).toMatchObject({ requestedBy: requester, reason: 'bank returned payments' });
  });

  it("runs behind API Gateway as the Lambda handler, recording API Gateway's request id and addresses", async () => {
    const authority = createLocalAuthority();
    const endpoint = inject('dynamodbEndpoint');
    const deps = opsApiDepsOnTables(
      localDocumentClient(endpoint),
      tables,
      localNotifyQueue(inject('sqsEndpoint'), tables),
      defaultOpsSettings,
      (flow) => localCycleExecutions(flow),
    );
    const handler = createOpsApiHandler(() => ({
      ...deps,
      verifier: new CognitoTokenVerifier({
        userPoolId: authority.userPoolId,
        clientIds: [authority.clientId],
        jwks: authority.jwks,
      }),
    }));
    const call = (method: string, path: string, token: string | null, body?: unknown) =>
      handler(
        apiGatewayEvent({ requestId: `req-${method}-${path}`, method, path, token, body }) as never,
        {} as Context,
      ) as Promise<{ statusCode: number; body: string }>;

    expect((await call('GET', '/api/me', null)).statusCode).toBe(401);
    const hold = await call(
      'POST',
      `/api/cycles/2027-01/hold`,
      authority.issue('local-operator-2'),
      {
        reason: 'bank file late',
      },
    );
    expect(hold.statusCode, hold.body).toBe(200);
    const entries = await localOpsDeps(endpoint, tables).audit.list();
    expect(entries.at(-1)).toMatchObject({
      action: 'cycle.hold',
      actor: localSubOf('local-operator-2'),
      via: {
        channel: 'api',
        actorName: 'local-operator-2',
        requestId: 'req-POST-/api/cycles/2027-01/hold',
        sourceIp: '203.0.113.9',
        viewerAddress: '198.51.100.7:50123',
      },
    });
  });

  async function pendingApproval(kind: Approval['kind']): Promise<Approval> {
    const approvals = await localOpsDeps(
      inject('dynamodbEndpoint'),
      tables,
    ).approvals.approvals.list();
    const pending = approvals.find(
      (approval) => approval.kind === kind && approval.status === 'pending',
    );
    if (!pending) throw new Error(`no pending ${kind} request: ${JSON.stringify(approvals)}`);
    return pending;
  }
});
