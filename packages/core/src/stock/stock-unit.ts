import type { z } from 'zod';
import { CITIZEN_STATES, STOCK_TRANSITIONS } from './lifecycle.js';
import { StockUnitFields } from './unit.js';

type UnitShape = z.infer<typeof StockUnitFields>;

/** Broken invariants of a unit (empty when legal): the citizen link matches the state, the history is a legal chain. */
export function stockUnitProblems(unit: UnitShape): string[] {
  const problems: string[] = [];
  const belongsToCitizen = CITIZEN_STATES.includes(unit.state);
  if (belongsToCitizen && unit.citizenId === undefined) problems.push(`${unit.state} unit without citizen`);
  if (!belongsToCitizen && unit.citizenId !== undefined) problems.push(`${unit.state} unit linked to a citizen`);
  unit.history.forEach((entry, index) => {
    if (index === 0) {
      if (entry.move !== 'register' || entry.to !== 'in_stock' || entry.from !== undefined) {
        problems.push('history must start with the registration into stock');
      }
      return;
    }
    const previous = unit.history[index - 1]!;
    if (entry.move === 'register') return void problems.push(`history[${index}]: registered twice`);
    if (entry.from !== previous.to) problems.push(`history[${index}]: starts from ${entry.from}, not ${previous.to}`);
    const rule = STOCK_TRANSITIONS[entry.move];
    if (entry.from === undefined || !rule.from.includes(entry.from) || entry.to !== rule.to) {
      problems.push(`history[${index}]: ${entry.move} from ${entry.from} to ${entry.to} is not a legal move`);
    }
  });
  const last = unit.history.at(-1);
  if (last && last.to !== unit.state) problems.push(`state ${unit.state} differs from history (${last.to})`);
  if (last && last.location !== unit.location) problems.push('location differs from history');
  return problems;
}

/** A device unit in a legal state (the schema checks the lifecycle invariants too). */
export const StockUnit = StockUnitFields.superRefine((unit, ctx) => {
  for (const message of stockUnitProblems(unit)) ctx.addIssue({ code: 'custom', message });
});
export type StockUnit = z.infer<typeof StockUnit>;
