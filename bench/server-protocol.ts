import type { BaselineName } from '../packages/device-sim/src/index.js';

/** What the benchmark asks its server child to be. */
export type ServerSpec =
  | {
      kind: 'medtek';
      /** Devices to provision before reporting ready: `${prefix}-1 … ${prefix}-${count}`. */
      devices: { prefix: string; count: number }[];
      /** Reuse this data dir (recovery); default: a fresh temp dir, removed on stop. */
      dataDir?: string;
      /** Manual clock from this instant (recovery: the end of the simulated year); default: the real clock. */
      manualClockAt?: number;
      /** Local date the seeded schedules start. */
      validFrom?: string;
    }
  | { kind: BaselineName };

export type ParentToServer = { type: 'usage' } | { type: 'stop' };

export interface ServerUsage {
  /** process.cpuUsage() user + system, µs since the child started. */
  cpuMicros: number;
  rssBytes: number;
  /** Medtek only: journal batches and records so far. */
  journal?: { batches: number; durableRecords: number; syncMsSum: number };
  /** Medtek only: device sockets authenticated and open. */
  connectedDevices?: number;
}

export type ServerToParent =
  | {
      type: 'ready';
      port: number;
      pid: number;
      /** Medtek: a dev token for the live probe (superuser of the bench team). */
      liveToken?: string;
      /** Medtek: what start-up replayed, and how long startServer took in all (ms). */
      startup?: { replayedRecords: number; replayMs: number; startServerMs: number };
      /** RSS once ready (before any load). */
      rssBytes: number;
    }
  | { type: 'usage'; usage: ServerUsage }
  | { type: 'failed'; message: string };
