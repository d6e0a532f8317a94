import {
  AuthorizationErrorException,
  InternalErrorException,
  InvalidParameterException,
  InvalidParameterValueException,
  KMSAccessDeniedException,
  OptedOutException,
  PublishCommand,
  SNSClient,
  SNSServiceException,
  ThrottledException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnsSmsSender, snsDeliveryError } from '../../../shared/adapters/sns/sns-sms-sender.ts';
import { DeliveryError } from '../../../shared/notifications/errors.ts';

const MESSAGE = {
  to: '+966512345678',
  body: 'تم إيداع دفعة شهر شوال في حسابكم. للاستفسار: 19912',
  deliveryId: 'N-2026-04-H0000001-deposited#sms',
};

/** An error the SDK did not model, built as the SDK builds one: the wire's code is the name. */
function unmodelled(name: string, httpStatusCode: number, message = name): SNSServiceException {
  return new SNSServiceException({
    name,
    $fault: 'client',
    message,
    $metadata: { httpStatusCode },
  });
}

/** What the SDK throws when no answer came back: no HTTP status, only the retry counts. */
function networkError(name: string, message: string): Error {
  return Object.assign(new Error(message), {
    name,
    $metadata: { attempts: 3, totalRetryDelay: 250 },
  });
}

describe('SnsSmsSender', () => {
  const sns = mockClient(SNSClient);
  let sender: SnsSmsSender;

  beforeEach(() => {
    sns.reset();
    sender = new SnsSmsSender(new SNSClient({ region: 'me-central-1' }), {
      senderId: 'CitizenAcc',
    });
  });

  afterEach(() => {
    sns.reset();
  });

  it('publishes a transactional SMS with our sender id to the number, and returns the message id', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });

    const sent = await sender.send(MESSAGE);

    expect(sent).toEqual({ providerMessageId: 'sns-message-1' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      PhoneNumber: '+966512345678',
      Message: 'تم إيداع دفعة شهر شوال في حسابكم. للاستفسار: 19912',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'CitizenAcc' },
      },
    });
  });

  it('fails transiently when SNS answers without a message id', async () => {
    sns.on(PublishCommand).resolves({});

    const failure = await sender.send(MESSAGE).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ transient: true, reason: 'provider-error' });
  });

  it.each([
    [
      'ThrottledException',
      new ThrottledException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }),
      true,
      'throttled',
    ],
    ['Throttling (unmodelled)', unmodelled('Throttling', 400, 'Rate exceeded'), true, 'throttled'],
    ['ThrottlingException', unmodelled('ThrottlingException', 400), true, 'throttled'],
    ['any HTTP 429', unmodelled('TooManyRequests', 429), true, 'throttled'],
    [
      'InternalErrorException',
      new InternalErrorException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } }),
      true,
      'provider-unavailable',
    ],
    ['ServiceUnavailable', unmodelled('ServiceUnavailable', 503), true, 'provider-unavailable'],
    ['any 5xx', unmodelled('BadGateway', 502), true, 'provider-unavailable'],
    [
      'a refused connection',
      networkError('Error', 'connect ECONNREFUSED 52.95.1.1:443'),
      true,
      'provider-unavailable',
    ],
    [
      'a timeout',
      networkError('TimeoutError', 'Connection timed out'),
      true,
      'provider-unavailable',
    ],
    [
      'InvalidParameterException',
      new InvalidParameterException({
        message: 'Invalid parameter: PhoneNumber Reason: +96651234 is not valid to publish to',
        $metadata: { httpStatusCode: 400 },
      }),
      false,
      'invalid-number',
    ],
    [
      'InvalidParameterValueException',
      new InvalidParameterValueException({
        message: 'Invalid parameter value',
        $metadata: { httpStatusCode: 400 },
      }),
      false,
      'invalid-number',
    ],
    [
      'OptedOutException',
      new OptedOutException({ message: 'Opted out', $metadata: { httpStatusCode: 400 } }),
      false,
      'opted-out',
    ],
    [
      'an invalid parameter that says the number opted out',
      new InvalidParameterException({
        message: 'Invalid parameter: PhoneNumber Reason: the phone number is opted out',
        $metadata: { httpStatusCode: 400 },
      }),
      false,
      'opted-out',
    ],
    [
      'AuthorizationErrorException',
      new AuthorizationErrorException({
        message: 'User is not authorized to perform SNS:Publish',
        $metadata: { httpStatusCode: 403 },
      }),
      false,
      'provider-refused',
    ],
    [
      'KMSAccessDeniedException',
      new KMSAccessDeniedException({
        message: 'Access denied',
        $metadata: { httpStatusCode: 400 },
      }),
      false,
      'provider-refused',
    ],
    ['an unknown 4xx', unmodelled('SomethingNew', 400), true, 'provider-error'],
  ])(
    'maps %s to a DeliveryError (transient: %s, reason %s)',
    async (_, thrown, transient, reason) => {
      sns.on(PublishCommand).rejects(thrown);

      const failure = await sender.send(MESSAGE).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(DeliveryError);
      expect(failure).toMatchObject({ transient, reason, cause: thrown });
    },
  );

  it('keeps the phone number out of the error message, and names the delivery', async () => {
    sns.on(PublishCommand).rejects(
      new InvalidParameterException({
        message: 'Invalid parameter: PhoneNumber Reason: +966512345678 is not valid to publish to',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const failure = await sender.send(MESSAGE).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toHaveProperty('message', expect.not.stringContaining('512345678'));
    expect(failure).toHaveProperty('message', expect.stringContaining(MESSAGE.deliveryId));
  });
});

describe('snsDeliveryError', () => {
  it('treats a thrown value that is not an Error as unreachable provider, transient', () => {
    const failure = snsDeliveryError('socket hang up', 'd-1');

    expect(failure).toMatchObject({ transient: true, reason: 'provider-unavailable' });
  });
});
