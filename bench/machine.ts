import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { canPin } from './pinning.js';
import { loadAverage } from './proc-stats.js';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  ramGiB: number;
  node: string;
  commit: string;
  /** True when uncommitted changes existed in the working tree (other engineers share it). */
  dirtyTree: boolean;
  date: string;
  pinned: boolean;
  /** 1/5/15-minute load averages at the start and end of the run (the machine is shared). */
  loadAverageStart: number[];
  loadAverageEnd?: number[];
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    commit: git(['rev-parse', '--short', 'HEAD']),
    dirtyTree: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    date: new Date().toISOString(),
    pinned: canPin(),
    loadAverageStart: loadAverage(),
  };
}
