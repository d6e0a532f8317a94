/**
 * Notes every command an AWS SDK client sends, for the deploy rehearsal: which client, which
 * command, and its input (the table, queue, topic or state machine it touches). Off unless a
 * recorder is installed before the clients are made, so a Lambda never carries it: the composition
 * roots pass every client they make through `withCallRecorder`, which adds nothing then.
 */

/** One command as a client sends it: `DynamoDBClient` / `PutItemCommand` / its input. */
export interface SdkCall {
  readonly client: string;
  readonly command: string;
  readonly input: Readonly<Record<string, unknown>>;
}

export type CallRecorder = (call: SdkCall) => void;

let recorder: CallRecorder | undefined;

/** Installs the recorder (the rehearsal does, before it makes any client), or removes it. */
export function recordCallsTo(next: CallRecorder | undefined): void {
  recorder = next;
}

/** What the SDK's middleware stack takes: enough of it to add one step. */
interface WithMiddlewareStack {
  readonly middlewareStack: {
    add(
      middleware: (
        next: (args: { input: object }) => Promise<unknown>,
        context: { clientName?: string; commandName?: string },
      ) => (args: { input: object }) => Promise<unknown>,
      options: { step: 'initialize'; name: string; override: boolean },
    ): void;
  };
}

/** The client, with its commands noted when a recorder is installed; untouched otherwise. */
export function withCallRecorder<Client>(client: Client): Client {
  const noting = recorder;
  if (!noting) return client;
  (client as unknown as WithMiddlewareStack).middlewareStack.add(
    (next, context) => (args) => {
      noting({
        client: context.clientName ?? 'unknown',
        command: context.commandName ?? 'unknown',
        input: args.input as Record<string, unknown>,
      });
      return next(args);
    },
    { step: 'initialize', name: 'dafaaCallRecorder', override: true },
  );
  return client;
}
