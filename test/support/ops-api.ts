import {
  type LocalOpsApi,
  startLocalOpsApi as start,
} from '../../cli/local-stack/local-ops-api.ts';
import type { DafaaTableNames } from '../../shared/adapters/dynamodb/table-specs.ts';

/**
 * The ops API (and the console's files, when given) on a free loopback port, against a test's own
 * tables on the suite's local servers.
 */
export function startLocalOpsApi(options: {
  readonly dynamodbEndpoint: string;
  readonly sqsEndpoint: string;
  readonly tableNames: DafaaTableNames;
  readonly env?: NodeJS.ProcessEnv;
  readonly consoleDir?: string;
}): Promise<LocalOpsApi> {
  return start(options);
}

/** A JSON call to the API as a local user (none: no token), answering the status and body. */
export async function callAs(
  api: LocalOpsApi,
  username: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (username !== null) headers.authorization = `Bearer ${api.authority.issue(username)}`;
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text) };
}
