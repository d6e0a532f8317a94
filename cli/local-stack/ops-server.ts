import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { CognitoTokenVerifier } from '../../shared/adapters/cognito/cognito-token-verifier.ts';
import { createOpsApp, type OpsApiDeps } from '../../shared/ops-api/ops-app.ts';
import { consoleSecurityHeaders } from '../../shared/ops-api/security-headers.ts';
import { redactPersonalData } from '../../shared/privacy/personal-data.ts';
import * as z from '../../shared/validation/zod.ts';
import { LocalServerStartError } from './errors.ts';
import { LOCAL_USERS, type LocalAuthority, localSubOf } from './local-authority.ts';

/**
 * The ops API and the console on loopback: the same API app as in AWS (`/api`, tokens verified by
 * the same verifier, given the local authority's keys), the local authority's sign-in (`/auth/local`,
 * local users only), and the console's built files with the single-page fallback. Only requests
 * naming this host and port are answered (a page elsewhere cannot reach it through DNS rebinding).
 */

export interface OpsServer {
  readonly url: string;
  close(): Promise<void>;
}

const tokenRequest = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({ username: z.string().check(z.minLength(1), z.maxLength(64)) }),
);

export async function startOpsServer(options: {
  readonly deps: Omit<OpsApiDeps, 'verifier'>;
  readonly authority: LocalAuthority;
  /** The console's built files (dist/console); without it, the API alone. */
  readonly consoleDir?: string;
  readonly port?: number;
}): Promise<OpsServer> {
  const { authority } = options;
  const verifier = new CognitoTokenVerifier({
    userPoolId: authority.userPoolId,
    clientIds: [authority.clientId],
    jwks: authority.jwks,
  });
  const logUnexpected = (error: unknown, requestId: string) =>
    process.stderr.write(
      `ops API: unexpected error in request ${requestId}: ${redactPersonalData(error instanceof Error ? `${error.name}: ${error.message}` : String(error))}\n`,
    );
  // One id a request, however often it is asked for (the audit entry and an error's answer agree).
  const requestIds = new WeakMap<Request, string>();
  const requestIdOf = (request: Request) => {
    const id = requestIds.get(request) ?? randomUUID();
    requestIds.set(request, id);
    return id;
  };
  const api = createOpsApp({ logUnexpected, ...options.deps, verifier }, (c) => ({
    requestId: requestIdOf(c.req.raw),
    sourceIp: getConnInfo(c).remote.address ?? 'unknown',
  }));

  let allowedHosts: readonly string[] = [];
  const app = new Hono();
  app.use('*', async (c, next) => {
    if (!allowedHosts.includes(c.req.header('host') ?? '')) {
      return c.text('this server answers on its loopback address only', 421);
    }
    await next();
  });
  app.use('*', consoleSecurityHeaders());
  app.route('/', api);
  app.get('/config.json', (c) => c.json({ auth: 'local' }));
  app.get('/auth/local/users', (c) =>
    c.json(LOCAL_USERS.map((user) => ({ ...user, sub: localSubOf(user.username) }))),
  );
  app.post('/auth/local/token', async (c) => {
    const parsed = tokenRequest.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success)
      return c.json({ error: 'bad-request', message: 'send { "username" }' }, 400);
    if (!LOCAL_USERS.some((user) => user.username === parsed.data.username)) {
      return c.json(
        { error: 'bad-request', message: `no local user ${parsed.data.username}` },
        400,
      );
    }
    return c.json({ accessToken: authority.issue(parsed.data.username), expiresIn: 3600 });
  });
  if (options.consoleDir) {
    const root = options.consoleDir;
    app.use('*', serveStatic({ root }));
    // A route of the single-page app (no file extension) is its index.html.
    app.get('*', serveStatic({ root, rewriteRequestPath: () => '/index.html' }));
  }

  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: options.port ?? 0 });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.once('error', (error) =>
      reject(new LocalServerStartError(`the ops API could not listen: ${error.message}`)),
    );
  });
  allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
