import { processIo } from './cli-io.ts';
import { runCli } from './main.ts';

// The AWS SDK warns on Node 20 that its releases after January 2027 need Node 22. The lockfile pins
// the SDK, so the warning says nothing about this install; the Lambdas run Node 24 regardless.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await runCli(process.argv.slice(2), processIo);
