import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/** CPU the server under test runs on, and the one the generator (this process and its workers) runs on. */
export const SERVER_CPU = 0;
export const GENERATOR_CPU = 1;

let cached: boolean | undefined;

/** True when `taskset` exists and there are at least two CPUs to split. */
export function canPin(): boolean {
  if (cached !== undefined) return cached;
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    cached = availableParallelism() >= 2;
  } catch {
    cached = false;
  }
  return cached;
}

/** Pins every thread of this process (and so every child forked later) to the generator CPU. */
export function pinSelfToGeneratorCpu(): boolean {
  if (!canPin()) return false;
  execFileSync('taskset', ['-a', '-p', '-c', String(GENERATOR_CPU), String(process.pid)], { stdio: 'ignore' });
  return true;
}

/** The command prefix that starts a process on the server CPU (empty when pinning is not possible). */
export function serverCpuPrefix(): string[] {
  return canPin() ? ['taskset', '-c', String(SERVER_CPU)] : [];
}
