import { describe, expect, it } from 'vitest';
import { FaultPlan, parseFaultRates } from '../../src/faults/fault-plan.js';
import { applyFault, FAULT_NAMES, wireFaults, type FaultName } from '../../src/faults/faults.js';
import { createRandom } from '../../src/random.js';
import { simHarness } from '../helpers/sim-harness.js';

const context = (h: ReturnType<typeof simHarness>) => ({ scheduler: h.scheduler, random: createRandom(3) });
const seqsAreContiguous = (seqs: number[]) => seqs.every((seq, i) => seq === i + 1);

describe('faults', () => {
  it('duplicated events are sent twice on the wire but accepted once', () => {
    const h = simHarness('flexsmart', wireFaults({ duplicate_events: 1 }, createRandom(1)));
    for (let i = 0; i < 5; i++) h.device.model.requestHelp();
    h.scheduler.advance(100);
    const eventFrames = h.server.frames.filter((f) => f.t === 'event');
    expect(eventFrames.length).toBe(10);
    expect(h.server.accepted.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(h.device.runtime.outbox.size()).toBe(0);
  });

  it('reordered events make the server resync, and nothing is lost', () => {
    const h = simHarness('flexsmart', wireFaults({ reorder_events: 0.5 }, createRandom(2)));
    for (let i = 0; i < 20; i++) {
      h.device.model.requestHelp();
      h.scheduler.advance(5);
    }
    h.scheduler.advance(120_000);
    expect(h.device.runtime.stats.resyncs).toBeGreaterThan(0);
    expect(seqsAreContiguous(h.server.accepted.map((e) => e.seq))).toBe(true);
    expect(h.server.accepted).toHaveLength(20);
    expect(h.device.runtime.outbox.size()).toBe(0);
  });

  it('a team outage buffers events and replays them after the network returns', () => {
    const h = simHarness('medido');
    const before = h.server.accepted.length;
    applyFault('team_outage', h.device, { ...context(h), durationMs: 10 * 60_000 });
    h.device.model.requestHelp();
    h.device.model.requestHelp();
    h.scheduler.advance(60_000);
    expect(h.server.accepted.length).toBe(before);
    expect(h.device.runtime.outbox.size()).toBe(2);
    h.scheduler.advance(11 * 60_000);
    expect(h.server.accepted.length).toBe(before + 2);
    expect(seqsAreContiguous(h.server.accepted.map((e) => e.seq))).toBe(true);
  });

  it('garbage, truncated and oversize frames get error frames and the device carries on', () => {
    const h = simHarness('medido');
    for (const name of ['garbage_frame', 'truncated_frame', 'oversize_frame'] as const) {
      expect(applyFault(name, h.device, context(h))).toBe(true);
    }
    h.scheduler.advance(100);
    expect(h.device.runtime.stats.errors).toBe(3);
    expect(h.device.runtime.stats.lastErrorCode).toBe('frame_too_large');
    h.device.model.requestHelp();
    h.scheduler.advance(100);
    expect(h.device.runtime.outbox.size()).toBe(0);
  });

  it('clock skew moves the device clock by more than five minutes', () => {
    const h = simHarness('medido');
    const before = h.device.runtime.deviceTime();
    applyFault('clock_skew', h.device, context(h));
    expect(Math.abs(h.device.runtime.deviceTime() - before)).toBeGreaterThanOrEqual(5 * 60_000);
  });

  it('device faults become the matching events', () => {
    const expectations: [FaultName, string][] = [
      ['low_battery', 'battery_low'],
      ['power_loss', 'power_lost'],
      ['tamper', 'tamper'],
      ['wrong_roll', 'roll_loaded'],
    ];
    for (const [fault, kind] of expectations) {
      const h = simHarness('medido');
      const before = h.server.accepted.length;
      expect(applyFault(fault, h.device, context(h))).toBe(true);
      h.scheduler.advance(100);
      expect(h.server.accepted.slice(before).map((e) => e.e.kind)).toContain(kind);
    }
    const wrong = simHarness('medido');
    applyFault('wrong_roll', wrong.device, { ...context(wrong), otherCitizenId: () => 'cit-other' });
    wrong.scheduler.advance(100);
    const loaded = wrong.server.accepted.at(-1)!.e;
    expect(loaded.kind === 'roll_loaded' && loaded.pouches.every((p) => p.citizenId === 'cit-other')).toBe(true);
  });

  it('a jam makes the next release fail', () => {
    const h = simHarness('medido');
    applyFault('jam', h.device, context(h));
    h.scheduler.advance(3 * 3_600_000);
    expect(h.server.accepted.map((e) => e.e)).toContainEqual({
      kind: 'dispense_failed',
      slot: '2026-11-25T08:00',
      reason: 'jam',
    });
  });

  it('fault rates parse by name, and a plan applies faults at about the given rate', () => {
    expect(parseFaultRates('jam=0.5,disconnect=2')).toEqual({ jam: 0.5, disconnect: 2 });
    expect(() => parseFaultRates('melt=1')).toThrow(/known: disconnect/);
    expect(FAULT_NAMES).toHaveLength(14);
    const h = simHarness('medido');
    const plan = new FaultPlan({ tamper: 1 }, context(h));
    const start = Date.parse('2026-11-25T05:00:00Z');
    for (let hour = 0; hour <= 200; hour++) plan.check([h.device], start + hour * 3_600_000);
    const tampers = plan.counts.get('tamper') ?? 0;
    // 200 hours at one per hour: a Poisson count, comfortably between 100 and 200.
    expect(tampers).toBeGreaterThan(100);
    expect(tampers).toBeLessThanOrEqual(200);
  });
});
