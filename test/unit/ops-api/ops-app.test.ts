import { describe, expect, it } from 'vitest';
import { callerOf } from '../../../shared/ops-api/caller.ts';
import { createOpsApp, type OpsApiDeps } from '../../../shared/ops-api/ops-app.ts';

/**
 * The ops API's answer to an error nobody raised on purpose: a 500 that says only that, with the
 * request's id, and the error told to the log under that id (never to the caller).
 */
describe('createOpsApp', () => {
  it('answers an unexpected error with a 500 naming the request, and logs the error under its id', async () => {
    const logged: [unknown, string][] = [];
    const failure = new TypeError('cannot read segments of undefined');
    const deps = {
      verifier: {
        verify: async () =>
          callerOf({ sub: 's-1', username: 'noura', 'cognito:groups': ['viewer'] }),
      },
      cycle: {
        cycles: {
          get: async () => {
            throw failure;
          },
        },
      },
      logUnexpected: (error: unknown, requestId: string) => logged.push([error, requestId]),
    } as unknown as OpsApiDeps;
    const app = createOpsApp(deps, () => ({ requestId: 'req-7', sourceIp: '203.0.113.9' }));

    const response = await app.request('/api/cycles/2026-12', {
      headers: { authorization: 'Bearer token' },
    });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: 'internal',
      message: 'an unexpected error: ops find it in the log by the request id (request req-7)',
    });
    expect(logged).toEqual([[failure, 'req-7']]);
  });
});
