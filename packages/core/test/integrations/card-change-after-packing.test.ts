import { describe, expect, it } from 'vitest';
import { type EngineOutput, type PouchLabel, scheduleFromFmkCard } from '../../src/index.js';
import { Harness } from '../engine/harness.js';
import { at, CPR, fmkCard } from './fixtures.js';

/** The roll as the pharmacy packed it for period 1, as the dispenser reads the labels (≤ 64 per event). */
function packedRoll(citizenId: string): PouchLabel[] {
  const card = fmkCard();
  return card.periods[0]!.pouches.filter(
    (pouch) => pouch.asNeeded !== true && pouch.date >= '2026-11-25' && pouch.date <= '2026-11-30',
  ).map((pouch) => ({
    pouchId: `p-${pouch.date}T${pouch.time}`,
    citizenId,
    slot: `${pouch.date}T${pouch.time}`,
    contents: pouch.drugs
      .map((drug) => ({ drug: drug.name, amount: drug.amount }))
      .sort((a, b) => (a.drug < b.drug ? -1 : 1)),
  }));
}

function importCard(h: Harness, card: unknown): EngineOutput[] {
  const result = scheduleFromFmkCard(card, { citizenId: 'c-carl', cpr: CPR, now: h.now });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.schedules.flatMap((schedule) =>
    h.apply({ type: 'registry', actor: 'fmk-import', change: { kind: 'schedule_upsert', schedule } }),
  );
}

describe('importing a changed FMK card after the roll was packed', () => {
  it('blocks the affected pouches, pauses the device and alarms the coordinator; an unchanged card does nothing', () => {
    const h = new Harness(at('2026-11-25', '06:00'));
    h.setup({ citizenId: 'c-carl', deviceId: 'medido-1', type: 'medido', slots: [], validFrom: '2026-11-25' });
    importCard(h, fmkCard());
    h.connect('medido-1', 'medido');
    h.event('medido-1', { kind: 'roll_loaded', rollId: 'roll-48', pouches: packedRoll('c-carl') });
    expect(h.openTypes()).toEqual([]);

    // The same card again: nothing to invalidate.
    h.advanceTo(at('2026-11-25', '09:00'));
    h.status('medido-1');
    const same = importCard(h, fmkCard());
    expect(same.some((output) => output.type === 'to_device' && output.frame.t === 'command')).toBe(false);

    // The GP raised the evening dose after the period's deadline: the pharmacy's card shows the new dose.
    const changed = importCard(h, fmkCard({ evening: { name: 'Simvastatin 40 mg', amount: 1 } }));
    const commands = changed.flatMap((output) =>
      output.type === 'to_device' && output.frame.t === 'command' ? [output.frame] : [],
    );
    const invalidate = commands.find((command) => command.action === 'invalidate_pouches');
    const invalidated = (invalidate as { pouchIds?: string[] } | undefined)?.pouchIds ?? [];
    expect(invalidated).toContain('p-2026-11-25T20:00');
    expect(invalidated).toContain('p-2026-11-30T20:00');
    expect(commands.map((command) => command.action)).toContain('pause');
    expect(h.alarmOf('schedule_changed_after_packing')).toMatchObject({
      priority: 'high',
      citizenId: 'c-carl',
      deviceId: 'medido-1',
      medication: {
        expected: [{ drug: 'Simvastatin 40 mg', amount: 1 }],
        actual: [{ drug: 'Simvastatin 20 mg', amount: 1 }],
      },
    });
    // Morning pouches still match the card and stay valid.
    expect(invalidated.some((id) => id.endsWith('T08:00'))).toBe(false);
  });
});
