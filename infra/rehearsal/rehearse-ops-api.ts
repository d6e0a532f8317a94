import type { LocalAuthority } from '../../cli/local-stack/local-authority.ts';
import { addMonths, type CycleId } from '../../shared/calendar/calendar-date.ts';
import type { ExecutionOutcome } from '../local/execute-cycle.ts';
import type { LocalExecution } from './local-step-functions.ts';
import type { Invoke } from './rehearse-receipts.ts';

/**
 * The ops API in the rehearsal, as API Gateway hands it requests (payload 2.0, after the JWT
 * authorizer): the deployed function composed on its environment, its tokens signed for the
 * deployed pool and app client by a local key. Next month, with a fifth more households on the
 * register (a change from this month the gate holds for a second person): an operator asks for the
 * run, the execution stops at the gate, an approver approves and the approval resumes the run on
 * Step Functions, which pays the month; the operator holds and releases it; a viewer reads the
 * report and a household, an auditor verifies the audit chain. Every call the function makes is
 * checked as its role, like the rest of the month's.
 */

export interface RehearsedOpsApi {
  /** Requests answered, by status code. */
  readonly statuses: Readonly<Record<string, number>>;
  /** The run the operator asked for: stopped at the gate for approval. */
  readonly requested: 'AWAITING APPROVAL' | 'NOT HELD';
  /** The run the approval resumed. */
  readonly resumed: 'SUCCEEDED' | 'FAILED' | 'NOT STARTED';
  readonly facts: readonly string[];
}

/** The month's executions on the local Step Functions, by name. */
type Executions = ReadonlyMap<string, LocalExecution>;

interface Answer {
  readonly statusCode: number;
  readonly body: string;
}

export async function rehearseOpsApi(input: {
  readonly invoke: Invoke;
  readonly authority: LocalAuthority;
  readonly executions: Executions;
  /** This month: the ops API runs the next one. */
  readonly cycle: CycleId;
  /** Grows the register before next month (a fifth more households). */
  readonly growRegister: () => Promise<number>;
}): Promise<RehearsedOpsApi> {
  const { invoke, authority, executions } = input;
  const statuses: Record<string, number> = {};
  let requests = 0;
  const call = async (
    user: string | null,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Answer> => {
    requests += 1;
    const answer = (await invoke(
      'ops-api',
      'ops API',
      apiGatewayEvent({
        requestId: `rehearsal-${requests}`,
        method,
        path,
        token: user && authority.issue(user),
        body,
      }),
    )) as Answer;
    statuses[answer.statusCode] = (statuses[answer.statusCode] ?? 0) + 1;
    return answer;
  };
  const expect = (answer: Answer, status: number, what: string): unknown => {
    if (answer.statusCode !== status) {
      throw new Error(`ops API: ${what} answered ${answer.statusCode}: ${answer.body}`);
    }
    return JSON.parse(answer.body) as unknown;
  };
  const executionDone = async (name: string | null): Promise<ExecutionOutcome | undefined> =>
    name === null ? undefined : executions.get(name)?.done;

  const facts: string[] = [];
  const month = addMonths(input.cycle, 1);
  const added = await input.growRegister();
  expect(await call(null, 'GET', '/api/me'), 401, 'a request without a token');

  // The operator asks for the run: the gate finds the change from this month and waits.
  const run = expect(
    await call('local-operator', 'POST', `/api/cycles/${month}/run`, {
      reason: 'deploy rehearsal: next month, the register grown',
    }),
    202,
    "the operator's run",
  ) as { executionName: string | null };
  const requestedOutcome = await executionDone(run.executionName);
  const approvals = expect(
    await call('local-approver', 'GET', '/api/approvals'),
    200,
    'the approvals list',
  ) as { requestId: string; cycle: string; status: string; why: string }[];
  const pending = approvals.find(
    (approval) => approval.cycle === month && approval.status === 'pending',
  );
  facts.push(
    `ops API: ${added} households added; the operator's run of ${month} ${pending ? `waits for approval (${pending.why})` : 'was not held'}`,
  );

  // The approver approves: the approval resumes the run, which pays the month.
  let resumed: RehearsedOpsApi['resumed'] = 'NOT STARTED';
  if (pending) {
    const decided = expect(
      await call('local-approver', 'POST', `/api/approvals/${pending.requestId}/approve`, {
        reason: 'deploy rehearsal: the register grew by a fifth, as expected',
      }),
      200,
      "the approver's approval",
    ) as { resumed?: { executionName?: string | null } };
    const outcome = await executionDone(decided.resumed?.executionName ?? null);
    resumed = outcome?.status ?? 'NOT STARTED';
    facts.push(`ops API: approved by a second person; the resumed run ${resumed.toLowerCase()}`);
  }

  // A hold and its release, by the operator; reads by a viewer and an auditor.
  for (const action of ['hold', 'release'] as const) {
    expect(
      await call('local-operator', 'POST', `/api/cycles/${month}/${action}`, {
        reason: `deploy rehearsal: ${action}`,
      }),
      200,
      `the operator's ${action}`,
    );
  }
  expect(
    await call('local-viewer', 'GET', `/api/cycles/${month}/report`),
    200,
    "the viewer's report",
  );
  expect(
    await call('local-viewer', 'GET', '/api/households/H00000001'),
    200,
    "the viewer's household",
  );
  const verified = expect(
    await call('local-auditor', 'GET', '/api/audit/verify'),
    200,
    "the auditor's verification",
  ) as { chain: { valid: boolean } };
  facts.push(
    `ops API: ${requests} requests (${Object.entries(statuses)
      .map(([status, count]) => `${count} × ${status}`)
      .join(', ')}); the audit chain ${verified.chain.valid ? 'verifies' : 'does NOT verify'}`,
  );
  return {
    statuses,
    requested:
      requestedOutcome?.status === 'SUCCEEDED' && pending ? 'AWAITING APPROVAL' : 'NOT HELD',
    resumed,
    facts,
  };
}

/**
 * An HTTP API request (payload 2.0) as API Gateway hands it to the function, behind CloudFront
 * (its viewer-address header), for the route that takes `method` on `path`.
 */
export function apiGatewayEvent(request: {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly token: string | null;
  readonly body?: unknown;
}) {
  const { requestId, method, path, token, body } = request;
  const routeKey = `${method} ${path === '/api' ? '/api' : '/api/{proxy+}'}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      'cloudfront-viewer-address': '198.51.100.7:50123',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'dafaa' },
      requestId,
      routeKey,
      stage: '$default',
      domainName: 'ops-api.invalid',
    },
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
  };
}
