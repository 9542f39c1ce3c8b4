import type { DemoMunicipality } from './demo-municipality.js';

export interface SeedResult {
  /** False when the registry already had teams (a restart keeps the data as it is). */
  seeded: boolean;
  counts: { teams: number; citizens: number; devices: number; schedules: number; stockUnits: number };
}

/**
 * Seeds the demo municipality through the public REST API (`/api/v1`), as a portal or an installer would: teams,
 * citizens, schedules, device provisioning, stock units and their moves. Runs only on an empty registry.
 * `token` is an administrator's (development) token.
 */
export async function seedDemoMunicipality(
  baseUrl: string,
  token: string,
  town: DemoMunicipality,
): Promise<SeedResult> {
  const api = restClient(baseUrl, token);
  const counts = {
    teams: town.teams.length,
    citizens: town.citizens.length,
    devices: town.devices.length,
    schedules: town.schedules.length,
    stockUnits: town.stock.length,
  };
  const existing = await api<unknown[]>('GET', '/teams');
  if (existing.length > 0) return { seeded: false, counts };

  for (const team of town.teams) await api('POST', '/teams', team);
  await inBatches(town.citizens, (citizen) => api('POST', '/citizens', citizen));
  await inBatches(town.schedules, (schedule) => api('PUT', `/citizens/${schedule.citizenId}/schedule`, schedule));
  // Provisioning answers with the device secret once; the demo fleet re-derives it in-process instead of keeping it.
  await inBatches(town.devices, (device) => api('POST', '/devices', device));
  await inBatches(town.stock, async (unit) => {
    await api('POST', '/stock', {
      unitId: unit.unitId,
      deviceType: unit.deviceType,
      serial: unit.serial,
      location: unit.location,
      ...(unit.deviceId !== undefined ? { deviceId: unit.deviceId } : {}),
    });
    for (const move of unit.moves) await api('POST', `/stock/${unit.unitId}/moves`, move);
  });
  return { seeded: true, counts };
}

type RestCall = <T = unknown>(method: string, path: string, body?: unknown) => Promise<T>;

function restClient(baseUrl: string, token: string): RestCall {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`seeding: ${method} ${path} answered ${response.status}: ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
}

/** A few requests at a time: quick, without flooding the journal's group commit with hundreds at once. */
async function inBatches<T>(items: readonly T[], run: (item: T) => Promise<unknown>, size = 8): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}
