import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { LAMBDA_ESBUILD_OPTIONS } from '../../infra/lambda-bundling.ts';
import { renderTable } from '../render/table.ts';

/**
 * `npm run bundle:report`: each Lambda bundled as the CDK construct bundles it (infra/lambda-
 * bundling.ts), beside its floor: a minimal handler built the same way that makes the same AWS SDK
 * clients and sends one command on each. Size, and median cold module load (a fresh `node` process
 * importing the bundle, function and floor measured in turn so that both see the same machine), and
 * the two ratios; the goal is 1.25 at most for both. Beside it, the traced floor: the same handler
 * with each client captured by the Powertools Tracer, as ours are. Its last line is the figures as
 * JSON. `-- --cpu`: the load columns show the CPU time of the load (the process's, all threads)
 * instead of its wall time: on a machine busy with other work, wall time measures the queue for a
 * core more than the load; CPU time is steadier, though not steady (the JSON carries both).
 * `--runs N`: N loads of each instead of 9.
 */

const CPU = process.argv.includes('--cpu');
/** Loads of each bundle (`--runs N`, 9 unless told): more make a steadier median on a busy machine. */
const runsAt = process.argv.indexOf('--runs');
const RUNS = runsAt === -1 ? 9 : Number(process.argv[runsAt + 1]);
if (!Number.isInteger(RUNS) || RUNS < 1)
  throw new RangeError('--runs takes a whole number of loads');
const repository = join(import.meta.dirname, '..', '..');
const functionsDir = join(repository, 'functions');
/** Files in functions/ that are not handlers. */
const NOT_HANDLERS = ['aws-cycle-deps.ts', 'metric-names.ts', 'observability.ts', 'once.ts'];

/** One command per client, as the floor sends it: the cheapest call each client can make. */
const CLIENTS: Record<string, { imports: string; make: string; send: string }> = {
  dynamodb: {
    imports:
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
    make: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))',
    send: "new PutCommand({ TableName: 'floor', Item: { pk: 'x' } })",
  },
  sqs: {
    imports: "import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';",
    make: 'new SQSClient({})',
    send: "new SendMessageBatchCommand({ QueueUrl: 'floor', Entries: [{ Id: '1', MessageBody: 'x' }] })",
  },
  sns: {
    imports: "import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';",
    make: 'new SNSClient({})',
    send: "new PublishCommand({ PhoneNumber: '+966500000000', Message: 'x' })",
  },
  ses: {
    imports: "import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';",
    make: 'new SESClient({})',
    send: "new SendEmailCommand({ Source: 'a@example.sa', Destination: { ToAddresses: ['b@example.sa'] }, Message: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } })",
  },
  sfn: {
    imports: "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
    make: 'new SFNClient({})',
    send: "new StartExecutionCommand({ stateMachineArn: 'floor', input: '{}' })",
  },
};

/**
 * The SDK clients a bundle holds, read off esbuild's metafile: the `@aws-sdk/client-<name>`
 * packages that survived tree shaking, so the floor has exactly the clients the function has.
 */
function clientsIn(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const name = /node_modules\/@aws-sdk\/client-([a-z0-9-]+)\//.exec(input)?.[1];
    if (name !== undefined && name in CLIENTS) found.add(name);
  }
  return [...found].sort();
}

/**
 * The floor's source: the clients made once, one command each. `traced`: each client captured by
 * the Powertools Tracer, as every one of our functions captures its clients (item 1 of issue 13):
 * the X-Ray SDK it brings is a cost of tracing, not of our code.
 */
