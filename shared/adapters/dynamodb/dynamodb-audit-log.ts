import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type AuditEntry,
  AuditEntryUnreadableError,
  AuditLogContendedError,
  auditEntrySchema,
  chainEntry,
} from '../../audit/audit-entry.ts';
import type { AuditEntryInput, AuditLog } from '../../audit/ports.ts';
import { describeIssues } from '../../validation/describe-issues.ts';

/**
 * The audit log in DynamoDB: one partition per chain (`pk = AUDIT#<chain>`), one item per entry
 * sorted by its zero-padded sequence (`sk = 000000000001`, ...). An append reads the last entry and
 * writes the next only if no entry holds its sequence yet, so two writers cannot fork the chain:
 * the one that loses reads the new last entry and tries again.
 */

/** Attempts per append: the first, and up to five more after losing a race. */
const MAX_APPEND_ATTEMPTS = 6;

/** The sort key of an entry: its sequence, zero-padded to 12 digits so keys sort as numbers. */
export function auditSortKey(sequence: number): string {
  return String(sequence).padStart(12, '0');
}

export class DynamoDbAuditLog implements AuditLog {
  private readonly pk: string;

  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly clock: { now(): Date };

  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    clock: { now(): Date },
    chain = 'main',
  ) {
    this.client = client;
    this.tableName = tableName;
    this.clock = clock;
    this.pk = `AUDIT#${chain}`;
  }

  /**
   * Appends the next entry. Losing a race to another writer (some entry took the sequence first)
   * is retried at once with a fresh read: every lost race is someone else's success, so the log
   * keeps moving. Throws `AuditLogContendedError` after `MAX_APPEND_ATTEMPTS` lost races.
   */
  async append(input: AuditEntryInput): Promise<void> {
    let lastRace: unknown;
    for (let attempt = 1; attempt <= MAX_APPEND_ATTEMPTS; attempt += 1) {
      const entry = chainEntry(await this.latest(), input, this.clock.now());
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { pk: this.pk, sk: auditSortKey(entry.sequence), ...entry },
            ConditionExpression: 'attribute_not_exists(sk)',
          }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        lastRace = error;
      }
    }
    throw new AuditLogContendedError(
      `the audit log ${this.pk} kept changing: ${MAX_APPEND_ATTEMPTS} appends lost the race to other writers`,
      { cause: lastRace },
    );
  }

  /**
   * Every entry of the chain, in order. Throws `AuditEntryUnreadableError` at the first stored item
   * that is not an entry.
   */
  async list(): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': this.pk },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) entries.push(parseEntry(item, entries));
    }
    return entries;
  }

  /** The last entry, read strongly consistent; null while the chain is empty. */
  private async latest(): Promise<AuditEntry | null> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': this.pk },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const [item] = Items ?? [];
    return item === undefined ? null : parseEntry(item, null);
  }
}

/** A stored item as an entry (its keys dropped), or `AuditEntryUnreadableError`. */
function parseEntry(
  item: Record<string, unknown>,
  entriesBefore: readonly AuditEntry[] | null,
): AuditEntry {
  const result = auditEntrySchema.safeParse(item);
  if (result.success) return result.data;
  const position = entriesBefore === null ? sequenceFromSortKey(item.sk) : entriesBefore.length + 1;
  throw new AuditEntryUnreadableError(
    position,
    describeIssues(result.error),
    entriesBefore === null ? [] : [...entriesBefore],
  );
}

function sequenceFromSortKey(sk: unknown): number {
  return typeof sk === 'string' && /^\d{12}$/.test(sk) ? Number(sk) : 0;
}
