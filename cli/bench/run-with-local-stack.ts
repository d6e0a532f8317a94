import { explainError } from '../cli-errors.ts';
import { processIo } from '../cli-io.ts';
import { type LocalStack, startLocalStack } from '../local-stack/local-stack.ts';

/**
 * Runs a benchmark against a local stack of its own: starts it, stops it however the run ends
 * (done, failed, Ctrl-C), and reports a failure in one line.
 */
export function runWithLocalStack(work: (stack: LocalStack) => Promise<void>): void {
  let stack: LocalStack | undefined;
  process.once('SIGINT', () => {
    void (stack?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
  });
  const run = async () => {
    stack = await startLocalStack();
    try {
      await work(stack);
    } finally {
      await stack.stop();
    }
  };
  run().catch((error: unknown) => {
    processIo.err(`bench: ${explainError(error).line}`);
    if (process.env.DAFAA_DEBUG === '1' && error instanceof Error) processIo.err(error.stack ?? '');
    process.exitCode = 1;
  });
}
