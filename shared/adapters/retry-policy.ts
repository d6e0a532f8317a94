/**
 * How an SDK client retries, by the work it does. The figures follow the SDK's 2026 retry rules
 * (@smithy/core util-retry): a throttled call waits a full-jitter exponential backoff from a 1 s
 * base up to 20 s; other transient errors from 50 ms. Each client holds a retry quota (500 tokens,
 * 5 per throttled retry, given back as calls succeed), so a service that throttles everything is not
 * hammered by every caller's retries.
 *
 * Standard mode, not "adaptive": adaptive adds a client-side rate limiter that cuts the client's
 * sending rate by 30% at every throttle and only slowly raises it again. Measured here with 30% of
 * calls throttled whatever the rate (the fault proxy), it drove each client toward its floor of
 * half a request a second: one run of 3,000 households had not finished in 10 minutes, and a drain
 * of 300 households' messages took 199 s (docs/performance.md). Per-call backoff slows exactly the
 * calls that were throttled and keeps the others going.
 */

/**
 * The cycle's and the notifier's DynamoDB and SQS calls: thousands a minute, each worth finishing.
 * 10 attempts: under 30% throttling a call fails all of them with p = 0.3^10 = 6e-6, about one call
 * in six segments of 25,000 households, and that one is retried by the state machine from the
 * segment's checkpoint. The worst wait, 1+2+4+8+16+20x4 = 111 s (half that on average with full
 * jitter), fits the paying functions' timeout (15 minutes); the notifier's (1 minute) is met on
 * average, and a call cut short there leaves its message to SQS, claimed or not, never sent twice.
 */
export const BULK_RETRY = { retryMode: 'standard', maxAttempts: 10 } as const;

/**
 * A send to SES or SNS: 4 attempts (a throttled one fails them all with p = 0.3^4 = 0.8% under 30%
 * throttling). A send still throttled then is not spent: the notifier waits and tries it again later,
 * on its own backoff, without counting the attempt (shared/notifications/deliver-notification.ts).
 */
export const SEND_RETRY = { retryMode: 'standard', maxAttempts: 4 } as const;
