import type { Alarm, DeviceView, Role } from '@medtek/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authorizeAlarmCommand,
  authorizeRegistry,
  authorizeSubscription,
  canSeeItem,
  isOriginAllowed,
  redactForRole,
  type Subject,
} from '../../src/auth/authorize.js';

const subject = (role: Role, teamIds = ['team-a']): Subject => ({ userId: `u-${role}`, role, teamIds });

const alarm: Alarm = {
  id: 'al-1',
  type: 'wrong_dose',
  priority: 'high',
  state: 'unack_active',
  acknowledged: false,
  cleared: false,
  citizenId: 'c-1',
  deviceId: 'd-1',
  teamId: 'team-a',
  raisedAt: 1,
  updatedAt: 1,
  comments: [],
  suppressed: false,
  escalationLevel: 0,
  responseLimitMs: 900_000,
  medication: { expected: [{ drug: 'Metformin', amount: 1 }], actual: [{ drug: 'Warfarin', amount: 1 }] },
};

const device: DeviceView = {
  deviceId: 'd-1',
  type: 'medimi',
  teamId: 'team-a',
  online: true,
  connected: true,
  power: 'mains',
  fill: { cassettes: [{ cassetteId: 'c1', remaining: 12, medication: { drug: 'Metformin' } }] },
  mode: 'active',
  locked: false,
  clockOffsetMs: 0,
  lastSeq: 3,
  updatedAt: 1,
};

describe('team scoping', () => {
  it('a user of team A never subscribes to or sees team B', () => {
    expect(authorizeSubscription(subject('superuser'), 'alarms', ['team-b'])).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(authorizeSubscription(subject('superuser'), 'alarms')).toMatchObject({ ok: true, teams: ['team-a'] });
    expect(canSeeItem(subject('superuser'), 'alarms', { ...alarm, teamId: 'team-b' })).toBe(false);
    expect(canSeeItem(subject('superuser'), 'alarms', alarm)).toBe(true);
  });

  it('an administrator sees every team', () => {
    expect(authorizeSubscription(subject('administrator', []), 'alarms')).toMatchObject({ ok: true, teams: 'all' });
    expect(canSeeItem(subject('administrator', []), 'devices', { teamId: 'anything' })).toBe(true);
  });
});

describe('topics by role', () => {
  it('staff may not subscribe to stock or kpis; technicians get technical alarms only, redacted', () => {
    expect(authorizeSubscription(subject('staff'), 'stock').ok).toBe(false);
    expect(authorizeSubscription(subject('staff'), 'kpis').ok).toBe(false);
    expect(authorizeSubscription(subject('technician'), 'alarms')).toMatchObject({
      ok: true,
      technicalOnly: true,
      redactMedication: true,
    });
    expect(authorizeSubscription(subject('technician'), 'kpis').ok).toBe(false);
    expect(canSeeItem(subject('technician'), 'alarms', alarm)).toBe(false);
    expect(canSeeItem(subject('technician'), 'alarms', { ...alarm, type: 'battery_low' })).toBe(true);
  });
});

describe('alarm commands', () => {
  it('follows the role table', () => {
    const target = { teamId: 'team-a', type: 'missed_dose' as const };
    expect(authorizeAlarmCommand(subject('superuser'), 'shelve', target).ok).toBe(true);
    expect(authorizeAlarmCommand(subject('coordinator'), 'shelve', target).ok).toBe(false);
    expect(authorizeAlarmCommand(subject('coordinator'), 'escalate', target).ok).toBe(true);
    expect(authorizeAlarmCommand(subject('staff'), 'acknowledge', target).ok).toBe(true);
    expect(authorizeAlarmCommand(subject('staff'), 'assign', target).ok).toBe(false);
    expect(authorizeAlarmCommand(subject('administrator', []), 'shelve', target).ok).toBe(true);
  });

  it('refuses commands on another team and medication alarms for technicians', () => {
    expect(
      authorizeAlarmCommand(subject('superuser'), 'acknowledge', { teamId: 'team-b', type: 'missed_dose' }),
    ).toMatchObject({
      ok: false,
      code: 'forbidden',
    });
    expect(
      authorizeAlarmCommand(subject('technician'), 'acknowledge', { teamId: 'team-a', type: 'missed_dose' }).ok,
    ).toBe(false);
    expect(
      authorizeAlarmCommand(subject('technician'), 'resolve', { teamId: 'team-a', type: 'device_offline' }).ok,
    ).toBe(true);
  });
});

describe('registry (REST)', () => {
  it('only administrators manage users and move the clock; technicians never read schedules or screenings', () => {
    expect(authorizeRegistry(subject('administrator', []), 'write', 'clock').ok).toBe(true);
    expect(authorizeRegistry(subject('superuser'), 'write', 'clock').ok).toBe(false);
    expect(authorizeRegistry(subject('superuser'), 'write', 'users').ok).toBe(false);
    expect(authorizeRegistry(subject('technician'), 'read', 'schedules').ok).toBe(false);
    expect(authorizeRegistry(subject('technician'), 'read', 'screenings').ok).toBe(false);
    expect(authorizeRegistry(subject('technician'), 'write', 'stock', 'team-a').ok).toBe(true);
    expect(authorizeRegistry(subject('coordinator'), 'write', 'screenings', 'team-b').ok).toBe(false);
    expect(authorizeRegistry(subject('coordinator'), 'read', 'audit').ok).toBe(false);
  });
});

describe('redactForRole', () => {
  it('strips every medication part for technicians without mutating the input', () => {
    const redactedAlarm = redactForRole(alarm, 'technician');
    expect(redactedAlarm).not.toHaveProperty('medication');
    expect(alarm.medication).toBeDefined();
    const redactedDevice = redactForRole(device, 'technician');
    expect(redactedDevice.fill.cassettes?.[0]).toEqual({ cassetteId: 'c1', remaining: 12 });
    expect(JSON.stringify(redactedDevice)).not.toContain('Metformin');
  });

  it('returns the very same object for other roles and for items without medication', () => {
    expect(redactForRole(alarm, 'superuser')).toBe(alarm);
    const plain = { ...alarm, medication: undefined, type: 'battery_low' };
    delete plain.medication;
    expect(redactForRole(plain, 'technician')).toBe(plain);
  });

  it('leaves no medication key anywhere, for any nested shape', () => {
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.integer(),
        fc.string(),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom('medication', 'fill', 'items', 'x'), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (value) => {
        const hasMedication = (v: unknown): boolean =>
          Array.isArray(v)
            ? v.some(hasMedication)
            : v !== null && typeof v === 'object'
              ? Object.entries(v).some(([k, c]) => k === 'medication' || hasMedication(c))
              : false;
        expect(hasMedication(redactForRole(value, 'technician'))).toBe(false);
      }),
    );
  });
});

describe('origin allow-list', () => {
  const allowed = ['https://cura.example.dk', 'http://localhost:5173'];
  it('accepts listed origins exactly and refuses everything else', () => {
    expect(isOriginAllowed('https://cura.example.dk', allowed)).toBe(true);
    expect(isOriginAllowed('HTTPS://CURA.example.dk', allowed)).toBe(true);
    expect(isOriginAllowed('http://localhost:5173', allowed)).toBe(true);
    expect(isOriginAllowed('https://cura.example.dk.evil.com', allowed)).toBe(false);
    expect(isOriginAllowed('http://cura.example.dk', allowed)).toBe(false);
    expect(isOriginAllowed('null', allowed)).toBe(false);
    expect(isOriginAllowed('', allowed)).toBe(false);
    expect(isOriginAllowed(undefined, allowed)).toBe(false);
  });
});
