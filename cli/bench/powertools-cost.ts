import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS } from '../../infra/lambda-bundling.ts';

/**
 * What Powertools costs a Lambda bundle, and each way of carrying the Tracer: the tick's floor (its
 * DynamoDB and Step Functions clients, one command each) alone, with Logger and Metrics, and with
 * the Tracer capturing both clients: the whole X-Ray SDK, the cut one the bundles carry
 * (infra/bundling/xray-sdk-lambda.cjs), and the cut one with the AWS parameter whitelist reduced to
 * our services and the centralized sampler emptied (an esbuild plugin: not what deploys). Size, and
 * median cold load (wall and CPU) of a fresh `node` importing each, all in turn, with the Lambda
 * runtime's environment. `node --import ./cli/require-node.js cli/bench/powertools-cost.ts [runs]`
 */

const repository = join(import.meta.dirname, '..', '..');
const runs = Number(process.argv[2] ?? 15);
const FLOOR = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb'; import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
let made; const clients = () => (made ??= { ddb: DynamoDBDocumentClient.from(cap(new DynamoDBClient({}))), sfn: cap(new SFNClient({})) });
export const handler = async () => { const c = clients(); await c.ddb.send(new PutCommand({ TableName: 't', Item: { pk: 'x' } })); await c.sfn.send(new StartExecutionCommand({ stateMachineArn: 'a', input: '{}' })); };\n`;
const LOGGER_METRICS = `import { Logger } from '@aws-lambda-powertools/logger'; import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware'; export const logger = new Logger(); export const lmw = injectLambdaContext(logger);
import { Metrics } from '@aws-lambda-powertools/metrics'; import { logMetrics } from '@aws-lambda-powertools/metrics/middleware'; export const metrics = new Metrics(); export const mmw = logMetrics(metrics);\n`;
const TRACER = `import { Tracer } from '@aws-lambda-powertools/tracer'; import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware'; export const tracer = new Tracer({ captureHTTPsRequests: false }); export const tmw = captureLambdaHandler(tracer); const cap = (c) => tracer.captureAWSv3Client(c);\n`;
const UNTRACED = 'const cap = (c) => c;\n';

const OUR_SERVICES = ['dynamodb', 'sqs', 'sns', 'ses', 'sfn', 'states'];
const trimmed: Plugin = {
  name: 'trimmed-xray',
  setup(builder) {
    builder.onLoad({ filter: /aws_whitelist\.json$/ }, ({ path }) => {
      const { services } = JSON.parse(readFileSync(path, 'utf8')) as { services: object };
      const ours = Object.entries(services).filter(([name]) => OUR_SERVICES.includes(name));
      return { contents: JSON.stringify({ services: Object.fromEntries(ours) }), loader: 'json' };
    });
    builder.onLoad({ filter: /sampling\/default_sampler\.js$/ }, () => ({
      contents: 'module.exports = { shouldSample: () => true, setDaemonAddress() {}, start() {} };',
      loader: 'js',
    }));
  },
};

const variants = {
  floor: { source: UNTRACED + FLOOR, alias: {}, plugins: [] },
  '+ Logger + Metrics': { source: UNTRACED + LOGGER_METRICS + FLOOR, alias: {}, plugins: [] },
  '+ L + M + Tracer (whole X-Ray SDK)': {
    source: TRACER + LOGGER_METRICS + FLOOR,
    alias: {},
    plugins: [],
  },
  '+ L + M + Tracer (cut SDK, as deployed)': {
    source: TRACER + LOGGER_METRICS + FLOOR,
    alias: LAMBDA_ESBUILD_OPTIONS.alias,
    plugins: [],
  },
  '+ L + M + Tracer (cut, trimmed: plugin)': {
    source: TRACER + LOGGER_METRICS + FLOOR,
    alias: LAMBDA_ESBUILD_OPTIONS.alias,
    plugins: [trimmed],
  },
};

const out = mkdtempSync(join(tmpdir(), 'dafaa-powertools-'));
try {
  const files: Record<string, string> = {};
  for (const [index, [name, variant]] of Object.entries(variants).entries()) {
    const outfile = join(out, `v${index}.mjs`);
    await build({
      ...LAMBDA_ESBUILD_OPTIONS,
      alias: variant.alias,
      plugins: variant.plugins,
      stdin: { contents: variant.source, resolveDir: repository, loader: 'js' },
      outfile,
      logLevel: 'error',
    });
    files[name] = outfile;
  }
  const loader = join(out, 'load.mjs');
  writeFileSync(
    loader,
    'const wall = process.hrtime.bigint(); const cpu = process.cpuUsage(); await import(process.argv[2]); const used = process.cpuUsage(cpu); process.stdout.write(JSON.stringify([Number(process.hrtime.bigint() - wall) / 1e6, (used.user + used.system) / 1e3]));',
  );
  const env = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'me-central-1',
    AWS_LAMBDA_FUNCTION_NAME: 'dafaa-tick',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: out,
  };
  const loads: Record<string, { wall: number[]; cpu: number[] }> = {};
  for (let run = 0; run < runs; run += 1) {
    const names = Object.keys(files);
    if (run % 2 === 1) names.reverse();
    for (const name of names) {
      const output = execFileSync(process.execPath, [loader, files[name] ?? ''], {
        encoding: 'utf8',
        env,
      });
      const [wall = 0, cpu = 0] = JSON.parse(output) as number[];
      loads[name] ??= { wall: [], cpu: [] };
      loads[name].wall.push(wall);
      loads[name].cpu.push(cpu);
    }
  }
  const median = (values: readonly number[] = []) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const floorBytes = statSync(files.floor ?? '').size;
  const floorWall = median(loads.floor?.wall);
  const floorCpu = median(loads.floor?.cpu);
  for (const [name, file] of Object.entries(files)) {
    const bytes = statSync(file).size;
    const wall = median(loads[name]?.wall);
    const cpu = median(loads[name]?.cpu);
    process.stdout.write(
      `${name.padEnd(42)} ${(bytes / 1024).toFixed(0).padStart(4)} KiB (+${((bytes - floorBytes) / 1024).toFixed(0)}, ${(bytes / floorBytes).toFixed(2)}x)  load ${wall.toFixed(0)} ms (${(wall / floorWall).toFixed(2)}x)  cpu ${cpu.toFixed(0)} ms (+${(cpu - floorCpu).toFixed(0)}, ${(cpu / floorCpu).toFixed(2)}x)\n`,
    );
  }
  process.stdout.write(`Median of ${runs} cold loads each, in turn.\n`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
