import { hostname } from 'node:os';

/** Whether a process with this pid is running (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The host as an execution name may hold it: letters, digits and dashes. */
const thisHost = () => hostname().replace(/[^A-Za-z0-9-]/g, '-');

/**
 * A local execution's name, which the cycle records as the run's runner: what it is, the month, when,
 * and this process (`run-2026-12-20261210T000500Z-myhost-4242`), so that a later run can tell a
 * crashed runner from a live one.
 */
export function localExecutionName(kind: 'run' | 'rerun', cycle: string, now: Date): string {
  const stamp = `${now.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  return `${kind}-${cycle}-${stamp}-${thisHost()}-${process.pid}`;
}

/** Whether a runner is alive: known only for a local execution of this host. */
export function isRunnerAlive(runner: string): boolean | undefined {
  const pid = new RegExp(`Z-${thisHost()}-(\\d+)$`).exec(runner)?.[1];
  return pid === undefined ? undefined : isProcessAlive(Number(pid));
}
