import { describe, expect, it } from 'vitest';
import { contingencyCsv, contingencyHtml, contingencyList, EngineSnapshot } from '../../src/index.js';
import { at } from './fixtures.js';
import { kpiFixture } from './kpi-fixture.js';

describe('72-hour contingency list', () => {
  // From a snapshot serialised to JSON and back: what a degraded server (or an offline copy) has.
  const { h } = kpiFixture();
  const snapshot = EngineSnapshot.parse(JSON.parse(JSON.stringify(h.engine.snapshot())));
  const now = at('2026-11-25', '07:00');
  const list = contingencyList(snapshot, 'team-a', now, { snapshotAt: h.now });

  it('lists each citizen of the team with address, dose times in the next 72 h, device state and last contact', () => {
    expect(list.rows.map((row) => [row.name, row.address, row.doses.length, row.deviceType, row.online])).toEqual([
      ['Anna Andersen', 'Nørregade 1, 8000 Aarhus C', 6, 'medido', true],
      ['Bo Berg', 'Vestergade 2, 8000 Aarhus C', 3, 'flexsmart', true],
    ]);
    expect(list.rows[0]?.doses[0]).toMatchObject({ slot: '2026-11-25T08:00', dueAt: at('2026-11-25', '08:00') });
    expect(list.rows[0]?.doses.at(-1)?.slot).toBe('2026-11-27T20:00');
    expect(list.until).toBe(now + 72 * 3_600_000);
    expect(contingencyList(snapshot, 'team-x', now).rows).toEqual([]);
  });

  it('exports CSV in Danish by default, and English on request, without drug names', () => {
    const csv = contingencyCsv(list);
    const [header, anna] = csv.split('\r\n');
    expect(header).toBe('Borger,Adresse,Trin,Dosistider,Enhed,Status,Seneste kontakt');
    expect(anna).toContain('"Nørregade 1, 8000 Aarhus C"');
    expect(anna).toContain('ons 25.11 08:00; ons 25.11 20:00; tor 26.11 08:00');
    expect(anna).toContain('online, batteri 90 %');
    expect(csv).not.toContain('Metformin');
    expect(contingencyCsv(list, 'en').split('\r\n')[0]).toBe(
      'Citizen,Address,Step,Dose times,Device,State,Last contact',
    );
  });

  it('renders a printable Danish page (print CSS, escaped text)', () => {
    const html = contingencyHtml({ ...list, teamName: 'Hjemmepleje <Nord>' });
    expect(html).toContain('<html lang="da">');
    expect(html).toContain('@media print');
    expect(html).toContain('@page { size: A4 landscape');
    expect(html).toContain('Hjemmepleje &lt;Nord&gt;');
    expect(html).toContain('<th scope="row">Anna Andersen</th>');
    expect(html).not.toContain('Simvastatin');
  });
});
