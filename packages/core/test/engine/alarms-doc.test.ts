import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AlarmType, RISK_TABLE } from '../../src/index.js';

const doc = readFileSync(new URL('../../../../docs/alarms.md', import.meta.url), 'utf8');
const table = doc.slice(doc.indexOf('<!-- risk-table:start -->'), doc.indexOf('<!-- risk-table:end -->'));
const limit = (ms: number) => (ms >= 3_600_000 ? `${ms / 3_600_000} h` : `${ms / 60_000} min`);

describe('docs/alarms.md risk table', () => {
  it('documents every alarm type with the priority, response limit, receiver and reason of RISK_TABLE', () => {
    for (const type of AlarmType.options) {
      const row = RISK_TABLE[type];
      const line = table.split('\n').find((candidate) => candidate.startsWith(`| \`${type}\` |`));
      expect(line, type).toBeDefined();
      const cells = line!.split(' | ');
      expect(cells[1]!.startsWith(row.priority), type).toBe(true);
      if (row.timeCriticalPriority !== undefined)
        expect(cells[1], type).toContain(`${row.timeCriticalPriority} if time-critical`);
      expect(cells[2], type).toBe(limit(row.responseLimitMs));
      expect(cells[3], type).toBe(row.receiver);
      expect(line, type).toContain(row.reason);
    }
  });
});
