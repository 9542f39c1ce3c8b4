import { describe, expect, it } from 'vitest';
import { createMedtekMetrics, MetricsRegistry } from '../../src/metrics/index.js';

describe('Prometheus text exposition', () => {
  it('renders counters and gauges with labels, HELP and TYPE', () => {
    const registry = new MetricsRegistry();
    const frames = registry.counter('medtek_frames_total', 'Frames.', ['channel', 'direction']);
    const conns = registry.gauge('medtek_connections', 'Open sockets.', ['channel']);
    frames.inc({ channel: 'device', direction: 'in' }, 3);
    frames.inc({ channel: 'device', direction: 'in' });
    conns.inc({ channel: 'live' });
    conns.inc({ channel: 'live' });
    conns.dec({ channel: 'live' });
    const text = registry.render();
    expect(text).toContain('# HELP medtek_frames_total Frames.\n# TYPE medtek_frames_total counter\n');
    expect(text).toContain('medtek_frames_total{channel="device",direction="in"} 4\n');
    expect(text).toContain('medtek_connections{channel="live"} 1\n');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('renders cumulative histogram buckets with +Inf, sum and count', () => {
    const registry = new MetricsRegistry();
    const h = registry.histogram('fsync_seconds', 'Fsync.', [0.001, 0.01, 0.1]);
    for (const v of [0.0005, 0.002, 0.003, 0.05, 2]) h.observe(v);
    const text = registry.render();
    expect(text).toContain('fsync_seconds_bucket{le="0.001"} 1\n');
    expect(text).toContain('fsync_seconds_bucket{le="0.01"} 3\n');
    expect(text).toContain('fsync_seconds_bucket{le="0.1"} 4\n');
    expect(text).toContain('fsync_seconds_bucket{le="+Inf"} 5\n');
    expect(text).toContain('fsync_seconds_sum 2.0555\n');
    expect(text).toContain('fsync_seconds_count 5\n');
  });

  it('escapes label values and refuses bad names, duplicates and decreasing counters', () => {
    const registry = new MetricsRegistry();
    registry.counter('x_total', 'X.', ['reason']).inc({ reason: 'a "quoted"\\ line\nbreak' });
    expect(registry.render()).toContain('x_total{reason="a \\"quoted\\"\\\\ line\\nbreak"} 1');
    expect(() => registry.counter('x_total', 'again')).toThrow(/twice/);
    expect(() => registry.counter('bad-name', 'no')).toThrow(/invalid metric name/);
    expect(() => registry.counter('y_total', 'Y.').inc(undefined, -1)).toThrow(RangeError);
  });

  it('runs collectors at scrape time (open alarms computed from current state)', () => {
    const metrics = createMedtekMetrics();
    let open = { high: 2, medium: 0, low: 5 };
    metrics.registry.onCollect(() => {
      metrics.openAlarms.reset();
      for (const [priority, n] of Object.entries(open)) metrics.openAlarms.set(n, { priority });
    });
    expect(metrics.registry.render()).toContain('medtek_open_alarms{priority="high"} 2');
    open = { high: 0, medium: 1, low: 5 };
    const text = metrics.registry.render();
    expect(text).toContain('medtek_open_alarms{priority="high"} 0');
    expect(text).toContain('medtek_open_alarms{priority="medium"} 1');
    metrics.acks.inc();
    metrics.timeToAcknowledgeSeconds.observe(95, { priority: 'high' });
    expect(metrics.registry.render()).toMatch(/medtek_acks_total 1\n/);
    expect(metrics.registry.render()).toContain(
      'medtek_alarm_time_to_acknowledge_seconds_bucket{priority="high",le="120"} 1',
    );
  });
});
