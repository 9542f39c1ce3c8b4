export { Counter, Gauge, Histogram, type Labels, MetricsRegistry, PROMETHEUS_CONTENT_TYPE } from './registry.js';
export {
  BATCH_SIZE_BUCKETS,
  createMedtekMetrics,
  FSYNC_BUCKETS_SECONDS,
  type MedtekMetrics,
  TIME_TO_ACKNOWLEDGE_BUCKETS_SECONDS,
} from './medtek-metrics.js';
