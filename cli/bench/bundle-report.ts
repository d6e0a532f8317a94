import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { renderTable } from '../render/table.ts';

/**
 * `npm run bundle:report`: each Lambda bundled as the CDK construct bundles it (esbuild, CommonJS,
 * minified, source maps, the AWS SDK included), its size, and its cold module load: a fresh `node`
 * process requiring the bundle, the median of several runs, so the cost of a cold start that is ours
 * (not the runtime's) is visible.
 */

const RUNS = 7;
const functionsDir = join(import.meta.dirname, '..', '..', 'functions');
const entries = readdirSync(functionsDir).filter(
  (file) => file.endsWith('.ts') && !['aws-cycle-deps.ts', 'emf.ts'].includes(file),
);
const out = mkdtempSync(join(tmpdir(), 'dafaa-bundles-'));

const loadScript = join(out, 'load.cjs');
writeFileSync(
  loadScript,
  'const started = process.hrtime.bigint(); require(process.argv[2]); process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));',
);

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const rows: string[][] = [];
try {
  for (const entry of entries) {
    const name = basename(entry, '.ts');
    const outfile = join(out, `${name}.cjs`);
    await build({
      entryPoints: [join(functionsDir, entry)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      sourcemap: true,
      logLevel: 'error',
    });
    const loads = Array.from({ length: RUNS }, () =>
      Number(
        execFileSync(process.execPath, [loadScript, outfile], {
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '' },
        }),
      ),
    );
    rows.push([
      name,
      `${(statSync(outfile).size / 1024).toFixed(0)} KiB`,
      `${(statSync(`${outfile}.map`).size / 1024).toFixed(0)} KiB`,
      `${median(loads).toFixed(1)} ms`,
      `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} ms`,
    ]);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.stdout.write(
  `${renderTable(
    [
      { header: 'Function' },
      { header: 'Bundle', align: 'right' },
      { header: 'Source map', align: 'right' },
      { header: `Cold module load (median of ${RUNS})`, align: 'right' },
      { header: 'Range', align: 'right' },
    ],
    rows,
  )}\n\nMeasured with ${process.version} on this machine; Lambda runs Node 24 on arm64 (the construct targets node24).\n`,
);
