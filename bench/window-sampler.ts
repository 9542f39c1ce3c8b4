import { generatorCpuMicros } from './proc-stats.js';
import type { ServerProcess } from './server-process.js';

interface Sample {
  atMs: number;
  acked: number;
  serverCpuMicros: number;
  generatorCpuMicros: number;
}

export interface WindowUsage {
  /** Server CPU over the sampled window: fraction of one core (1 = 100 %). */
  serverCpu: number;
  /** Server CPU µs per acknowledged event over the window. */
  serverMicrosPerEvent: number;
  /** Generator processes' CPU over the window, in cores (may exceed 1 on an unpinned machine). */
  generatorCpu: number;
  /** Wall milliseconds the window spanned (between the first and last sample). */
  windowMs: number;
  /** 'window': sampled inside the measured window; 'run': whole run (the generator was too busy to report). */
  basis: 'window' | 'run';
}

/**
 * Samples the server child's CPU and the generator's CPU on the load generator's progress callbacks that fall inside
 * the measured window, so CPU per event is taken over (almost exactly) the window the ack rate is taken over.
 */
export class WindowSampler {
  private readonly samples: Sample[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private runStart: Sample | undefined;

  constructor(
    private readonly server: ServerProcess,
    private readonly windowStartMs: number,
    private readonly windowEndMs: number,
  ) {}

  /** Call just before the load starts (the whole-run fallback's first sample). */
  async start(): Promise<void> {
    this.runStart = await this.sample(0);
  }

  private async sample(acked: number, atMs = performance.now()): Promise<Sample> {
    const usage = await this.server.usage();
    return {
      atMs,
      acked,
      serverCpuMicros: usage.cpuMicros,
      generatorCpuMicros: generatorCpuMicros([this.server.pid]),
    };
  }

  onProgress = (progress: { acked: number; elapsedMs: number }): void => {
    if (progress.elapsedMs < this.windowStartMs || progress.elapsedMs > this.windowEndMs) return;
    const startedAt = performance.now();
    this.inFlight = this.inFlight.then(async () => {
      const usage = await this.server.usage();
      this.samples.push({
        atMs: startedAt,
        acked: progress.acked,
        serverCpuMicros: usage.cpuMicros,
        generatorCpuMicros: generatorCpuMicros([this.server.pid]),
      });
    });
  };

  /**
   * Usage over the measured window when at least two progress reports fell inside it; otherwise (a generator too
   * busy to report on time) over the whole run, from `start()` to now with `totalAcked` acknowledged events.
   */
  async result(totalAcked: number): Promise<WindowUsage | undefined> {
    await this.inFlight;
    let first = this.samples[0];
    let last = this.samples[this.samples.length - 1];
    let basis: WindowUsage['basis'] = 'window';
    if ((!first || !last || last === first) && this.runStart) {
      first = this.runStart;
      last = await this.sample(totalAcked);
      basis = 'run';
    }
    if (!first || !last || last === first) return undefined;
    const wallMicros = (last.atMs - first.atMs) * 1000;
    const acked = last.acked - first.acked;
    const serverMicros = last.serverCpuMicros - first.serverCpuMicros;
    return {
      serverCpu: serverMicros / wallMicros,
      serverMicrosPerEvent: acked > 0 ? serverMicros / acked : Number.NaN,
      generatorCpu: (last.generatorCpuMicros - first.generatorCpuMicros) / wallMicros,
      windowMs: last.atMs - first.atMs,
      basis,
    };
  }
}
