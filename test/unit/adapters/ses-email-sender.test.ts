import {
  AccountSendingPausedException,
  ConfigurationSetDoesNotExistException,
  ConfigurationSetSendingPausedException,
  MailFromDomainNotVerifiedException,
  MessageRejected,
  SESClient,
  SESServiceException,
  SendEmailCommand,
} from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SesEmailSender, sesDeliveryError } from '../../../shared/adapters/ses/ses-email-sender.ts';
import { DeliveryError } from '../../../shared/notifications/errors.ts';

const MESSAGE = {
  to: 'beneficiary@example.sa',
  subject: 'تم إيداع الدفعة',
  text: 'تم إيداع دفعة شهر شوال في حسابكم. للاستفسار: 19912',
  html: '<p dir="rtl">تم إيداع دفعة شهر شوال في حسابكم. للاستفسار: 19912</p>',
  deliveryId: 'N-2026-04-H0000001-deposited#email',
};

/** An error the SDK did not model, built as the SDK builds one: the wire's code is the name. */
function unmodelled(name: string, httpStatusCode: number, message = name): SESServiceException {
  return new SESServiceException({
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

describe('SesEmailSender', () => {
  const ses = mockClient(SESClient);
  let sender: SesEmailSender;

  beforeEach(() => {
    ses.reset();
    sender = new SesEmailSender(new SESClient({ region: 'me-central-1' }), {
      from: 'no-reply@dafaa.example.sa',
      configurationSet: 'dafaa-beneficiary-mail',
    });
  });

  afterEach(() => {
    ses.reset();
  });

  it('sends one UTF-8 email with text and HTML through the configuration set, tagged with its delivery id, and returns the message id', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message-1' });

    const sent = await sender.send(MESSAGE);

    expect(sent).toEqual({ providerMessageId: 'ses-message-1' });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input).toEqual({
      Source: 'no-reply@dafaa.example.sa',
      Destination: { ToAddresses: ['beneficiary@example.sa'] },
      Message: {
        Subject: { Data: 'تم إيداع الدفعة', Charset: 'UTF-8' },
        Body: {
          Text: { Data: 'تم إيداع دفعة شهر شوال في حسابكم. للاستفسار: 19912', Charset: 'UTF-8' },
          Html: {
            Data: '<p dir="rtl">تم إيداع دفعة شهر شوال في حسابكم. للاستفسار: 19912</p>',
            Charset: 'UTF-8',
          },
        },
      },
      ConfigurationSetName: 'dafaa-beneficiary-mail',
      // SES tag values hold letters, digits, _ and - only: each other character is _ and its hex.
      Tags: [{ Name: 'dafaa-delivery', Value: 'N-2026-04-H0000001-deposited_23email' }],
    });
  });

  it('fails transiently when SES answers without a message id', async () => {
    ses.on(SendEmailCommand).resolves({});

    const failure = await sender.send(MESSAGE).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ transient: true, reason: 'provider-error' });
  });

  it.each([
    [
      'Throttling',
      unmodelled('Throttling', 400, 'Maximum sending rate exceeded.'),
      true,
      'throttled',
    ],
    ['ThrottlingException', unmodelled('ThrottlingException', 400), true, 'throttled'],
    ['MaxSendingRateExceeded', unmodelled('MaxSendingRateExceeded', 400), true, 'throttled'],
    ['any HTTP 429', unmodelled('TooManyRequests', 429), true, 'throttled'],
    ['InternalFailure', unmodelled('InternalFailure', 500), true, 'provider-unavailable'],
    ['ServiceUnavailable', unmodelled('ServiceUnavailable', 503), true, 'provider-unavailable'],
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
      'MessageRejected',
      new MessageRejected({
        message: 'Email address is on the suppression list',
        $metadata: { httpStatusCode: 400 },
      }),
      false,
      'rejected',
    ],
    [
      'InvalidParameterValue (an illegal address)',
      unmodelled('InvalidParameterValue', 400, 'Missing final @domain'),
      false,
      'rejected',
    ],
    [
      'MailFromDomainNotVerifiedException',
      new MailFromDomainNotVerifiedException({
        message: 'MAIL FROM domain not verified',
        $metadata: { httpStatusCode: 400 },
      }),
      false,
      'provider-refused',
    ],
    [
      'ConfigurationSetDoesNotExistException',
      new ConfigurationSetDoesNotExistException({
        message: 'Configuration set does not exist',
        $metadata: { httpStatusCode: 400 },
      }),
      false,
      'provider-refused',
    ],
    ['AccessDenied', unmodelled('AccessDenied', 403), false, 'provider-refused'],
    [
      'AccountSendingPausedException',
      new AccountSendingPausedException({
        message: 'Sending is paused for this account',
        $metadata: { httpStatusCode: 400 },
      }),
      true,
      'sending-paused',
    ],
    [
      'ConfigurationSetSendingPausedException',
      new ConfigurationSetSendingPausedException({
        message: 'Sending is paused for this configuration set',
        $metadata: { httpStatusCode: 400 },
      }),
      true,
      'sending-paused',
    ],
    ['an unknown 4xx', unmodelled('SomethingNew', 400), true, 'provider-error'],
  ])(
    'maps %s to a DeliveryError (transient: %s, reason %s)',
    async (_, thrown, transient, reason) => {
      ses.on(SendEmailCommand).rejects(thrown);

      const failure = await sender.send(MESSAGE).catch((error: unknown) => error);

      expect(failure).toBeInstanceOf(DeliveryError);
      expect(failure).toMatchObject({ transient, reason, cause: thrown });
    },
  );

  it('keeps the address out of the error message, and names the delivery', async () => {
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified: beneficiary@example.sa',
        $metadata: { httpStatusCode: 400 },
      }),
    );

    const failure = await sender.send(MESSAGE).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toHaveProperty('message', expect.not.stringContaining('beneficiary@'));
    expect(failure).toHaveProperty('message', expect.stringContaining(MESSAGE.deliveryId));
  });
});

describe('sesDeliveryError', () => {
  it('treats a thrown value that is not an Error as unreachable provider, transient', () => {
    const failure = sesDeliveryError('socket hang up', 'd-1');

    expect(failure).toMatchObject({ transient: true, reason: 'provider-unavailable' });
  });
});
