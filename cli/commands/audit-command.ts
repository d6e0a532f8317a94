import { ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb/dynamodb-audit-log.ts';
import { type AuditEntry, parseAnchor } from '../../shared/audit/audit-entry.ts';
import { type AuditTrail, verifyAuditLog } from '../../shared/audit/verify-audit-log.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliIo, parseCommandLine } from '../cli-io.ts';
import { localDynamoDbEndpoint, localTableNames } from '../local-context.ts';
import { LocalStackError } from '../local-stack/errors.ts';
import { localAwsClientConfig } from '../local-stack/local-aws-config.ts';
import { renderTable } from '../render/table.ts';

export const AUDIT_USAGE =
  'usage: dafaa audit list [--limit N] | dafaa audit verify [--anchor SEQUENCE:HASH]';

/** The local stack has no audit table: it was started before the table existed. */
export class AuditTableMissingError extends LocalStackError {
  override readonly name: string = 'AuditTableMissingError';
}

/** The audit log of the local stack (`DAFAA_DYNAMODB_ENDPOINT`, `DAFAA_TABLE_PREFIX`). */
export function localAuditLog(): DynamoDbAuditLog {
  const client = createDocumentClient({
    ...localAwsClientConfig(localDynamoDbEndpoint()),
    maxAttempts: 3,
  });
  return new DynamoDbAuditLog(client, localTableNames().audit, { now: () => new Date() });
}

/**
 * `dafaa audit list [--limit N]`: the last N entries as a table. `dafaa audit verify`: whether the
 * hash chain is intact (exit 0) or where it first breaks (exit 1).
 */
export async function auditCommand(
  trail: () => AuditTrail,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const { values, positionals } = parseCommandLine(
    args,
    { limit: { type: 'string' }, anchor: { type: 'string' } },
    AUDIT_USAGE,
    1,
  );
  const [action] = positionals;
  switch (action) {
    case 'list': {
      if (values.anchor !== undefined) {
        throw new UsageError(`--anchor is for "audit verify"; ${AUDIT_USAGE}`);
      }
      const limit = values.limit ?? '20';
      if (!/^\d{1,9}$/.test(limit)) {
        throw new UsageError(`--limit takes a whole number, not "${limit}"`);
      }
      io.out(renderEntries(await readAll(trail()), Number(limit)));
      return 0;
    }
    case 'verify': {
      if (values.limit !== undefined) {
        throw new UsageError(`--limit is for "audit list"; ${AUDIT_USAGE}`);
      }
      const anchor = values.anchor === undefined ? null : parseAnchor(values.anchor);
      if (values.anchor !== undefined && anchor === null) {
        throw new UsageError(
          `--anchor takes an entry's sequence and hash as "audit verify" prints them (42:<64 hex digits>), not "${values.anchor}"`,
        );
      }
      const { verification, head } = await verifyAuditLog(() => readAll(trail()), anchor);
      if (verification.valid) {
        const count = verification.entries.toLocaleString('en-US');
        io.out(
          `The audit log holds ${count} ${verification.entries === 1 ? 'entry' : 'entries'} and its chain is intact${anchor ? `, with entry ${anchor.sequence} as anchored` : ''}.`,
        );
        if (head) {
          io.out(
            `Its head: ${head.sequence}:${head.hash}\nKeep it outside the log (the month's sign-off); "dafaa audit verify --anchor ${head.sequence}:<hash>" later shows whether anything up to it was removed or rewritten.`,
          );
        }
        return 0;
      }
      io.err(`The audit log is broken at entry ${verification.brokenAt}: ${verification.problem}`);
      return 1;
    }
    case undefined:
      throw new UsageError(AUDIT_USAGE);
    default:
      throw new UsageError(`unknown audit action "${action}"; ${AUDIT_USAGE}`);
  }
}

async function readAll(trail: AuditTrail): Promise<AuditEntry[]> {
  try {
    return await trail.list();
  } catch (error) {
    if (error instanceof ResourceNotFoundException) {
      throw new AuditTableMissingError(
        'the local stack has no audit table: restart it with "npm run -s dafaa -- local up"',
        { cause: error },
      );
    }
    throw error;
  }
}

export function renderEntries(entries: readonly AuditEntry[], limit: number): string {
  if (entries.length === 0) return 'The audit log is empty.';
  const shown = entries.slice(Math.max(0, entries.length - limit));
  const table = renderTable(
    [
      { header: 'Sequence', align: 'right' },
      { header: 'At (UTC)' },
      { header: 'Actor' },
      { header: 'Action' },
      { header: 'Subject' },
      { header: 'Reason' },
    ],
    shown.map((entry) => [
      String(entry.sequence),
      entry.at.slice(0, 19).replace('T', ' '),
      oneLine(entry.actor),
      oneLine(entry.action),
      oneLine(entry.subject),
      entry.reason === null ? '—' : oneLine(entry.reason),
    ]),
  );
  const total = entries.length.toLocaleString('en-US');
  const tail = shown.length < entries.length ? `, the last ${shown.length} shown` : '';
  return `${table}\n\n${total} ${entries.length === 1 ? 'entry' : 'entries'} in the audit log${tail}.`;
}

/** A cell on one line, with no control characters for a terminal to act on. */
function oneLine(text: string): string {
  return text.replaceAll('\n', ' ⏎ ').replace(/\p{Cc}/gu, ' ');
}
