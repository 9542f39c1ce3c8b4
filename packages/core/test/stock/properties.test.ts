import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Role,
  StockState,
  StockUnit,
  StockUnitView,
  allowedStockMoves,
  applyStockMove,
  toStockUnitView,
  type StockActor,
  type StockMove,
} from '../../src/index.js';
import { newUnit, t0 } from './fixtures.js';

const citizen = fc.constantFrom('cit-1', 'cit-2');
const location = fc.option(fc.constantFrom('depot-nord', 'depot-syd'), { nil: undefined });
const reason = fc.option(fc.constantFrom('', '  ', 'Defekt', 'Udløbet'), { nil: undefined });
const move: fc.Arbitrary<StockMove> = fc.oneof(
  fc.record({ citizenId: citizen, reason }).map(({ citizenId, reason }): StockMove => ({
    kind: 'reserve',
    citizenId,
    ...(reason === undefined ? {} : { reason }),
  })),
  citizen.map((citizenId): StockMove => ({ kind: 'install', citizenId })),
  location.map((at): StockMove => ({ kind: 'collect', ...(at === undefined ? {} : { location: at }) })),
  fc.constant<StockMove>({ kind: 'clean' }),
  reason.map((text): StockMove => ({ kind: 'repair', ...(text === undefined ? {} : { reason: text }) })),
  location.map((at): StockMove => ({ kind: 'return_to_stock', ...(at === undefined ? {} : { location: at }) })),
  reason.map((text): StockMove => ({ kind: 'scrap', ...(text === undefined ? {} : { reason: text }) })),
);
const actor: fc.Arbitrary<StockActor> = fc
  .constantFrom(...Role.options, 'technician', 'technician')
  .map((role) => ({ userId: `user-${role}`, role }));

describe('stock properties', () => {
  it('any sequence of moves keeps the unit legal; refusals change nothing; each acceptance adds one history entry', () => {
    const statesSeen = new Set<string>();
    fc.assert(
      fc.property(fc.array(fc.tuple(move, actor), { maxLength: 80, size: 'max' }), (steps) => {
        let unit = newUnit();
        steps.forEach(([requested, who], index) => {
          const before = structuredClone(unit);
          const result = applyStockMove(unit, requested, who, t0 + index * 1000);
          expect(unit).toEqual(before);
          if (result.ok) {
            expect(allowedStockMoves(before, who.role)).toContain(requested.kind);
            expect(result.unit.history).toHaveLength(before.history.length + 1);
            expect(result.unit.history.slice(0, -1)).toEqual(before.history);
            expect(result.unit.history.at(-1)).toMatchObject({
              move: requested.kind,
              by: who.userId,
              from: before.state,
            });
            unit = result.unit;
            statesSeen.add(unit.state);
          } else {
            expect(result.message.da.length).toBeGreaterThan(0);
            expect(result.message.en.length).toBeGreaterThan(0);
          }
          const check = StockUnit.safeParse(unit);
          if (!check.success) throw new Error(check.error.message);
          expect(StockUnitView.safeParse(toStockUnitView(unit)).success).toBe(true);
        });
      }),
    );
    // The generator is not degenerate: random walks reach every state.
    expect([...statesSeen].sort()).toEqual([...StockState.options].sort());
  });

  it('a move is accepted only if it is listed as allowed for the state and role', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(move, actor), { maxLength: 30 }), move, actor, (prefix, last, who) => {
        let unit = newUnit();
        for (const [requested, by] of prefix) {
          const result = applyStockMove(unit, requested, by, t0);
          if (result.ok) unit = result.unit;
        }
        const result = applyStockMove(unit, last, who, t0);
        if (!allowedStockMoves(unit, who.role).includes(last.kind)) expect(result.ok).toBe(false);
      }),
    );
  });
});
