/** Messages between the load generator (parent) and its worker processes (IPC, structured clone). */
export interface WorkerDevice {
  deviceId: string;
  /** Hex of the per-device secret (handshake 'device' only). */
  secretHex?: string;
}

export interface WorkerConfig {
  url: string;
  devices: WorkerDevice[];
  /** Frames per second this worker sends. */
  ratePerSec: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
  /** 'device': answer the server's challenge (real Medtek server); 'none': baselines. */
  handshake: 'none' | 'device';
  /** Busy-poll for exact send times (use only with the server pinned to another core). */
  spin?: boolean;
  /** Bind client sockets to this local address (more source ports). */
  localAddress?: string;
}

export type ParentToWorker = { type: 'connect'; config: WorkerConfig } | { type: 'go'; startAtEpochMs: number };

export interface WorkerProgress {
  sent: number;
  acked: number;
  errors: number;
}

export interface WorkerResult {
  connected: number;
  connectFailures: number;
  /** Frames put on the wire (warm-up included). */
  sent: number;
  /** Frames of the measured window put on the wire before the window ended. */
  sentInWindow: number;
  /** Frames the schedule asked for in the measured window. */
  intendedInWindow: number;
  /** Acks (frames acknowledged) that arrived inside the measured window. */
  ackedInWindow: number;
  acked: number;
  /** Frames never acknowledged by the end of the drain. */
  unacked: number;
  /** Frames the schedule wanted but could not send (connection closed or write buffer full). */
  skipped: number;
  errors: number;
  closes: number;
  windowMs: number;
  /** Intended-send → ack, µs, measured window only (base64 HDR). */
  latency: string;
  /** Intended-send → actual send, µs (generator lateness). */
  sendLag: string;
}

export type WorkerToParent =
  | { type: 'ready'; connected: number; connectFailures: number }
  | { type: 'progress'; progress: WorkerProgress }
  | { type: 'done'; result: WorkerResult }
  | { type: 'failed'; message: string };
