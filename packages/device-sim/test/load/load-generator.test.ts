import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaseline, type BaselineServer } from '../../src/load/baselines.js';
import { runLoad } from '../../src/load/load-generator.js';

describe('open-loop load generator against a decode-and-ack baseline', () => {
  let server: BaselineServer;
  beforeAll(async () => {
    server = await startBaseline('uws-ack');
  });
  afterAll(async () => {
    await server.close();
  });

  it('sends at its intended rate within 2 % from two processes, and every frame is acknowledged', async () => {
    const report = await runLoad({
      url: server.url,
      rate: 2_000,
      connections: 20,
      seconds: 3,
      warmupSeconds: 0.5,
      workers: 2,
    });
    expect(report.connectFailures).toBe(0);
    expect(report.workers).toBe(2);
    expect(Math.abs(report.achievedSendRate - 2_000) / 2_000).toBeLessThanOrEqual(0.02);
    expect(report.unacked).toBe(0);
    expect(report.acked).toBe(report.sent);
    expect(report.sent).toBe(Math.floor(2_000 * 3.5));
    expect(report.keptUp).toBe(true);
    expect(report.latency.count).toBe(2_000 * 3);
    expect(report.latency.p50Ms).toBeGreaterThan(0);
    expect(report.latency.p99Ms).toBeGreaterThanOrEqual(report.latency.p50Ms);
    expect(report.latency.maxMs).toBeGreaterThanOrEqual(report.latency.p999Ms);
  });
});
