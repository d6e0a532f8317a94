import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from '../../shared/validation/zod.ts';

/**
 * The CLI's sign-in, kept between commands the way the AWS CLI keeps its SSO token
 * (`~/.aws/sso/cache`): one JSON file per API under `~/.dafaa/cache/`, named by the SHA-1 of the
 * API's address, readable by its owner only. It holds the access token (an hour) and the refresh
 * token that renews it silently (twelve hours), nothing else of the user.
 */

export const authConfigSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.discriminatedUnion('auth', [
    z.object({ auth: z.literal('local') }),
    z.object({
      auth: z.literal('cognito'),
      region: z.string(),
      cognitoDomain: z.string(),
      cliClientId: z.string(),
    }),
  ]),
);
export type AuthConfig = z.infer<typeof authConfigSchema>;

const cachedTokenSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    api: z.url(),
    username: z.string(),
    accessToken: z.string(),
    refreshToken: z.nullable(z.string()),
    expiresAt: z.iso.datetime(),
    auth: authConfigSchema,
  }),
);
export type CachedToken = z.infer<typeof cachedTokenSchema>;

/** `DAFAA_CACHE_DIR`, or `~/.dafaa/cache`. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DAFAA_CACHE_DIR ?? join(homedir(), '.dafaa', 'cache');
}

const fileOf = (api: string, env: NodeJS.ProcessEnv) =>
  join(cacheDir(env), `${createHash('sha1').update(api).digest('hex')}.json`);

export function readToken(api: string, env: NodeJS.ProcessEnv = process.env): CachedToken | null {
  const file = fileOf(api, env);
  if (!existsSync(file)) return null;
  const parsed = cachedTokenSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data : null;
}

export function writeToken(token: CachedToken, env: NodeJS.ProcessEnv = process.env): string {
  const dir = cacheDir(env);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = fileOf(token.api, env);
  writeFileSync(file, `${JSON.stringify(token, null, 2)}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}

export function removeToken(api: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const file = fileOf(api, env);
  const existed = existsSync(file);
  rmSync(file, { force: true });
  return existed;
}

/** The username a token names (read, not verified: the API verifies it). */
export function usernameOf(accessToken: string): string {
  const payload = accessToken.split('.')[1] ?? '';
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      username?: unknown;
      sub?: unknown;
    };
    return String(claims.username ?? claims.sub ?? 'unknown');
  } catch {
    return 'unknown';
  }
}
