import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { DeliveryError } from '../../notifications/errors.ts';
import type { SmsSender } from '../../notifications/ports.ts';
import { acceptedMessageId, channelDeliveryError } from '../aws-error.ts';

/**
 * Sends SMS through Amazon SNS: a direct publish to the E.164 number, marked transactional (SNS
 * then favours delivery over price) and signed with our alphanumeric sender id. Every failure
 * becomes a `DeliveryError` (see {@link snsDeliveryError}). SNS has no idempotency key for SMS, so
 * the delivery id only goes into error messages, for tracing; the notifier's claim is what keeps a
 * message from being sent twice.
 */
export class SnsSmsSender implements SmsSender {
  private readonly client: SNSClient;
  private readonly settings: { readonly senderId: string };

  constructor(client: SNSClient, settings: { readonly senderId: string }) {
    this.client = client;
    this.settings = settings;
  }

  async send(message: {
    readonly to: string;
    readonly body: string;
    readonly deliveryId: string;
  }): Promise<{ readonly providerMessageId: string }> {
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(
        new PublishCommand({
          PhoneNumber: message.to,
          Message: message.body,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.settings.senderId },
          },
        }),
      ));
    } catch (error) {
      throw snsDeliveryError(error, message.deliveryId);
    }
    return {
      providerMessageId: acceptedMessageId(messageId, `SNS accepted SMS ${message.deliveryId}`),
    };
  }
}

const UNAVAILABLE = new Set([
  'InternalErrorException',
  'InternalError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);
const INVALID_NUMBER = new Set(['InvalidParameterException', 'InvalidParameterValueException']);
/** Refusals that no retry will change: our account, keys or permissions need attention first. */
const REFUSED = new Set([
  'AuthorizationErrorException',
  'InvalidSecurityException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'KMSOptInRequired',
  'EndpointDisabledException',
  'PlatformApplicationDisabledException',
  'NotFoundException',
]);

/**
 * Maps whatever `SNSClient.send(Publish)` threw to a `DeliveryError`: transient `throttled`,
 * `provider-unavailable` (5xx, or no HTTP answer at all: a network failure or timeout) and
 * `provider-error` (anything unrecognised); permanent `opted-out`, `invalid-number` and
 * `provider-refused`. The message carries the error name and status only, never the provider's
 * text, which may quote the phone number; the original error is kept as `cause`.
 */
export function snsDeliveryError(error: unknown, deliveryId: string): DeliveryError {
  return channelDeliveryError(
    error,
    `SNS did not send SMS ${deliveryId}`,
    UNAVAILABLE,
    ({ name, message }) => {
      if (name === 'OptedOutException' || /opted[\s-]?out/i.test(message)) {
        return { transient: false, reason: 'opted-out' };
      }
      if (INVALID_NUMBER.has(name)) return { transient: false, reason: 'invalid-number' };
      if (REFUSED.has(name)) return { transient: false, reason: 'provider-refused' };
      return null;
    },
  );
}
