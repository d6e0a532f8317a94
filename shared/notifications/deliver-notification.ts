import type { NotificationSettings } from '../config/notification-settings.ts';
import type { DeliveryStatus } from './delivery-record.ts';
import { DeliveryError, InvalidMobileNumberError } from './errors.ts';
import {
  type Channel,
  cycleOfNotification,
  deliveryIdOf,
  type Notification,
} from './notification.ts';
import type { DeliveryRepository, EmailSender, SmsSender } from './ports.ts';
import { quietHoursEnd } from './quiet-hours.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { SuppressionList } from './receipt-ports.ts';
import { normalizeSaudiMobile } from './saudi-mobile.ts';
import { addressHashOf } from './suppression.ts';
import { renderEmail, renderSms } from './templates.ts';

/**
 * Delivers one notification on each channel it should go out on.
 * In: a notification as queued. Out: per channel what happened (sent, skipped with the reason,
 * failed for good, to be retried, deferred by quiet hours, dead-lettered, or already handled by an
 * earlier delivery), and when to try again if anything is left to do.
 *
 * Each channel's delivery is claimed before it is sent, so however often the queue delivers the
 * notification, each channel sends at most once; a channel that is skipped is recorded in the one
 * write that would have claimed it. Email to an address suppressed for the household
 * (a hard bounce, a complaint) is skipped as `suppressed` until ops lift it. Transient failures back off exponentially up to
 * the retry limit, then go to the dead letters; permanent ones are recorded and never retried.
 */

export interface NotifierDeps {
  readonly deliveries: DeliveryRepository;
  readonly sms: SmsSender;
  readonly email: EmailSender;
  /** Addresses a hard bounce or complaint suppressed for the household: their email is skipped. */
  readonly suppressions: Pick<SuppressionList, 'find'>;
  readonly settings: NotificationSettings;
  readonly clock: { now(): Date };
  readonly limiters: Readonly<Record<Channel, RateLimiter>>;
}

export type ChannelOutcome =
  | { readonly kind: 'sent'; readonly providerMessageId: string }
  | { readonly kind: 'skipped' | 'failed' | 'dead-lettered'; readonly reason: string }
  | {
      readonly kind: 'retry';
      readonly reason: string;
      readonly attempts: number;
      readonly notBefore: Date;
    }
  | { readonly kind: 'deferred'; readonly reason: 'quiet-hours'; readonly notBefore: Date }
  | { readonly kind: 'already'; readonly status: DeliveryStatus };

export interface DeliveryResult {
  readonly notificationId: string;
  readonly outcomes: Readonly<Record<Channel, ChannelOutcome>>;
  /** The earliest time something is left to do (a retry, the end of quiet hours); null when done. */
  readonly notBefore: Date | null;
}

export async function deliverNotification(
  deps: NotifierDeps,
  notification: Notification,
): Promise<DeliveryResult> {
  const [sms, email] = await Promise.all([
    deliverOn(deps, notification, 'sms'),
    deliverOn(deps, notification, 'email'),
  ]);
  const outcomes = { sms, email };
  const waits = Object.values(outcomes).flatMap((outcome) =>
    outcome.kind === 'retry' || outcome.kind === 'deferred' ? [outcome.notBefore.getTime()] : [],
  );
  return {
    notificationId: notification.notificationId,
    outcomes,
    notBefore: waits.length > 0 ? new Date(Math.min(...waits)) : null,
  };
}

/**
 * Why a channel is not used for this household, or null when it is. A contact problem the register's
 * schema found gives its own reason (`invalid-mobile`, `invalid-email`); a message queued before
 * problems were carried has its number checked here as before.
 */
function reasonToSkip(notification: Notification, channel: Channel): string | null {
  const { contact } = notification;
  const problem = contact.problems.find((candidate) => candidate.channel === channel);
  if (channel === 'sms') {
    if (contact.smsOptOut) return 'opted-out';
    if (problem) return problem.reason;
    if (contact.mobile === null) return 'invalid-mobile';
    try {
      normalizeSaudiMobile(contact.mobile);
    } catch (error) {
      if (error instanceof InvalidMobileNumberError) return 'invalid-mobile';
      throw error;
    }
    return null;
  }
  if (problem) return problem.reason;
  if (contact.email === null) return 'no-email';
  return contact.emailOptOut ? 'opted-out' : null;
}

/** `suppressed` when the household's address for this channel is suppressed (email only). */
async function suppressed(
  deps: NotifierDeps,
  notification: Notification,
  channel: Channel,
): Promise<string | null> {
  const { email } = notification.contact;
  if (channel !== 'email' || email === null) return null;
  const standing = await deps.suppressions.find(notification.householdId, addressHashOf(email));
  return standing === undefined ? null : 'suppressed';
}

