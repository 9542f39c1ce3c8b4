import { MetricsRegistry } from './registry.js';

/** Seconds; fsync on SSDs takes 0.1–10 ms, on slow disks far more. */
export const FSYNC_BUCKETS_SECONDS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1];
/** Seconds; alarm response limits range from minutes to hours. */
export const TIME_TO_ACKNOWLEDGE_BUCKETS_SECONDS = [30, 60, 120, 300, 600, 900, 1_800, 3_600, 7_200, 14_400, 43_200];
/** Records per group commit. */
export const BATCH_SIZE_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_024, 4_096];

/** The server's metrics. Channels: `device`, `live`; directions: `in`, `out`. */
export function createMedtekMetrics(registry = new MetricsRegistry()) {
  return {
    registry,
    connections: registry.gauge('medtek_connections', 'Open WebSocket connections.', ['channel']),
    connectionsRefused: registry.counter(
      'medtek_connections_refused_total',
      'Upgrades refused before a socket was opened.',
      ['channel', 'reason'],
    ),
    authFailures: registry.counter('medtek_auth_failures_total', 'Failed authentications.', ['channel', 'code']),
    frames: registry.counter('medtek_frames_total', 'WebSocket frames handled (rate() gives frames/s).', [
      'channel',
      'direction',
    ]),
    invalidFrames: registry.counter('medtek_invalid_frames_total', 'Frames rejected by the codec.', [
      'channel',
      'code',
    ]),
    acks: registry.counter('medtek_acks_total', 'Cumulative acks sent to devices after a durable journal write.'),
    fsyncSeconds: registry.histogram('medtek_journal_fsync_seconds', 'Journal fsync latency.', FSYNC_BUCKETS_SECONDS),
    batchRecords: registry.histogram('medtek_journal_batch_records', 'Records per group commit.', BATCH_SIZE_BUCKETS),
    openAlarms: registry.gauge('medtek_open_alarms', 'Open (not closed) alarms by priority.', ['priority']),
    timeToAcknowledgeSeconds: registry.histogram(
      'medtek_alarm_time_to_acknowledge_seconds',
      'Time from raise to acknowledge.',
      TIME_TO_ACKNOWLEDGE_BUCKETS_SECONDS,
      ['priority'],
    ),
    httpRequests: registry.counter('medtek_http_requests_total', 'REST requests by status class.', ['status']),
  };
}

export type MedtekMetrics = ReturnType<typeof createMedtekMetrics>;
