import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { localCycleDeps } from '../../cli/local-context.ts';
import { localAwsClientConfig } from '../../cli/local-stack/local-aws-config.ts';
import { type LocalOpsApi, startLocalOpsApi } from '../../cli/local-stack/local-ops-api.ts';
import { generateRegister } from '../../cli/seed/generate-register.ts';
import { createTables } from '../../shared/adapters/dynamodb/create-tables.ts';
import {
  type DafaaTableNames,
  tableNamesWithPrefix,
} from '../../shared/adapters/dynamodb/table-specs.ts';
import type { CycleId, IsoDate } from '../../shared/calendar/calendar-date.ts';

/**
 * The ops API (and the console's files, when given) on a free loopback port, against tables of its
 * own on the suite's local servers, with a synthetic register: every run needs approval (the
 * threshold is 0), so that maker-checker is always in play.
 */
export async function startSeededOpsApi(options: {
  readonly prefix: string;
  readonly households: number;
  readonly seed: number;
  readonly arrearsDueBy: CycleId;
  readonly consoleDir?: string;
}): Promise<{ api: LocalOpsApi; tables: DafaaTableNames }> {
  const endpoint = inject('dynamodbEndpoint');
  const tables = tableNamesWithPrefix(`${options.prefix}-${randomUUID().slice(0, 8)}-`);
  const client = new DynamoDBClient(localAwsClientConfig(endpoint));
  await createTables(client, tables);
  client.destroy();
  await localCycleDeps(endpoint, {}, tables, inject('sqsEndpoint')).households.putMany([
    ...generateRegister({
      households: options.households,
      seed: options.seed,
      arrearsDueBy: options.arrearsDueBy,
      asOf: '2026-10-01' as IsoDate,
    }),
  ]);
  const api = await startLocalOpsApi({
    dynamodbEndpoint: endpoint,
    sqsEndpoint: inject('sqsEndpoint'),
    tableNames: tables,
    env: { DAFAA_APPROVAL_TOTAL_ABOVE_HALALAS: '0' },
    consoleDir: options.consoleDir,
  });
  return { api, tables };
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
