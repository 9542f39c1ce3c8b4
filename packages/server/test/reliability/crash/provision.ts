import { join } from 'node:path';
import type { Citizen, DeviceRecord, Team } from '@medtek/core';
import { createDevTokenIssuer, loadOrCreateDevTokenKey } from '../../../src/auth/dev-token-key.js';

/**
 * Provisions through the server's REST API like an administrator would (POST /api/v1/teams, /citizens, /devices),
 * with a token from the server's development identity provider (its key file in the data dir). Returns each
 * device's secret as the API hands it out, once.
 */
export async function provisionOverRest(options: {
  url: string;
  dataDir: string;
  team: Team;
  citizens: readonly Citizen[];
  devices: readonly DeviceRecord[];
  concurrency?: number;
}): Promise<Map<string, Uint8Array>> {
  const key = await loadOrCreateDevTokenKey(join(options.dataDir, 'dev-token-key.json'));
  const token = await createDevTokenIssuer(key, 'medtek-dev', 'medtek').issueDevToken(
    { sub: 'crash-admin', role: 'administrator', teams: [options.team.id] },
    3_600,
  );
  const post = async (path: string, body: unknown): Promise<unknown> => {
    const response = await fetch(`${options.url}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  await post('/teams', options.team);
  const secrets = new Map<string, Uint8Array>();
  await inParallel(options.citizens, options.concurrency ?? 16, (citizen) => post('/citizens', citizen));
  await inParallel(options.devices, options.concurrency ?? 16, async (device) => {
    const answer = (await post('/devices', device)) as { secret: string };
    secrets.set(device.deviceId, Buffer.from(answer.secret, 'hex'));
  });
  return secrets;
}

async function inParallel<T>(items: readonly T[], width: number, run: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
