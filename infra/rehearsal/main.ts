import { explainError } from '../../cli/cli-errors.ts';
import { processIo } from '../../cli/cli-io.ts';
import { rehearse, renderRehearsal, wentAsScripted } from './rehearse.ts';

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
  for (const call of result.unmapped) io.err(`UNCHECKED ${call}`);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const scripted = wentAsScripted(result.month);
  if (!scripted) io.err(`the month did not go as scripted: ${JSON.stringify(result.month)}`);
  const failed = result.denials.length > 0 || result.unmapped.length > 0 || !scripted;
  io.out(
    failed
      ? `${result.denials.length} denied calls, ${result.unmapped.length} unchecked: see above (${seconds} s).`
      : `0 denied calls: the deployed permissions allow every call the month made (${seconds} s).`,
  );
  process.exitCode = failed ? 1 : 0;
} catch (error) {
  const { line, exitCode } = explainError(error);
  io.err(line);
  process.exitCode = exitCode;
}
