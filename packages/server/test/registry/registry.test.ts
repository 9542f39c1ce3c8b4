import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type StockUnit } from '@medtek/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChallenge, signDeviceAuth, verifyDeviceAuthWithKeys } from '../../src/auth/device-auth.js';
import { Registry, RegistryLoadError, serverKeyId } from '../../src/registry/index.js';

const keys = { current: new Uint8Array(32).fill(7) };
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'medtek-registry-'));
  file = join(dir, 'data', 'registry.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function seeded(): Promise<Registry> {
  const registry = await Registry.open(file);
  await registry.upsertTeam({ id: 'team-a', name: 'Hjemmepleje Nord' });
  await registry.upsertTeam({ id: 'team-b', name: 'Hjemmepleje Syd' });
  await registry.upsertUser({ userId: 'u-1', name: 'Sanne', role: 'superuser', teamIds: ['team-a'] });
  await registry.upsertCitizen({ id: 'c-1', teamId: 'team-a', name: 'Karen', address: 'Vej 1', staircaseStep: 2 });
  await registry.upsertCitizen({ id: 'c-2', teamId: 'team-b', name: 'Ole', address: 'Vej 2', staircaseStep: 1 });
  return registry;
}

describe('Registry (lowdb)', () => {
  it('persists to a real file under vitest (not the in-memory preset) and reads it back', async () => {
    expect(process.env.NODE_ENV).toBe('test');
    await seeded();
    const reopened = await Registry.open(file);
    expect(reopened.listTeams().map((t) => t.id)).toEqual(['team-a', 'team-b']);
    expect(reopened.getUser('u-1')?.role).toBe('superuser');
    expect(reopened.listCitizens(['team-a']).map((c) => c.id)).toEqual(['c-1']);
    expect(reopened.listCitizens()).toHaveLength(2);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ version: 1 });
  });

  it('provisions a device: the secret is returned once, verifies, and is never written to disk', async () => {
    const registry = await seeded();
    const { device, secret } = await registry.provisionDevice(
      { deviceId: 'medido-1', type: 'medido', teamId: 'team-a', citizenId: 'c-1' },
      'u-admin',
      1_000,
      keys,
    );
    expect(device.credential).toEqual({
      provisionedAt: 1_000,
      provisionedBy: 'u-admin',
      serverKeyId: serverKeyId(keys.current),
    });
    const nonce = createChallenge();
    const mac = signDeviceAuth(secret, nonce, 'medido-1', 5);
    expect(verifyDeviceAuthWithKeys({ nonce, deviceId: 'medido-1', deviceTime: 5, mac }, keys)).toEqual({
      ok: true,
      keySlot: 'current',
    });
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain(Buffer.from(secret).toString('hex'));
    expect(onDisk).not.toContain(Buffer.from(secret).toString('base64'));
    expect(onDisk).not.toContain(Buffer.from(keys.current).toString('hex'));

    expect(registry.isDeviceActive('medido-1')).toBe(true);
    await registry.updateDevice({ deviceId: 'medido-1', type: 'medido', teamId: 'team-a' });
    expect(registry.getDevice('medido-1')?.citizenId).toBeUndefined();
    expect(registry.getDevice('medido-1')?.credential.provisionedBy).toBe('u-admin');
    await registry.revokeDevice('medido-1', 2_000);
    expect(registry.isDeviceActive('medido-1')).toBe(false);
    expect((await Registry.open(file)).getDevice('medido-1')?.credential.revokedAt).toBe(2_000);
    expect(registry.isDeviceActive('unknown')).toBe(false);
  });

  it('keeps schedules per citizen ordered by validFrom, replacing the same start date', async () => {
    const registry = await seeded();
    const slot = {
      time: '08:00',
      earlyMinutes: 30,
      lateMinutes: 60,
      timeCritical: false,
      contents: [{ drug: 'Panodil', amount: 2 }],
    };
    await registry.setSchedule({ citizenId: 'c-1', validFrom: '2026-12-01', source: 'fmk', slots: [slot] });
    await registry.setSchedule({ citizenId: 'c-1', validFrom: '2026-11-01', source: 'fmk', slots: [] });
    await registry.setSchedule({
      citizenId: 'c-1',
      validFrom: '2026-12-01',
      source: 'manual',
      slots: [slot, { ...slot, time: '20:00' }],
    });
    const schedules = (await Registry.open(file)).getSchedules('c-1');
    expect(schedules.map((s) => [s.validFrom, s.source, s.slots.length])).toEqual([
      ['2026-11-01', 'fmk', 0],
      ['2026-12-01', 'manual', 2],
    ]);
  });

  it('stores stock units and the engine snapshot with its journal position', async () => {
    const registry = await seeded();
    const unit: StockUnit = {
      unitId: 'unit-1',
      deviceType: 'smila',
      serial: 'SM-0001',
      state: 'in_stock',
      location: 'depot',
      history: [{ move: 'register', to: 'in_stock', by: 'u-tech', at: 10, location: 'depot' }],
    };
    await registry.upsertStockUnit(unit);
    const engine = new Engine().snapshot();
    await registry.saveSnapshot({ journalPosition: 42, takenAt: 99, engine });
    const reopened = await Registry.open(file);
    expect(reopened.getStockUnit('unit-1')).toEqual(unit);
    expect(reopened.getSnapshot()).toEqual({ journalPosition: 42, takenAt: 99, engine });
    expect(() => new Engine(undefined, reopened.getSnapshot()!.engine)).not.toThrow();
  });

  it('refuses invalid input without changing the file', async () => {
    const registry = await seeded();
    const before = readFileSync(file, 'utf8');
    await expect(registry.upsertTeam({ id: 'bad id with spaces', name: 'x' })).rejects.toThrow();
    await expect(
      registry.upsertCitizen({ id: 'c-3', teamId: 'team-a', name: 'X', address: '', staircaseStep: 9 as never }),
    ).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('refuses a damaged registry file with the file and field named', async () => {
    await seeded();
    writeFileSync(file, '{ "version": 1, "teams": ');
    await expect(Registry.open(file)).rejects.toThrow(RegistryLoadError);
    writeFileSync(file, JSON.stringify({ version: 1, teams: { t: { id: 't' } } }));
    await expect(Registry.open(file)).rejects.toThrow(/registry\.json cannot be loaded: .*teams\.t\.name/);
  });
});
