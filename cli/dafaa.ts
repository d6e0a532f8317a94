import './local-powertools.ts';
import { processIo } from './cli-io.ts';
import { runCli } from './main.ts';

process.exitCode = await runCli(process.argv.slice(2), processIo);
