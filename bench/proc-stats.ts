import { readFileSync } from 'node:fs';

/** USER_HZ: /proc reports CPU time in these ticks (100 on Linux x86-64). */
const TICKS_PER_SECOND = 100;

/** utime + stime of `pid` in µs from /proc/<pid>/stat (0 when unreadable, e.g. the process has exited). */
export function processCpuMicros(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1_000_000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Direct children of this process (Linux; empty elsewhere). */
export function childPids(): number[] {
  try {
    return readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((pid) => pid !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** CPU µs of this process plus its children except `exclude` (the generator's share of the machine). */
export function generatorCpuMicros(exclude: readonly number[]): number {
  const own = process.cpuUsage();
  let total = own.user + own.system;
  for (const pid of childPids()) if (!exclude.includes(pid)) total += processCpuMicros(pid);
  return total;
}

export function loadAverage(): number[] {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return [];
  }
}
