/** How big each part of the benchmark is. `full` is the committed run; `quick` a fast look; `smoke` the test's. */
export type ProfileName = 'full' | 'quick' | 'smoke';

export interface Profile {
  readonly name: ProfileName;
  /** Ingest at saturation: repetitions of the interleaved A B C D round, seconds per run, intended rate. */
  readonly ingest: { rounds: number; seconds: number; warmupSeconds: number; rate: number; connections: number };
  /** Open-loop latency: rates and seconds per rate; the alarm probe's trigger rate. */
  readonly latency: { rates: readonly number[]; seconds: number; connections: number; alarmsPerSecond: number };
  /** Connections: devices holding heartbeats, the heartbeat interval, and the event load measured meanwhile. */
  readonly connections: { devices: number; heartbeatMs: number; holders: number; eventRate: number; seconds: number };
  /** Recovery: a simulated year (citizens × days × slots per day). */
  readonly recovery: { citizens: number; days: number; dosesPerDay: number };
  /** Core: frames decoded, validated and applied; devices they spread over. */
  readonly core: { frames: number; repeats: number };
  /** Widgets: alarms rendered, updates per second and for how long. */
  readonly widgets: { alarms: number; updatesPerSecond: number; updateSeconds: number; renders: number };
}

export const PROFILES: Record<ProfileName, Profile> = {
  full: {
    name: 'full',
    ingest: { rounds: 3, seconds: 3, warmupSeconds: 1, rate: 150_000, connections: 200 },
    latency: { rates: [5_000, 20_000, 50_000], seconds: 10, connections: 200, alarmsPerSecond: 50 },
    connections: { devices: 15_000, heartbeatMs: 10_000, holders: 4, eventRate: 5_000, seconds: 10 },
    recovery: { citizens: 1_600, days: 365, dosesPerDay: 4 },
    core: { frames: 400_000, repeats: 3 },
    widgets: { alarms: 10_000, updatesPerSecond: 100, updateSeconds: 5, renders: 3 },
  },
  quick: {
    name: 'quick',
    ingest: { rounds: 1, seconds: 3, warmupSeconds: 1, rate: 150_000, connections: 100 },
    latency: { rates: [20_000], seconds: 5, connections: 100, alarmsPerSecond: 50 },
    connections: { devices: 3_000, heartbeatMs: 5_000, holders: 2, eventRate: 2_000, seconds: 4 },
    recovery: { citizens: 1_600, days: 30, dosesPerDay: 4 },
    core: { frames: 100_000, repeats: 1 },
    widgets: { alarms: 10_000, updatesPerSecond: 100, updateSeconds: 2, renders: 1 },
  },
  smoke: {
    name: 'smoke',
    ingest: { rounds: 1, seconds: 1.5, warmupSeconds: 1.5, rate: 2_000, connections: 4 },
    latency: { rates: [500], seconds: 1, connections: 4, alarmsPerSecond: 10 },
    connections: { devices: 20, heartbeatMs: 500, holders: 2, eventRate: 100, seconds: 1 },
    recovery: { citizens: 10, days: 3, dosesPerDay: 4 },
    core: { frames: 2_000, repeats: 1 },
    widgets: { alarms: 200, updatesPerSecond: 20, updateSeconds: 0.5, renders: 1 },
  },
};
