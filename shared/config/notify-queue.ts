/**
 * The notify queue's settings, one definition for the stack and the local SQS: how long a received
 * message stays invisible (six times the notifier's 1-minute timeout, as AWS advises for an SQS event
 * source), and how many receives before the dead-letter queue takes it.
 */
export const NOTIFY_QUEUE = {
  visibilityTimeoutSeconds: 6 * 60,
  maxReceiveCount: 8,
} as const;
