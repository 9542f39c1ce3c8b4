import type { FaultName } from '../faults/faults.js';

/** A snapshot of a running fleet (the progress display and `pnpm start` read it). */
export interface FleetStats {
  devices: number;
  /** Devices with an authenticated socket now. */
  connected: number;
  /** Events the devices recorded / the server acknowledged (durably journaled) / still waiting in outboxes. */
  eventsRecorded: number;
  eventsAcked: number;
  eventsPending: number;
  heartbeats: number;
  /** Successful authentications (the first one and every reconnect). */
  connects: number;
  disconnects: number;
  /** Resyncs the server asked for (gaps: reordered events). */
  resyncs: number;
  /** Commands the server sent to devices (pause, lock, invalidate, video …). */
  commands: number;
  /** The live subscriber is authenticated and subscribed. */
  liveConnected: boolean;
  /** Distinct alarms the live subscriber has seen, and how many of them are open (not closed) now. */
  alarmsSeen: number;
  alarmsOpen: number;
  alarmsByType: Record<string, number>;
  incidentsSeen: number;
  faults: Partial<Record<FaultName, number>>;
  /** Error frames from the server, undecodable frames, and fleet-side failures (REST, live). */
  errors: number;
  lastError: string | undefined;
  /** The fleet's estimate of the server's clock (epoch ms) and its speed relative to real time. */
  serverTime: number;
  serverSpeed: number;
}
