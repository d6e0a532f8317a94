/** A scan's LastEvaluatedKey as an opaque string the use cases can checkpoint, and back. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  return key === undefined ? null : Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | null): Record<string, unknown> | undefined {
  return cursor === null
    ? undefined
    : (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>);
}
