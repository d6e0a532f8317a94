import '../local-powertools.ts';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CycleDefinition } from '../../infra/local/cycle-definition.ts';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client.ts';
import { TABLE_SPECS } from '../../shared/adapters/dynamodb/table-specs.ts';
import type { CycleId } from '../../shared/calendar/calendar-date.ts';
import { mapWithConcurrency } from '../../shared/concurrency/map-with-concurrency.ts';
import { paymentRecordSchema } from '../../shared/cycles/payment-record.ts';
import { parseCommandLine, processIo } from '../cli-io.ts';
import { progressReporter } from '../commands/cycle-command.ts';
import { parseHouseholdCount, seedLocalRegister } from '../commands/seed-command.ts';
import { localCycleFlow, synthesizedCycleDefinition } from '../cycle-flow.ts';
import { localCycleDeps, localOpsDeps, localTableNames } from '../local-context.ts';
import { localAwsClientConfig } from '../local-stack/local-aws-config.ts';
import type { LocalStack } from '../local-stack/local-stack.ts';
import { localExecutionName } from '../local-stack/process-alive.ts';
import { createProgressBar } from '../render/progress-bar.ts';
import { renderTable } from '../render/table.ts';
import { runWithLocalStack } from './run-with-local-stack.ts';

/**
 * `npm run bench:cycle -- --households 100000`: the cycle's throughput on DynamoDB Local, and in the
 * same run, against the same server, the rate of plain conditional single-item writes at the same
 * concurrency, so the ratio says how much the cycle costs beyond the writes it cannot avoid; and the
 * approval gate's projection (a read-only pass every run makes first) against the cycle's time.
 */

const CYCLE = '2026-12' as CycleId;
const io = processIo;

