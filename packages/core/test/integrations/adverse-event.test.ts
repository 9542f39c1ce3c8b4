import { describe, expect, it } from 'vitest';
import { adverseEventDrafts, replayHistory } from '../../src/index.js';
import { Harness } from '../engine/harness.js';
import { at } from './fixtures.js';

describe('adverse-event draft', () => {
  it('is prepared from an alarm resolved as adverse_event: time line, device events and handling vs the limit', () => {
    const h = new Harness(at('2026-11-23', '07:00'), { heartbeatIntervalMs: 3_600_000 });
    h.setup({
      citizenId: 'c-dora',
      deviceId: 'medido-d',
      type: 'medido',
      validFrom: '2026-11-23',
      slots: [
        {
          time: '08:00',
          earlyMinutes: 30,
          lateMinutes: 60,
          timeCritical: false,
          contents: [{ drug: 'Warfarin 2.5 mg', amount: 1 }],
        },
      ],
    });
    h.connect('medido-d', 'medido');
    h.advanceTo(at('2026-11-23', '08:05'));
    h.status('medido-d');
    h.event('medido-d', { kind: 'dispensed', slot: '2026-11-23T08:00' });
    h.event('medido-d', { kind: 'taken', slot: '2026-11-23T08:00' });
    h.advanceTo(at('2026-11-23', '08:10'));
    h.status('medido-d');
    // a second intake of the same slot
    h.event('medido-d', { kind: 'dispensed', slot: '2026-11-23T08:00' });
    const alarm = h.alarmOf('double_dose_attempt')!;
    expect(h.engine.alarms().map((item) => item.type)).toEqual(['double_dose_attempt']);
    h.advanceTo(at('2026-11-23', '08:30'));
    h.command({ action: 'acknowledge', alarmId: alarm.id });
    h.command({ action: 'comment', alarmId: alarm.id, text: 'Borgeren har taget to doser; læge kontaktet' });
    h.command({ action: 'resolve', alarmId: alarm.id, outcome: 'adverse_event' });

    // replay with the same engine config as the live engine (the journal does not store it)
    const history = replayHistory(h.inputs, at('2026-11-23', '12:00'), { heartbeatIntervalMs: 3_600_000 });
    const drafts = adverseEventDrafts(history);
    expect(drafts).toHaveLength(1);
    const [draft] = drafts;
    expect(draft).toMatchObject({
      alarmId: alarm.id,
      alarmType: alarm.type,
      citizenId: 'c-dora',
      deviceId: 'medido-d',
      category: 'medication',
      handling: { timeToAcknowledgeMs: at('2026-11-23', '08:30') - alarm.raisedAt, acknowledgedBy: 'nurse-1' },
    });
    expect(draft?.handling.withinResponseLimit).toBe(draft!.handling.timeToAcknowledgeMs! <= alarm.responseLimitMs);
    expect(draft?.deviceEvents.map((record) => record.event.kind)).toEqual(['dispensed', 'taken', 'dispensed']);
    const sources = draft?.timeline.map((item) => item.source);
    expect(sources?.slice(0, 3)).toEqual(['device', 'device', 'device']);
    expect(draft?.timeline[3]?.text).toBe('alarm_raised by device:medido-d');
    expect(draft?.timeline.some((item) => item.source === 'comment' && item.text.includes('læge kontaktet'))).toBe(
      true,
    );
    expect(draft?.timeline.some((item) => item.text.startsWith('alarm_resolved by nurse-1: adverse_event'))).toBe(true);
    expect(draft?.summary.da).toContain('utilsigtet hændelse');
    expect(draft?.toComplete.length).toBeGreaterThan(0);
  });
});
