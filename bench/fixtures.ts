import type { DoseSlot, RegistryChange } from '../packages/core/src/index.js';

/** The one team every benchmark citizen and device belongs to. */
export const BENCH_TEAM = 'team-bench';
/** The Origin the live probe presents (on the benchmark server's allow-list). */
export const BENCH_ORIGIN = 'http://bench.localhost';
/** A fixed device-auth server key, so the parent derives device secrets without asking the server child. */
export const BENCH_SERVER_KEY_HEX = '6d656474656b2d62656e63682d7365727665722d6b65792d30303030303030ab';

/** Four doses a day, like most dose-dispensing citizens. */
export const FOUR_DOSES: DoseSlot[] = ['08:00', '12:00', '17:00', '21:00'].map((time) => ({
  time,
  earlyMinutes: 30,
  lateMinutes: 60,
  timeCritical: false,
  contents: [{ drug: 'Metformin 500 mg', amount: 1 }],
}));

export function teamChange(): RegistryChange {
  return { kind: 'team_upsert', team: { id: BENCH_TEAM, name: 'Bench e-Team' } };
}

/** A citizen with the MedidoClock `deviceId` and a four-dose schedule from `validFrom`. */
export function citizenWithDevice(deviceId: string, validFrom: string, heartbeatIntervalMs?: number): RegistryChange[] {
  const citizenId = `cit-${deviceId}`;
  return [
    {
      kind: 'citizen_upsert',
      citizen: {
        id: citizenId,
        teamId: BENCH_TEAM,
        name: `Borger ${deviceId}`,
        address: 'Bænkvej 1',
        staircaseStep: 3,
      },
    },
    {
      kind: 'device_upsert',
      device: {
        deviceId,
        type: 'medido',
        teamId: BENCH_TEAM,
        citizenId,
        ...(heartbeatIntervalMs !== undefined ? { heartbeatIntervalMs } : {}),
      },
    },
    { kind: 'schedule_upsert', schedule: { citizenId, validFrom, source: 'fmk', slots: FOUR_DOSES } },
  ];
}

/** Device ids `${prefix}-1 … ${prefix}-${count}` (the load generator's naming). */
export function deviceIds(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`);
}
