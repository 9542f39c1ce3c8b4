import type {
  DeviceFrame,
  EventFrame,
  LiveClientFrame,
  LiveServerFrame,
  ServerToDeviceFrame,
} from '../../src/index.js';

/** Realistic example frames, one per frame type: used by the docs' byte dumps and as seeds for mutation fuzzing. */
export const eventFrame: EventFrame = {
  t: 'event',
  deviceId: 'medido-0042',
  seq: 17,
  deviceTime: 1_795_590_000_000,
  bootId: 'b7',
  e: { kind: 'dispensed', slot: '2026-11-25T08:00', pouchId: 'P-8812-17' },
};

export const DEVICE_SAMPLES: readonly DeviceFrame[] = [
  { t: 'auth', v: 1, deviceId: 'medido-0042', deviceTime: 1_795_590_000_000, mac: new Uint8Array(32).fill(0xab) },
  {
    t: 'hello',
    deviceType: 'medido',
    firmware: '4.2.1',
    capabilities: ['remind', 'dispense', 'lock', 'roll', 'label_reader'],
    bootId: 'b7',
    deviceTime: 1_795_590_000_000,
  },
  { t: 'status', deviceTime: 1_795_590_060_000, battery: 87, power: 'mains', signal: 64, rollRemaining: 41 },
  eventFrame,
  {
    t: 'batch',
    events: [
      { ...eventFrame, seq: 18, e: { kind: 'taken', slot: '2026-11-25T08:00' } },
      {
        ...eventFrame,
        seq: 19,
        e: {
          kind: 'roll_loaded',
          rollId: 'R-2026-48',
          pouches: [
            {
              pouchId: 'P-8812-18',
              citizenId: 'c-1001',
              slot: '2026-11-25T12:00',
              contents: [{ drug: 'Paracetamol 500 mg', amount: 2 }],
            },
          ],
        },
      },
    ],
  },
];

export const SERVER_TO_DEVICE_SAMPLES: readonly ServerToDeviceFrame[] = [
  { t: 'challenge', v: 1, nonce: new Uint8Array(16).fill(0x5a), serverTime: 1_795_589_999_000 },
  { t: 'ack', upToSeq: 19, serverTime: 1_795_590_000_120 },
  { t: 'resync', expectedSeq: 20 },
  { t: 'error', code: 'schema_violation', message: 'invalid `event` frame at seq: Too small', seq: 20 },
  {
    t: 'schedule',
    revision: 3,
    slots: [
      {
        slot: '2026-11-25T08:00',
        earlyMs: 1_800_000,
        lateMs: 3_600_000,
        contents: [{ drug: 'Metformin 500 mg', amount: 1 }],
      },
    ],
  },
  { t: 'command', id: 'cmd-77', action: 'invalidate_pouches', pouchIds: ['P-8812-18', 'P-8812-19'] },
];

export const LIVE_CLIENT_SAMPLES: readonly LiveClientFrame[] = [
  { t: 'auth', v: 1, token: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1LTcifQ.c2ln' },
  { t: 'subscribe', id: 's1', topic: 'alarms', filters: { teamIds: ['team-north'], states: ['unack_active'] } },
  { t: 'unsubscribe', id: 's1' },
  { t: 'command', id: 'c9', command: { action: 'acknowledge', alarmId: 'a-314' } },
  { t: 'ping' },
];

export const LIVE_SERVER_SAMPLES: readonly LiveServerFrame[] = [
  {
    t: 'auth_ok',
    v: 1,
    user: 'u-7',
    role: 'superuser',
    teams: ['team-north'],
    serverTime: 1_795_590_000_000,
    expiresAt: 1_795_593_600_000,
  },
  {
    t: 'snapshot',
    sub: 's1',
    topic: 'incidents',
    items: [
      {
        id: 'inc-1',
        teamId: 'team-north',
        cause: 'mass_offline',
        citizenIds: ['c-1001', 'c-1002'],
        deviceIds: ['medido-0042', 'smila-0007'],
        alarmIds: ['a-314', 'a-315'],
        openedAt: 1_795_590_000_000,
        updatedAt: 1_795_590_000_000,
      },
    ],
    page: 0,
    more: false,
  },
  { t: 'delta', topic: 'kpis', items: [{ name: 'ack_within_limit', value: 0.97, at: 1_795_590_000_000 }], removed: [] },
  { t: 'result', id: 'c9', ok: true },
  { t: 'error', code: 'forbidden', message: 'team not in token', id: 's2' },
  { t: 'pong', serverTime: 1_795_590_000_000 },
];
