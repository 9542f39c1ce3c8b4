import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine, type RegistryChange } from '../../src/index.js';
import { at, EVENING, MORNING, slot } from './harness.js';
import { journalArb, type Timed } from './random-inputs.js';

/**
 * The engine memoises derived facts on the hot path (e.g. each citizen's next dose for device views). A restored
 * engine starts with none of them, so after every step the views of the running engine must equal the views that a
 * restore computes from scratch — also across schedule changes, schedule removal and re-pairing.
 */
const registryArb: fc.Arbitrary<RegistryChange> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('c-1', 'c-2', 'c-3', 'c-4'),
      fc.constantFrom('2026-03-28', '2026-03-29', '2026-03-30'),
      fc.subarray(['02:30', '08:00', '12:00', '20:00', '23:30'], { minLength: 1 }),
    )
    .map(([citizenId, validFrom, times]): RegistryChange => ({
      kind: 'schedule_upsert',
      schedule: {
        citizenId,
        validFrom,
        source: 'fmk',
        slots: times.map((time) => slot(time, time < '12:00' ? MORNING : EVENING)),
      },
    })),
  fc
    .constantFrom('c-1', 'c-2', 'c-3', 'c-4')
    .map((citizenId): RegistryChange => ({ kind: 'schedule_remove', citizenId })),
  fc
    .tuple(fc.constantFrom('d-1', 'd-2', 'd-3', 'd-4'), fc.option(fc.constantFrom('c-1', 'c-2', 'c-3', 'c-4')))
    .map(([deviceId, citizenId]): RegistryChange => ({
      kind: 'pairing',
      deviceId,
      ...(citizenId !== null ? { citizenId } : {}),
    })),
);

/** The random journals of the engine properties, with registry changes spliced in at random steps. */
const journalWithRegistryArb = fc
  .tuple(journalArb, fc.array(fc.tuple(fc.nat(), registryArb), { maxLength: 8 }))
  .map(([journal, changes]) => {
    const result: Timed[] = journal.slice();
    for (const [position, change] of changes) {
      const index = 17 + (position % Math.max(1, result.length - 16)); // after the fixed setup
      const now = result[Math.min(index, result.length - 1)]!.now;
      result.splice(index, 0, { now, input: { type: 'registry', change } });
    }
    return result;
  });

describe('memoised derived state (fast-check)', () => {
  it('device views equal those of an engine restored from the snapshot, after every step', () => {
    fc.assert(
      fc.property(journalWithRegistryArb, (journal) => {
        const engine = new Engine();
        for (const { input, now } of journal) {
          engine.apply(input, now);
          const fresh = new Engine(undefined, engine.snapshot());
          fresh.apply({ type: 'tick' }, now); // views are computed at the engine's `now`
          expect(engine.devices()).toEqual(fresh.devices());
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the next dose moves on at the end of its window without any input to the citizen', () => {
    const engine = new Engine();
    const start = at('2026-03-28', '06:00');
    engine.apply({ type: 'registry', change: { kind: 'team_upsert', team: { id: 't', name: 't' } } }, start);
    engine.apply(
      {
        type: 'registry',
        change: {
          kind: 'citizen_upsert',
          citizen: { id: 'c-1', teamId: 't', name: 'c', address: '', staircaseStep: 2 },
        },
      },
      start,
    );
    engine.apply(
      {
        type: 'registry',
        change: { kind: 'device_upsert', device: { deviceId: 'd-1', type: 'medido', teamId: 't', citizenId: 'c-1' } },
      },
      start,
    );
    engine.apply(
      {
        type: 'registry',
        change: {
          kind: 'schedule_upsert',
          schedule: { citizenId: 'c-1', validFrom: '2026-03-28', source: 'fmk', slots: [slot('08:00', MORNING)] },
        },
      },
      start,
    );
    expect(engine.device('d-1')?.nextDose?.slot).toBe('2026-03-28T08:00');
    // the window (08:00 ± 60 min by default in the harness slot) ends at 09:00; a tick at 09:30 handles the deadline
    engine.apply({ type: 'tick' }, at('2026-03-28', '09:30'));
    expect(engine.device('d-1')?.nextDose?.slot).toBe('2026-03-29T08:00');
  });
});
