import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { NotSignedInError } from './ops-api-client.ts';
import type { RemoteApi } from './remote-target.ts';
import {
  type AuthConfig,
  authConfigSchema,
  removeToken,
  usernameOf,
  writeToken,
} from './token-cache.ts';

export const LOGIN_USAGE =
  'usage: dafaa login|logout (--api URL | --target aws --stage STAGE --region REGION) [--user LOCAL_USER]';

/** Where Cognito sends the CLI's sign-in back: the `cli` app client's callback URL. */
export const CLI_CALLBACK_PORT = 53682;

/**
 * `dafaa login --api URL`: signs in to the ops API at URL (the console's address) and caches the
 * token. Where the console is served, `URL/config.json` says how: through the user pool's managed
 * login (authorization code with PKCE, the browser sent back to this machine's loopback), or, on the
 * local stack, as one of its local users (`--user`). `dafaa logout` forgets the token.
 */
export async function loginCommand(
  remote: () => Promise<RemoteApi>,
  args: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseCommandLine(rest, { user: { type: 'string' } }, LOGIN_USAGE, 0);
  const { api, auth: known } = await remote();
  if (action === 'logout') {
    io.out(removeToken(api, env) ? `Signed out of ${api}.` : `Not signed in to ${api}.`);
    return 0;
  }
  const auth = known ?? (await authConfigOf(api));
  const signedIn =
    auth.auth === 'local'
      ? await localSignIn(api, values.user)
      : await cognitoSignIn(auth, (line) => io.err(line));
  const username = usernameOf(signedIn.accessToken);
  const file = writeToken({ api, username, auth, ...signedIn }, env);
  io.out(
    `Signed in to ${api} as ${username}${auth.auth === 'local' ? ' (a local user: local only)' : ''}; token cached in ${file}.`,
  );
  return 0;
}

async function authConfigOf(api: string): Promise<AuthConfig> {
  let response: Response;
  try {
    response = await fetch(`${api}/config.json`);
  } catch (error) {
    throw new NotSignedInError(`${api} does not answer: is it the console's address?`, {
      cause: error,
    });
  }
  const parsed = authConfigSchema.safeParse(response.ok ? await response.json() : null);
  if (!parsed.success) {
    throw new NotSignedInError(
      `${api}/config.json does not say how to sign in: give the console's address`,
    );
  }
  return parsed.data;
}

interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  readonly expiresAt: string;
}

async function localSignIn(api: string, user: string | undefined): Promise<SignedIn> {
  if (!user) {
    const users = (await (await fetch(`${api}/auth/local/users`)).json()) as { username: string }[];
    throw new UsageError(
      `the local stack signs in one of its local users: --user ${users.map((known) => known.username).join('|')}`,
    );
  }
  const response = await fetch(`${api}/auth/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user }),
  });
  const body = (await response.json()) as {
    accessToken?: string;
    expiresIn?: number;
    message?: string;
  };
  if (!response.ok || !body.accessToken) {
    throw new UsageError(body.message ?? `the local stack refused ${user}`);
  }
  return {
    accessToken: body.accessToken,
    refreshToken: null,
    expiresAt: new Date(Date.now() + (body.expiresIn ?? 3600) * 1000).toISOString(),
  };
}

/** A PKCE pair (RFC 7636): the verifier kept here, its S256 challenge sent with the request. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * The user pool's managed login (password and MFA happen in the browser, never here): the URL to
 * open, the code it sends back to the loopback callback, exchanged with the verifier for tokens.
 */
async function cognitoSignIn(
  auth: Extract<AuthConfig, { auth: 'cognito' }>,
  say: (line: string) => void,
): Promise<SignedIn> {
  const { verifier, challenge } = pkcePair();
  const state = randomBytes(16).toString('base64url');
  const redirectUri = `http://127.0.0.1:${CLI_CALLBACK_PORT}/callback`;
  const code = await new Promise<string>((resolve, reject) => {
    const server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', redirectUri);
      if (url.pathname !== '/callback') return void response.writeHead(404).end();
      const given = url.searchParams.get('code');
      const ok = given !== null && url.searchParams.get('state') === state;
      response
        .writeHead(ok ? 200 : 400, { 'content-type': 'text/plain; charset=utf-8' })
        .end(
          ok ? 'Signed in: you can close this tab and return to the terminal.' : 'Sign-in failed.',
        );
      server.close();
      if (ok) resolve(given);
      else
        reject(
          new NotSignedInError('the sign-in came back without its code or with another state'),
        );
    });
    server.listen(CLI_CALLBACK_PORT, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      const authorize = new URL(`https://${auth.cognitoDomain}/oauth2/authorize`);
      authorize.search = new URLSearchParams({
        response_type: 'code',
        client_id: auth.cliClientId,
        redirect_uri: `http://127.0.0.1:${port}/callback`,
        scope: 'openid',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        state,
      }).toString();
      say(`Open this address in a browser to sign in (password and MFA):\n${authorize.toString()}`);
    });
    server.once('error', reject);
  });
  const response = await fetch(`https://${auth.cognitoDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.cliClientId,
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }),
  });
  if (!response.ok)
    throw new NotSignedInError(`the user pool refused the sign-in code (${response.status})`);
  const tokens = (await response.json()) as {
    access_token: string;
    refresh_token?: string;
    expires_in: number;
  };
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? null,
    expiresAt: new Date(Date.now() + tokens.expires_in * 1000).toISOString(),
  };
}
