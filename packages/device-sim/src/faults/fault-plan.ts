import type { SimDevice } from '../devices/sim-device.js';
import { applyFault, FAULT_NAMES, WIRE_FAULTS, type FaultContext, type FaultName } from './faults.js';

const HOUR = 3_600_000;

/** Fault rates: per-device occurrences per simulated hour (per-frame probability for the wire faults). */
export type FaultRates = Partial<Record<FaultName, number>>;

/** Parses `name=rate,name=rate` (CLI). Unknown names throw with the list of valid ones. */
export function parseFaultRates(text: string): FaultRates {
  const rates: FaultRates = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [name, value] = part.split('=');
    if (!name || !(FAULT_NAMES as readonly string[]).includes(name)) {
      throw new Error(`unknown fault "${name}"; known: ${FAULT_NAMES.join(', ')}`);
    }
    const rate = Number(value ?? '1');
    if (!Number.isFinite(rate) || rate < 0) throw new Error(`fault ${name}: rate must be a non-negative number`);
    rates[name as FaultName] = rate;
  }
  return rates;
}

/**
 * Draws the per-hour faults for a fleet: at each check, a device suffers fault f with probability
 * 1 − exp(−rate_f · Δt) where Δt is the simulated hours since the previous check (a Poisson process per device).
 */
export class FaultPlan {
  private lastCheck: number | undefined;
  readonly counts = new Map<FaultName, number>();

  constructor(
    private readonly rates: FaultRates,
    private readonly context: FaultContext,
  ) {}

  /** `serverNow`: the simulated time now (epoch ms). */
  check(devices: readonly SimDevice[], serverNow: number): void {
    if (this.lastCheck === undefined) {
      this.lastCheck = serverNow;
      return;
    }
    const hours = Math.max(0, serverNow - this.lastCheck) / HOUR;
    this.lastCheck = serverNow;
    if (hours === 0) return;
    for (const [name, rate] of Object.entries(this.rates) as [FaultName, number][]) {
      if (WIRE_FAULTS.includes(name) || rate <= 0) continue;
      const p = 1 - Math.exp(-rate * hours);
      for (const device of devices) {
        if (this.context.random.chance(p) && applyFault(name, device, this.context)) {
          this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
        }
      }
    }
  }
}
