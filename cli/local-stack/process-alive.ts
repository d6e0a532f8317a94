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

/** This process as a run's runner: `host:pid`. */
export function thisRunner(): string {
  return `${hostname()}:${process.pid}`;
}

/** Whether a runner is alive: known only for one on this host. */
export function isRunnerAlive(runner: string): boolean | undefined {
  const separator = runner.lastIndexOf(':');
  if (runner.slice(0, separator) !== hostname()) return undefined;
  return isProcessAlive(Number(runner.slice(separator + 1)));
}