async function main(stack: LocalStack): Promise<void> {
  const { values } = parseCommandLine(
    process.argv.slice(2),
    {
      households: { type: 'string', default: '100000' },
      segments: { type: 'string', default: '4' },
      'write-concurrency': { type: 'string', default: '16' },
      'plain-writes': { type: 'string', default: '20000' },
      'warm-up-writes': { type: 'string', default: '5000' },
      'cpu-profile': { type: 'string' },
    },
    'usage: npm run bench:cycle -- [--households N] [--segments N] [--write-concurrency N] [--plain-writes N] [--warm-up-writes N] [--cpu-profile DIR]',
    0,
  );
  const households = parseHouseholdCount(values.households);
  const segments = Number(values.segments);
  const writeConcurrency = Number(values['write-concurrency']);
  const plainWrites = Math.min(Number(values['plain-writes']), households);
  const warmUpWrites = Number(values['warm-up-writes']);
  const profiler = await cpuProfiler(values['cpu-profile']);

  const deps = localCycleDeps(
    stack.dynamodb.endpoint,
    {
      writeConcurrency,
      minSegments: segments,
      householdsPerSegment: Math.ceil(households / segments),
    },
    localTableNames(),
    stack.sqs.endpoint,
  );
  // The definition is synthesized before any clock starts. The payment map runs at most its
  // MaxConcurrency segments at once (40 as synthesized): more segments than that run in waves, which
  // is how a register too large for 4 segments stays within a segment Lambda's 15 minutes.
  const definition = await synthesizedCycleDefinition();
  const segmentsAtOnce = Math.min(segments, mapConcurrency(definition, segments));
  const concurrency = segmentsAtOnce * writeConcurrency;
  const { seconds: seedSeconds } = await seedLocalRegister(
    stack.dynamodb.endpoint,
    deps.households,
    { households, seed: 42 },
    new Date(),
  );

  // DynamoDB Local is Java: its conditional puts run slowly until the JIT has compiled them, after
  // some thousands. The plain writes run after the cycle, on a server the cycle has warmed; so that
  // both are timed on a warm server, the same plain puts warm it first, untimed.
  const writePlain = await plainWriter(stack.dynamodb.endpoint, concurrency);
  await writePlain(warmUpWrites, 'Warm-up   ');

  // The month as the state machine runs it: plan, the approval gate's projection (a read-only pass
  // over the register), the gate, the payments, finalize. The projection is timed from the plan to
  // the gate, the cycle from the gate to the end.
  const { approvals } = localOpsDeps(stack.dynamodb.endpoint);
  const progress = progressReporter(CYCLE, 'Cycle     ');
  let planned = 0;
  let gated = 0;
  let projectedHalalas = 0;
  let cpuAtGate = cpuNow(stack.dynamodb.javaPid);
  let gatePeakMib = 0;
  const flow = localCycleFlow({
    cycle: deps,
    approvals,
    definition,
    onPlanned: (plan) => {
      planned = performance.now();
      progress.hooks.onPlanned(plan);
    },
    onGated: (gate) => {
      gated = performance.now();
      cpuAtGate = cpuNow(stack.dynamodb.javaPid);
      void profiler.start();
      gatePeakMib = process.resourceUsage().maxRSS / 1024;
      projectedHalalas = gate.projectedTotalHalalas;
    },
    onProgress: progress.hooks.onProgress,
  });
  const outcome = await flow.run({
    cycle: CYCLE,
    executionName: localExecutionName('run', CYCLE, new Date()),
  });
  const ended = performance.now();
  const cycleCpu = cpuSince(cpuAtGate, stack.dynamodb.javaPid);
  await profiler.stop('cycle');
  progress.finish();
  // Peak resident memory of this process (seeding, projection and cycle so far), in MiB.
  const cyclePeakMib = process.resourceUsage().maxRSS / 1024;
  const cycle = await deps.cycles.get(CYCLE);
  if (outcome.ended !== 'finalized' || !cycle) {
    throw new Error(`the cycle did not finish: ${JSON.stringify(outcome)}`);
  }
  // Above 1 a segment was retried by the state machine (failed, or past its task timeout).
  const segmentAttempts = (await deps.cycles.listSegments(CYCLE)).reduce(
    (sum, segment) => sum + segment.attempts,
    0,
  );
  const projectionSeconds = (gated - planned) / 1000;
  const cycleSeconds = (ended - gated) / 1000;

  const cpuBeforePlain = cpuNow(stack.dynamodb.javaPid);
  await profiler.start();
  const plainSeconds = await writePlain(plainWrites, 'Plain puts');
  const plainCpu = cpuSince(cpuBeforePlain, stack.dynamodb.javaPid);
  await profiler.stop('plain');

  const cycleRate = households / cycleSeconds;
  const plainRate = plainWrites / plainSeconds;
  const seedRate = households / seedSeconds;
  io.out(
    `\n${renderTable(
      [{ header: 'Measure' }, { header: 'Figure', align: 'right' }],
      [
        ['households', households.toLocaleString('en-US')],
        [
          'concurrency (segments at once x writes per segment)',
          `${segmentsAtOnce} of ${segments} x ${writeConcurrency} = ${concurrency}`,
        ],
        ['cycle status', cycle.status],
        ['segment attempts (retries: past the task timeout, or failed)', String(segmentAttempts)],
        ['cycle time', `${cycleSeconds.toFixed(1)} s`],
        ['cycle: households per second', cycleRate.toFixed(0)],
        [
          'approval projection (before the cycle, read only)',
          `${projectionSeconds.toFixed(1)} s, ${(households / projectionSeconds).toFixed(0)} households/s`,
        ],
        ['projection time / cycle time', (projectionSeconds / cycleSeconds).toFixed(2)],
        [
          'projected total = cycle total',
          String(
            projectedHalalas ===
              (cycle.totals?.amountHalalas ?? 0) + (cycle.totals?.arrearsHalalas ?? 0),
          ),
        ],
        [
          'plain conditional PutItem: writes per second',
          `${plainRate.toFixed(0)} (${plainWrites.toLocaleString('en-US')} writes)`,
        ],
        ['ratio cycle / plain writes', (cycleRate / plainRate).toFixed(2)],
        [
          'server warm-up before the cycle (plain puts, untimed)',
          warmUpWrites.toLocaleString('en-US'),
        ],
        [
          'CPU ms per household, cycle: node / DynamoDB Local',
          `${perItemMs(cycleCpu.node, households)} / ${perItemMs(cycleCpu.java, households)}`,
        ],
        [
          'CPU ms per write, plain: node / DynamoDB Local',
          `${perItemMs(plainCpu.node, plainWrites)} / ${perItemMs(plainCpu.java, plainWrites)}`,
        ],
        [
          'peak memory of this process (max RSS): before the cycle / after it',
          `${gatePeakMib.toFixed(0)} / ${cyclePeakMib.toFixed(0)} MiB`,
        ],
        ['seeding: households per second (BatchWriteItem)', seedRate.toFixed(0)],
        ['node', process.version],
      ],
    )}`,
  );
  io.out(
    JSON.stringify({
      households,
      segments,
      writeConcurrency,
      concurrency,
      segmentAttempts,
      cycleSeconds,
      cycleRate,
      projectionSeconds,
      plainRate,
      ratio: cycleRate / plainRate,
      warmUpWrites,
      cycleCpuSeconds: cycleCpu,
      plainCpuSeconds: plainCpu,
      gatePeakRssMib: gatePeakMib,
      cyclePeakRssMib: cyclePeakMib,
      seedRate,
    }),
  );
}