async function deliverOn(
  deps: NotifierDeps,
  notification: Notification,
  channel: Channel,
): Promise<ChannelOutcome> {
  const now = deps.clock.now();
  const skip = reasonToSkip(notification, channel);
  if (skip === null && channel === 'sms') {
    const quietUntil = quietHoursEnd(now, deps.settings.sms.quietHours);
    if (quietUntil) return { kind: 'deferred', reason: 'quiet-hours', notBefore: quietUntil };
  }

  const deliveryId = deliveryIdOf(notification.notificationId, channel);
  const record = {
    deliveryId,
    notificationId: notification.notificationId,
    channel,
    event: notification.event,
    householdId: notification.householdId,
    cycle: cycleOfNotification(notification),
    updatedAt: now.toISOString(),
  };
  if (skip !== null) {
    const skipped = await deps.deliveries.skip({ ...record, reason: skip });
    if (!skipped.recorded) return { kind: 'already', status: skipped.standing.status };
    return { kind: 'skipped', reason: skip };
  }

  // The suppression look-up rides beside the claim (one round trip fewer on the email's way to the
  // provider); a suppressed address, rare, then costs the claim's write and a settle.
  const [claim, suppression] = await Promise.all([
    deps.deliveries.claim(record),
    suppressed(deps, notification, channel),
  ]);
  if (!claim.claimed) return { kind: 'already', status: claim.standing.status };
  const settle = (
    status: DeliveryStatus,
    fields: {
      reason?: string;
      providerMessageId?: string;
      segments?: number;
      throttled?: boolean;
    } = {},
  ) =>
    deps.deliveries.settle(deliveryId, {
      status,
      reason: fields.reason ?? null,
      providerMessageId: fields.providerMessageId ?? null,
      segments: fields.segments ?? null,
      updatedAt: deps.clock.now().toISOString(),
      ...(fields.throttled ? { throttled: true } : {}),
    });

  if (suppression !== null) {
    await settle('skipped', { reason: suppression });
    return { kind: 'skipped', reason: suppression };
  }

  let providerMessageId: string;
  let segments: number | undefined;
  try {
    await deps.limiters[channel].acquire();
    if (channel === 'sms') {
      const rendered = renderSms(notification);
      segments = rendered.segments;
      ({ providerMessageId } = await deps.sms.send({
        to: normalizeSaudiMobile(notification.contact.mobile ?? ''),
        body: rendered.body,
        deliveryId,
      }));
    } else {
      ({ providerMessageId } = await deps.email.send({
        to: notification.contact.email ?? '',
        ...renderEmail(notification),
        deliveryId,
      }));
    }
  } catch (error) {
    // Anything unforeseen is treated as transient: retried, then dead-lettered, never silently lost.
    const failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError(
            error instanceof Error ? error.message : String(error),
            true,
            'unexpected-error',
            {
              cause: error,
            },
          );
    if (!failure.transient) {
      await settle('failed', { reason: failure.reason });
      return { kind: 'failed', reason: failure.reason };
    }
    const { maxAttempts, baseDelayMs, maxDelayMs } = deps.settings.retry;
    const backoff = (tries: number) =>
      new Date(deps.clock.now().getTime() + Math.min(maxDelayMs, baseDelayMs * 2 ** (tries - 1)));
    // The provider's pace, not the message's fault: wait, longer each time, without spending the
    // attempt, so throttling never dead-letters a message (delivery-record.ts, `throttles`).
    if (failure.reason === 'throttled') {
      await settle('retrying', { reason: failure.reason, throttled: true });
      return {
        kind: 'retry',
        reason: failure.reason,
        attempts: claim.attempts - 1,
        notBefore: backoff(claim.throttles + 1),
      };
    }
    if (claim.attempts >= maxAttempts) {
      await settle('dead-lettered', { reason: failure.reason });
      return { kind: 'dead-lettered', reason: failure.reason };
    }
    await settle('retrying', { reason: failure.reason });
    return {
      kind: 'retry',
      reason: failure.reason,
      attempts: claim.attempts,
      notBefore: backoff(claim.attempts),
    };
  }
  // Outside the try: if recording the send fails, the delivery stays claimed (listed as stuck), and
  // is never taken for a failed send and sent again.
  await settle('sent', { providerMessageId, ...(segments === undefined ? {} : { segments }) });
  return { kind: 'sent', providerMessageId };
}
