import { explainError } from '../../cli/cli-errors.ts';
import { processIo } from '../../cli/cli-io.ts';
import { rehearse, renderRehearsal } from './rehearse.ts';

/**
 * `npm run rehearse`: a month of the synthesized app on the local servers, every AWS call checked
 * against the deployed policies. Prints the table and exits 1 on any denied call, naming it.
 */
const io = processIo;
const started = performance.now();
io.out('dafaa deploy rehearsal: the synthesized app on local servers, every AWS call checked\n');
try {
  const result = await rehearse();
  for (const fact of result.facts) io.out(`• ${fact}`);
  io.out(`\n${renderRehearsal(result)}\n`);
  for (const denial of result.denials) io.err(`DENIED ${denial.explain}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(
    result.denials.length === 0
      ? `0 denied calls: the deployed permissions allow every call the month made (${seconds} s).`
      : `${result.denials.length} denied calls: fix the grants named above (${seconds} s).`,
  );
  process.exitCode = result.denials.length === 0 ? 0 : 1;
} catch (error) {
  const { line, exitCode } = explainError(error);
  io.err(line);
  process.exitCode = exitCode;
}