/** The payment map's MaxConcurrency in the synthesized definition (the segments run at once). */
function mapConcurrency(definition: CycleDefinition, otherwise: number): number {
  const max = definition.definition.States.PaySegments?.MaxConcurrency;
  return typeof max === 'number' && max > 0 ? max : otherwise;
}

/**
 * `--cpu-profile DIR`: V8 CPU profiles of exactly the two timed phases, `cycle.cpuprofile` and
 * `plain.cpuprofile` (open them in Chrome's DevTools), so that what the cycle costs beyond a plain
 * put can be read frame by frame. The profiler's own cost is in the CPU figures of such a run (not
 * its writing of the profiles); without it, nothing is started.
 */
async function cpuProfiler(directory: string | undefined) {
  if (directory === undefined) return { start: async () => {}, stop: async (_name: string) => {} };
  mkdirSync(directory, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  return {
    start: () => session.post('Profiler.start'),
    async stop(name: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(join(directory, `${name}.cpuprofile`), JSON.stringify(profile));
    },
  };
}

const perItemMs = (seconds: number, items: number) => ((seconds * 1000) / items).toFixed(2);

/** CPU seconds so far of this process and of DynamoDB Local's Java (Linux: /proc; elsewhere 0). */
function cpuNow(javaPid: number): { node: number; java: number } {
  const { user, system } = process.cpuUsage();
  let java = 0;
  try {
    // Fields 14 and 15 of /proc/<pid>/stat: user and system time, in clock ticks (100 a second).
    const fields = readFileSync(`/proc/${javaPid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    java = (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    java = 0;
  }
  return { node: (user + system) / 1e6, java };
}

function cpuSince(
  start: { node: number; java: number },
  javaPid: number,
): { node: number; java: number } {
  const now = cpuNow(javaPid);
  return { node: now.node - start.node, java: now.java - start.java };
}

/**
 * Conditional single-item puts of payment-sized records into a fresh table shaped like payments:
 * `write(count, label)` times `count` of them at `concurrency` in flight, each a new item.
 */
async function plainWriter(endpoint: string, concurrency: number) {
  const TableName = `bench-plain-${randomUUID().slice(0, 8)}`;
  const client = new DynamoDBClient(localAwsClientConfig(endpoint));
  await client.send(
    new CreateTableCommand({ ...TABLE_SPECS.payments, TableName, BillingMode: 'PAY_PER_REQUEST' }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 60 }, { TableName });
  client.destroy();
  const doc = createDocumentClient({ ...localAwsClientConfig(endpoint), maxAttempts: 3 });
  const sample = paymentRecordSchema.parse({
    paymentId: 'x',
    cycle: '2026-12',
    householdId: 'H00000000',
    cycleShard: '2026-12#00',
    paymentNumber: 109,
    paymentDate: '2026-12-10',
    status: 'paid',
    reasons: [],
    problems: [],
    amountHalalas: 129_600,
    arrearsHalalas: 0,
    totalHalalas: 129_600,
    arrearsLines: [],
    policyVersion: '2023-10',
    entitlement: {
      weightTenths: 18,
      cappedWeightTenths: 18,
      fullAmountHalalas: 129_600,
      band: 'full',
    },
    eligibility: [{ personId: 'P1', role: 'head', eligible: true, reasons: [] }],
    ibanMasked: 'SA** **** **** **** **** 1234',
    segment: 0,
    writtenAt: new Date().toISOString(),
  });
  let written = 0;
  return async (count: number, label: string): Promise<number> => {
    const first = written;
    written += count;
    const bar = createProgressBar(label, count);
    const started = performance.now();
    await mapWithConcurrency(
      Array.from({ length: count }, (_, index) => first + index),
      concurrency,
      async (index) => {
        const householdId = `H${String(index).padStart(8, '0')}`;
        await doc.send(
          new PutCommand({
            TableName,
            Item: {
              ...sample,
              paymentId: `2026-12#${householdId}`,
              householdId,
              cycleShard: `2026-12#${String(index % 64).padStart(2, '0')}`,
            },
            ConditionExpression: 'attribute_not_exists(paymentId)',
          }),
        );
        bar.advance(1);
      },
    );
    bar.finish();
    return (performance.now() - started) / 1000;
  };
}

runWithLocalStack(main);
