/**
 * The parts of an AWS SDK error that the channel adapters classify. The SDK sets
 * `$metadata.httpStatusCode` on every error the service answered with; a network failure or a
 * timeout has no status (its `$metadata`, when the retry middleware adds one, holds only attempt
 * counts).
 */
export function describeAwsError(error: unknown): {
  readonly name: string;
  readonly status: number | undefined;
  readonly message: string;
} {
  if (!(error instanceof Error)) return { name: 'UnknownError', status: undefined, message: '' };
  const metadata: unknown = '$metadata' in error ? error.$metadata : undefined;
  const status =
    typeof metadata === 'object' &&
    metadata !== null &&
    'httpStatusCode' in metadata &&
    typeof metadata.httpStatusCode === 'number'
      ? metadata.httpStatusCode
      : undefined;
  return { name: error.name, status, message: error.message };
}