function floorSource(clients: readonly string[], traced: boolean): string {
  const used = clients.map((name) => ({ name, ...(CLIENTS[name] as (typeof CLIENTS)[string]) }));
  const made = (client: (typeof used)[number]) =>
    traced ? `tracer.captureAWSv3Client(${client.make})` : client.make;
  return [
    ...used.map((client) => client.imports),
    ...(traced
      ? [
          "import { Tracer } from '@aws-lambda-powertools/tracer';",
          'const tracer = new Tracer({ captureHTTPsRequests: false });',
        ]
      : []),
    'let made;',
    `const clients = () => (made ??= { ${used.map((c) => `${c.name}: ${made(c)}`).join(', ')} });`,
    'export const handler = async () => {',
    '  const c = clients();',
    ...used.map((client) => `  await c.${client.name}.send(${client.send});`),
    '};',
  ].join('\n');
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const out = mkdtempSync(join(tmpdir(), 'dafaa-bundles-'));
const loader = join(out, 'load.mjs');
writeFileSync(
  loader,
  'const started = process.hrtime.bigint(); const cpu = process.cpuUsage(); await import(process.argv[2]); const used = process.cpuUsage(cpu); process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6) + " " + String((used.user + used.system) / 1e3));',
);
/** One cold load of `file` in a fresh `node`: wall and CPU milliseconds. */
const load = (file: string) => {
  const [wall, cpu] = execFileSync(process.execPath, [loader, file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  })
    .split(' ')
    .map(Number);
  return { wall: wall ?? Number.NaN, cpu: cpu ?? Number.NaN };
};

async function bundle(
  outfile: string,
  entry: { file: string } | { source: string },
): Promise<Metafile> {
  const { metafile } = await build({
    ...('file' in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.source, resolveDir: repository, loader: 'ts' } }),
    ...LAMBDA_ESBUILD_OPTIONS,
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  return metafile;
}

interface Figure {
  readonly function: string;
  readonly bytes: number;
  readonly loadMs: number;
  readonly floorBytes: number;
  readonly floorLoadMs: number;
  /** The floor with its clients captured by the Powertools Tracer. */
  readonly tracedFloorBytes: number;
  readonly tracedFloorLoadMs: number;
  /** The same loads' CPU time (median): steadier than wall time on a busy machine. */
  readonly loadCpuMs: number;
  readonly floorLoadCpuMs: number;
  readonly tracedFloorLoadCpuMs: number;
}

try {
  const figures: Figure[] = [];
  const handlers = readdirSync(functionsDir).filter(
    (file) => file.endsWith('.ts') && !NOT_HANDLERS.includes(file),
  );
  for (const file of handlers) {
    const name = basename(file, '.ts');
    const own = join(out, `${name}.mjs`);
    const floor = join(out, `${name}.floor.mjs`);
    const metafile = await bundle(own, { file: join(functionsDir, file) });
    const traced = join(out, `${name}.traced-floor.mjs`);
    const clients = clientsIn(metafile);
    await bundle(floor, { source: floorSource(clients, false) });
    await bundle(traced, { source: floorSource(clients, true) });
    const files = { own, floor, traced } as const;
    const loads = { own: [] as number[], floor: [] as number[], traced: [] as number[] };
    const cpus = { own: [] as number[], floor: [] as number[], traced: [] as number[] };
    for (let run = 0; run < RUNS; run += 1) {
      // In turn, in an order that rotates, so that a busy moment weighs on all three alike.
      const order = (['own', 'floor', 'traced'] as const).map(
        (_, index, all) => all[(index + run) % all.length] as keyof typeof files,
      );
      for (const which of order) {
        const { wall, cpu } = load(files[which]);
        loads[which].push(wall);
        cpus[which].push(cpu);
      }
    }
    figures.push({
      function: name,
      bytes: statSync(own).size,
      loadMs: Number(median(loads.own).toFixed(1)),
      floorBytes: statSync(floor).size,
      floorLoadMs: Number(median(loads.floor).toFixed(1)),
      tracedFloorBytes: statSync(traced).size,
      tracedFloorLoadMs: Number(median(loads.traced).toFixed(1)),
      loadCpuMs: Number(median(cpus.own).toFixed(1)),
      floorLoadCpuMs: Number(median(cpus.floor).toFixed(1)),
      tracedFloorLoadCpuMs: Number(median(cpus.traced).toFixed(1)),
    });
  }
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const ratio = (value: number, floor: number) => {
    const times = value / floor;
    return `${times.toFixed(2)}x${times > 1.25 ? ' !' : ''}`;
  };
  process.stdout.write(
    `${renderTable(
      [
        { header: 'Function' },
        { header: 'Bundle', align: 'right' },
        { header: 'Floor', align: 'right' },
        { header: 'Size', align: 'right' },
        { header: 'Traced floor', align: 'right' },
        { header: 'Size', align: 'right' },
        { header: CPU ? 'Load CPU' : 'Cold load', align: 'right' },
        { header: 'Floor', align: 'right' },
        { header: 'Load', align: 'right' },
        { header: 'Traced floor', align: 'right' },
        { header: 'Load', align: 'right' },
      ],
      figures.map((figure) => {
        const [own, floor, traced] = CPU
          ? [figure.loadCpuMs, figure.floorLoadCpuMs, figure.tracedFloorLoadCpuMs]
          : [figure.loadMs, figure.floorLoadMs, figure.tracedFloorLoadMs];
        return [
          figure.function,
          kib(figure.bytes),
          kib(figure.floorBytes),
          ratio(figure.bytes, figure.floorBytes),
          kib(figure.tracedFloorBytes),
          ratio(figure.bytes, figure.tracedFloorBytes),
          `${own} ms`,
          `${floor} ms`,
          ratio(own, floor),
          `${traced} ms`,
          ratio(own, traced),
        ];
      }),
    )}\n`,
  );
  process.stdout.write(
    `Median of ${RUNS} cold loads each (${CPU ? 'CPU' : 'wall'} time), function and floors in turn; "!" marks a ratio above the 1.25 goal.\n` +
      'Floor: the same SDK clients, one command each. Traced floor: the same, each client captured by the\n' +
      'Powertools Tracer as our functions capture theirs (docs/performance.md).\n',
  );
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
