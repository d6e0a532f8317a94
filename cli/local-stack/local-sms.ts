import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The one SNS call our code sends, `Publish` to a phone number, answered on loopback over the SDK's
 * own query protocol: no SMS emulator exists (fauxqs serves topics, not phones). It keeps what was
 * sent, so a test or the rehearsal can count the SMS; it checks nothing a carrier would.
 */

export interface LocalSms {
  readonly endpoint: string;
  readonly sent: readonly { readonly phoneNumber: string; readonly message: string }[];
  stop(): Promise<void>;
}

export async function startLocalSms(): Promise<LocalSms> {
  const sent: { phoneNumber: string; message: string }[] = [];
  const server: Server = createServer(async (request, response) => {
    const form = new URLSearchParams(await readBody(request));
    const requestId = randomUUID();
    if (form.get('Action') !== 'Publish' || !form.get('PhoneNumber')) {
      response.writeHead(400, { 'content-type': 'text/xml' });
      response.end(
        `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidParameter</Code><Message>only Publish to a PhoneNumber is served here</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
      return;
    }
    sent.push({ phoneNumber: form.get('PhoneNumber') ?? '', message: form.get('Message') ?? '' });
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    sent,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A request's whole body as text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
