import type { Server } from 'node:http';
import sesLocalModule from 'aws-ses-v2-local';
import * as z from '../../shared/validation/zod.ts';
import { LocalServerStartError } from './errors.ts';

/**
 * The SES API, served in this process by `aws-ses-v2-local` on a free loopback port. Its web inbox
 * (the endpoint itself, in a browser) shows every email sent to it; `/store` returns them as JSON.
 */

export interface SesLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

type StartSesServer = (config: { host: string; port: number }) => Promise<Server>;

/** The package is CommonJS with `exports.default`; under ESM the function sits one level down. */
const startSesServer: StartSesServer =
  (sesLocalModule as unknown as { default?: StartSesServer }).default ??
  (sesLocalModule as unknown as StartSesServer);

export async function startSesLocal(): Promise<SesLocal> {
  const server = await startSesServer({ host: '127.0.0.1', port: 0 });
  const address = server.address();
  if (typeof address !== 'object' || address === null) {
    server.close();
    throw new LocalServerStartError('the local SES server did not report its port');
  }
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The emails the SES server's `/store` holds, as far as we read them. */
const inboxSchema = /* @__PURE__ */ z.onFirstUse(() =>
  z.object({
    emails: z.array(
      z.object({
        messageId: z.string(),
        subject: z.string(),
        body: z.object({ text: z.optional(z.string()), html: z.optional(z.string()) }),
      }),
    ),
  }),
);

export type InboxEmail = z.infer<typeof inboxSchema>['emails'][number];

/** Every email the SES server at `endpoint` accepted, oldest first. */
export async function readSesInbox(endpoint: string): Promise<InboxEmail[]> {
  const response = await fetch(`${endpoint}/store`);
  return inboxSchema.parse(await response.json()).emails;
}
