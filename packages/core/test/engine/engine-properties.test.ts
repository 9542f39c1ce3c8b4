import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine, type EngineOutput } from '../../src/index.js';
import { journalArb, type Timed } from './random-inputs.js';

function run(engine: Engine, journal: Timed[]): EngineOutput[] {
  const outputs: EngineOutput[] = [];
  for (const { input, now } of journal) outputs.push(...engine.apply(input, now).outputs);
  return outputs;
}

const openKey = (alarm: { citizenId?: string; deviceId?: string; type: string; slot?: string }) =>
  `${alarm.citizenId ?? ''}/${alarm.deviceId ?? ''}/${alarm.type}/${alarm.slot ?? ''}`;

describe('engine properties (fast-check)', () => {
  it('is deterministic: the same inputs give the same outputs and the same snapshot', () => {
    fc.assert(
      fc.property(journalArb, (journal) => {
        const a = new Engine();
        const b = new Engine();
        expect(run(a, journal)).toEqual(run(b, journal));
        expect(a.snapshot()).toEqual(b.snapshot());
      }),
      { numRuns: 150 },
    );
  });

  it('replaying an applied device event changes nothing (duplicate, not journaled, same snapshot)', () => {
    fc.assert(
      fc.property(journalArb, (journal) => {
        const once = new Engine();
        const twice = new Engine();
        run(once, journal);
        for (const entry of journal) {
          const first = twice.apply(entry.input, entry.now);
          if (entry.input.type !== 'device_event') continue;
          // a gap is not applied: sending it again is another gap (counted towards device_fault)
          if (first.outputs.some((output) => output.type === 'event_result' && output.status === 'gap')) continue;
          const before = JSON.stringify(twice.snapshot());
          const again = twice.apply(entry.input, entry.now);
          expect(again.journal).toBe(false);
          expect(again.outputs.every((output) => output.type === 'event_result')).toBe(true);
          expect(JSON.stringify(twice.snapshot())).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never holds two open alarms for one (citizen or device, type, slot)', () => {
    fc.assert(
      fc.property(journalArb, (journal) => {
        const engine = new Engine();
        for (const { input, now } of journal) {
          engine.apply(input, now);
          const keys = engine.alarms({ openOnly: true }).map(openKey);
          expect(new Set(keys).size).toBe(keys.length);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('snapshot → restore → continue equals continuing', () => {
    fc.assert(
      fc.property(journalArb, fc.nat(), (journal, cut) => {
        const split = cut % (journal.length + 1);
        const continuous = new Engine();
        run(continuous, journal.slice(0, split));
        const restored = new Engine(undefined, continuous.snapshot());
        expect(run(restored, journal.slice(split))).toEqual(run(continuous, journal.slice(split)));
        expect(restored.snapshot()).toEqual(continuous.snapshot());
        expect(restored.nextDeadline() === undefined).toBe(continuous.nextDeadline() === undefined);
      }),
      { numRuns: 150 },
    );
  });

  it('replaying only the journaled inputs reproduces the state (unjournaled inputs changed nothing)', () => {
    fc.assert(
      fc.property(journalArb, (journal) => {
        const live = new Engine();
        const kept: Timed[] = [];
        for (const entry of journal) if (live.apply(entry.input, entry.now).journal) kept.push(entry);
        const replayed = new Engine();
        run(replayed, kept);
        expect(replayed.snapshot()).toEqual(live.snapshot());
        // Start-up replay (no outputs built) reaches the very same state, and answers queries alike.
        const quiet = new Engine();
        for (const entry of kept) quiet.replay(entry.input, entry.now);
        expect(quiet.snapshot()).toEqual(live.snapshot());
        expect(quiet.devices()).toEqual(replayed.devices());
      }),
      { numRuns: 150 },
    );
  });
});
