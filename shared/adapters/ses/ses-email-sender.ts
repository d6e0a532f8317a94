import { type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { DeliveryError } from '../../notifications/errors.ts';
import type { EmailSender } from '../../notifications/ports.ts';
import { DELIVERY_TAG, sesTagValueOf } from '../../notifications/receipt.ts';
import { acceptedMessageId, channelDeliveryError } from '../aws-error.ts';

/**
 * Sends email through Amazon SES (the v1 `SendEmail` API): one recipient, a UTF-8 subject, text and
 * HTML part (Arabic first), from our verified address and through our configuration set, which
 * publishes bounces and complaints and applies the account's suppression list. Each email carries
 * our delivery id in the `dafaa-delivery` message tag (in SES's tag alphabet, receipt.ts), which
 * SES gives back on every event about it. Every failure becomes a `DeliveryError` (see
 * {@link sesDeliveryError}).
 */
export class SesEmailSender implements EmailSender {
  private readonly client: SESClient;
  private readonly settings: { readonly from: string; readonly configurationSet: string };

  constructor(
    client: SESClient,
    settings: { readonly from: string; readonly configurationSet: string },
  ) {
    this.client = client;
    this.settings = settings;
  }

  async send(message: {
    readonly to: string;
    readonly subject: string;
    readonly text: string;
    readonly html: string;
    readonly deliveryId: string;
  }): Promise<{ readonly providerMessageId: string }> {
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(
        new SendEmailCommand({
          Source: this.settings.from,
          Destination: { ToAddresses: [message.to] },
          Message: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              Html: { Data: message.html, Charset: 'UTF-8' },
            },
          },
          ConfigurationSetName: this.settings.configurationSet,
          Tags: [{ Name: DELIVERY_TAG, Value: sesTagValueOf(message.deliveryId) }],
        }),
      ));
    } catch (error) {
      throw sesDeliveryError(error, message.deliveryId);
    }
    return {
      providerMessageId: acceptedMessageId(messageId, `SES accepted email ${message.deliveryId}`),
    };
  }
}

const UNAVAILABLE = new Set([
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);
/** Sending resumes when ops (or AWS) lift the pause; the message can wait for it. */
const PAUSED = new Set(['AccountSendingPausedException', 'ConfigurationSetSendingPausedException']);
/** The address itself: suppressed, unverified in the sandbox, or not an address at all. */
const REJECTED = new Set(['MessageRejected', 'InvalidParameterValue']);
/** Our identity, configuration set or permissions need attention; no retry will change that. */
const REFUSED = new Set([
  'MailFromDomainNotVerifiedException',
  'ConfigurationSetDoesNotExistException',
  'AccessDenied',
  'AccessDeniedException',
]);

/**
 * Maps whatever `SESClient.send(SendEmail)` threw to a `DeliveryError`: transient `throttled`,
 * `provider-unavailable` (5xx, or no HTTP answer at all: a network failure or timeout),
 * `sending-paused` and `provider-error` (anything unrecognised); permanent `rejected` and
 * `provider-refused`. The message carries the error name and status only, never the provider's
 * text, which may quote the address; the original error is kept as `cause`.
 */
export function sesDeliveryError(error: unknown, deliveryId: string): DeliveryError {
  return channelDeliveryError(
    error,
    `SES did not send email ${deliveryId}`,
    UNAVAILABLE,
    ({ name }) => {
      if (PAUSED.has(name)) return { transient: true, reason: 'sending-paused' };
      if (REJECTED.has(name)) return { transient: false, reason: 'rejected' };
      if (REFUSED.has(name)) return { transient: false, reason: 'provider-refused' };
      return null;
    },
  );
}
