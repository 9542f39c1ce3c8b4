import { describe, expect, it } from 'vitest';
import {
  STOCK_TRANSITIONS,
  StockState,
  StockUnit,
  StockUnitView,
  allowedStockMoves,
  applyStockMove,
  registerStockUnit,
  stockRefusalErrorCode,
  toStockUnitView,
  type StockMove,
} from '../../src/index.js';
import { coordinator, moved, newUnit, t0, technician } from './fixtures.js';

describe('stock unit lifecycle', () => {
  it('goes round the full cycle: stock → reserved → installed → collected → cleaning → stock', () => {
    const unit = newUnit();
    expect(StockUnit.safeParse(unit).success).toBe(true);
    const installed = moved(unit, { kind: 'reserve', citizenId: 'cit-7' }, { kind: 'install', citizenId: 'cit-7' });
    expect(installed).toMatchObject({ state: 'installed', citizenId: 'cit-7' });
    const back = moved(
      installed,
      { kind: 'collect', location: 'depot-syd' },
      { kind: 'clean' },
      { kind: 'return_to_stock' },
    );
    expect(back.state).toBe('in_stock');
    expect(back.citizenId).toBeUndefined();
    expect(back.location).toBe('depot-syd');
    expect(back.history.map((entry) => entry.move)).toEqual([
      'register',
      'reserve',
      'install',
      'collect',
      'clean',
      'return_to_stock',
    ]);
    expect(back.history[3]).toMatchObject({ from: 'installed', to: 'collected', by: 'tech-bo', citizenId: 'cit-7' });
    expect(StockUnit.safeParse(back).success).toBe(true);
  });

  it('refuses an illegal move with a reason in Danish and English, leaving the unit as it was', () => {
    const unit = newUnit();
    const snapshot = structuredClone(unit);
    const result = applyStockMove(unit, { kind: 'install', citizenId: 'cit-7' }, technician, t0);
    expect(result).toEqual({
      ok: false,
      code: 'illegal_move',
      message: {
        da: 'Enheden er på lager og kan ikke installeres.',
        en: 'The unit is in stock and cannot be installed.',
      },
    });
    expect(unit).toEqual(snapshot);
  });

  it('refuses to install a unit reserved for another citizen', () => {
    const reserved = moved(newUnit(), { kind: 'reserve', citizenId: 'cit-7' });
    const result = applyStockMove(reserved, { kind: 'install', citizenId: 'cit-8' }, technician, t0);
    expect(result).toMatchObject({ ok: false, code: 'reserved_for_other_citizen' });
    if (!result.ok) expect(result.message.da).toBe('Enheden er reserveret til en anden borger.');
  });

  it('needs a reason to repair or scrap, and nothing happens to a scrapped unit', () => {
    const collected = moved(
      newUnit(),
      { kind: 'reserve', citizenId: 'c' },
      { kind: 'install', citizenId: 'c' },
      {
        kind: 'collect',
      },
    );
    const noReason = applyStockMove(collected, { kind: 'scrap', reason: '   ' }, technician, t0);
    expect(noReason).toMatchObject({ ok: false, code: 'reason_required' });
    const repairNoReason = applyStockMove(collected, { kind: 'repair' }, technician, t0);
    expect(repairNoReason.ok === false && repairNoReason.message.en).toBe(
      'Describe the fault before sending the unit to repair.',
    );
    const scrapped = moved(collected, { kind: 'scrap', reason: 'Knækket display' });
    expect(scrapped.history.at(-1)?.reason).toBe('Knækket display');
    expect(allowedStockMoves(scrapped)).toEqual([]);
    const again = applyStockMove(scrapped, { kind: 'return_to_stock' }, technician, t0);
    expect(again).toMatchObject({ ok: false, code: 'unit_scrapped' });
  });

  it('lets repair and cleaning follow each other, and a reservation be cancelled', () => {
    const unit = moved(
      newUnit(),
      { kind: 'reserve', citizenId: 'c' },
      { kind: 'return_to_stock', reason: 'Borgeren er flyttet' },
      { kind: 'repair', reason: 'Batteriet lader ikke' },
      { kind: 'clean' },
      { kind: 'repair', reason: 'Knap sidder fast' },
      { kind: 'return_to_stock' },
    );
    expect(unit.state).toBe('in_stock');
    expect(StockUnit.safeParse(unit).success).toBe(true);
  });

  it('lets coordinators reserve (and cancel), but only technicians and administrators move units otherwise', () => {
    const unit = newUnit();
    const reserved = applyStockMove(unit, { kind: 'reserve', citizenId: 'c' }, coordinator, t0);
    expect(reserved.ok).toBe(true);
    if (!reserved.ok) return;
    expect(allowedStockMoves(reserved.unit, 'coordinator')).toEqual(['return_to_stock']);
    expect(allowedStockMoves(reserved.unit, 'technician')).toEqual(['install', 'return_to_stock']);
    const install = applyStockMove(reserved.unit, { kind: 'install', citizenId: 'c' }, coordinator, t0);
    expect(install).toMatchObject({ ok: false, code: 'forbidden_role' });
    if (!install.ok) expect(stockRefusalErrorCode(install.code)).toBe('forbidden');
    const staff = applyStockMove(unit, { kind: 'reserve', citizenId: 'c' }, { userId: 's', role: 'staff' }, t0);
    expect(staff).toMatchObject({ ok: false, code: 'forbidden_role' });
    expect(stockRefusalErrorCode('illegal_move')).toBe('conflict');
    const registered = registerStockUnit(
      { unitId: 'u-9', deviceType: 'smila', serial: 'S9', location: 'depot-nord' },
      coordinator,
      t0,
    );
    expect(registered).toMatchObject({ ok: false, code: 'forbidden_role' });
  });

  it('has a move into every state except the start, and scrapped is final', () => {
    const reachable = new Set(Object.values(STOCK_TRANSITIONS).map((rule) => rule.to));
    for (const state of StockState.options) if (state !== 'in_stock') expect(reachable.has(state)).toBe(true);
    for (const rule of Object.values(STOCK_TRANSITIONS)) expect(rule.from).not.toContain('scrapped');
  });

  it('the schema rejects units that break the invariants', () => {
    const unit = newUnit();
    expect(StockUnit.safeParse({ ...unit, state: 'installed' }).success).toBe(false);
    expect(StockUnit.safeParse({ ...unit, citizenId: 'c' }).success).toBe(false);
    const forged: StockMove = { kind: 'install', citizenId: 'c' };
    const bad = {
      ...unit,
      state: 'installed',
      citizenId: 'c',
      history: [
        ...unit.history,
        { move: forged.kind, from: 'in_stock', to: 'installed', by: 'x', at: t0, location: unit.location },
      ],
    };
    expect(StockUnit.safeParse(bad).success).toBe(false);
  });

  it('has a small live view with the last move and no history', () => {
    const unit = moved(newUnit(), { kind: 'reserve', citizenId: 'cit-7', reason: 'Screening 12/2' });
    const view = toStockUnitView(unit);
    expect(StockUnitView.safeParse(view).success).toBe(true);
    expect(view).toEqual({
      unitId: 'u-1',
      deviceType: 'medido',
      serial: 'SN-u-1',
      state: 'reserved',
      location: 'depot-nord',
      citizenId: 'cit-7',
      since: t0 + 60_000,
      lastMove: { move: 'reserve', by: 'tech-bo', at: t0 + 60_000, reason: 'Screening 12/2' },
    });
  });
});
