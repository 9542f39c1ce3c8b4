import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  Citizen,
  type CitizenId,
  type DeviceId,
  DeviceRecord,
  type EpochMs,
  FollowUpRecord,
  Schedule,
  Screening,
  StockUnit,
  Team,
  type TeamId,
  TrainingRecord,
  type UserId,
} from '@medtek/core';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { type DeviceKeyRing, deriveDeviceSecret } from '../auth/device-auth.js';
import { emptyRegistry, type RegisteredDevice, RegistryData, RegistryUser, StateSnapshot } from './schema.js';

export class RegistryLoadError extends Error {
  constructor(file: string, reason: string) {
    super(`registry ${file} cannot be loaded: ${reason}`);
    this.name = 'RegistryLoadError';
  }
}

/** Short public fingerprint of a server key (never the key): which key a device secret was derived from. */
export function serverKeyId(serverKey: Uint8Array): string {
  return createHash('sha256').update(serverKey).digest('hex').slice(0, 16);
}

export interface ProvisionResult {
  device: RegisteredDevice;
  /** The device's secret: return it in the provisioning response ONCE; it is not stored anywhere. */
  secret: Uint8Array;
}

/**
 * The lowdb-backed registry: teams, users, citizens, devices (credential metadata only), schedules, screenings,
 * follow-ups, trainings, stock units and the latest engine snapshot with its journal position.
 *
 * The journal is the source of truth; this file is a projection for fast start-up and human inspection, written
 * atomically (steno: temp file + rename). Each mutator validates its input, changes the data and persists it.
 * Callers journal the same change as an engine `registry` input.
 */
export class Registry {
  private constructor(
    private readonly db: Low<RegistryData>,
    readonly file: string,
  ) {}

  /** Opens (or creates) the registry file; a damaged file is refused with the failing fields named. */
  static async open(file: string): Promise<Registry> {
    mkdirSync(dirname(file), { recursive: true });
    // Not JSONFilePreset: it silently swaps in an in-memory adapter when NODE_ENV=test.
    const db = new Low<RegistryData>(new JSONFile<RegistryData>(file), emptyRegistry());
    try {
      await db.read();
    } catch (error) {
      throw new RegistryLoadError(file, (error as Error).message);
    }
    const parsed = RegistryData.safeParse(db.data);
    if (!parsed.success) {
      const fields = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new RegistryLoadError(file, fields.join('; '));
    }
    db.data = parsed.data;
    return new Registry(db, file);
  }

  /** Read-only view of everything (for snapshots, exports and tests). */
  get data(): Readonly<RegistryData> {
    return this.db.data;
  }

  private async commit(): Promise<void> {
    await this.db.write();
  }

  // ---- teams and users ----

  async upsertTeam(team: Team): Promise<Team> {
    const value = Team.parse(team);
    this.db.data.teams[value.id] = value;
    await this.commit();
    return value;
  }

  async removeTeam(teamId: TeamId): Promise<boolean> {
    if (!(teamId in this.db.data.teams)) return false;
    delete this.db.data.teams[teamId];
    await this.commit();
    return true;
  }

  listTeams(): Team[] {
    return Object.values(this.db.data.teams);
  }

  async upsertUser(user: RegistryUser): Promise<RegistryUser> {
    const value = RegistryUser.parse(user);
    this.db.data.users[value.userId] = value;
    await this.commit();
    return value;
  }

  getUser(userId: UserId): RegistryUser | undefined {
    return this.db.data.users[userId];
  }

  listUsers(teamIds?: readonly TeamId[]): RegistryUser[] {
    const users = Object.values(this.db.data.users);
    return teamIds ? users.filter((u) => u.teamIds.some((t) => teamIds.includes(t))) : users;
  }

  // ---- citizens ----

  async upsertCitizen(citizen: Citizen): Promise<Citizen> {
    const value = Citizen.parse(citizen);
    this.db.data.citizens[value.id] = value;
    await this.commit();
    return value;
  }

  getCitizen(citizenId: CitizenId): Citizen | undefined {
    return this.db.data.citizens[citizenId];
  }

  /** Citizens of these teams (all when undefined: administrators). */
  listCitizens(teamIds?: readonly TeamId[]): Citizen[] {
    const citizens = Object.values(this.db.data.citizens);
    return teamIds ? citizens.filter((c) => teamIds.includes(c.teamId)) : citizens;
  }

  // ---- devices ----

  /**
   * Registers a device (or re-registers it, keeping its id) and derives its secret from the current server key.
   * Only credential metadata is stored; the returned secret goes into the REST response once.
   */
  async provisionDevice(device: DeviceRecord, by: UserId, at: EpochMs, keys: DeviceKeyRing): Promise<ProvisionResult> {
    const record = DeviceRecord.parse(device);
    const registered: RegisteredDevice = {
      ...record,
      credential: { provisionedAt: at, provisionedBy: by, serverKeyId: serverKeyId(keys.current) },
    };
    this.db.data.devices[record.deviceId] = registered;
    await this.commit();
    return { device: registered, secret: deriveDeviceSecret(keys.current, record.deviceId) };
  }

  /** Updates pairing/team/heartbeat of a provisioned device without touching its credential. */
  async updateDevice(device: DeviceRecord): Promise<RegisteredDevice | undefined> {
    const record = DeviceRecord.parse(device);
    const existing = this.db.data.devices[record.deviceId];
    if (!existing) return undefined;
    const updated: RegisteredDevice = { ...record, credential: existing.credential };
    this.db.data.devices[record.deviceId] = updated;
    await this.commit();
    return updated;
  }

  /** Refuses the device at its next authentication (a correct MAC no longer suffices). */
  async revokeDevice(deviceId: DeviceId, at: EpochMs): Promise<boolean> {
    const existing = this.db.data.devices[deviceId];
    if (!existing) return false;
    existing.credential = { ...existing.credential, revokedAt: at };
    await this.commit();
    return true;
  }

  async removeDevice(deviceId: DeviceId): Promise<boolean> {
    if (!(deviceId in this.db.data.devices)) return false;
    delete this.db.data.devices[deviceId];
    await this.commit();
    return true;
  }

  getDevice(deviceId: DeviceId): RegisteredDevice | undefined {
    return this.db.data.devices[deviceId];
  }

  /** May this device authenticate at all? (provisioned and not revoked; the MAC is checked separately) */
  isDeviceActive(deviceId: DeviceId): boolean {
    const device = this.db.data.devices[deviceId];
    return device !== undefined && device.credential.revokedAt === undefined;
  }

  listDevices(teamIds?: readonly TeamId[]): RegisteredDevice[] {
    const devices = Object.values(this.db.data.devices);
    return teamIds ? devices.filter((d) => teamIds.includes(d.teamId)) : devices;
  }

  // ---- schedules, screenings, follow-ups, trainings ----

  /** Adds a schedule (replacing one with the same validFrom), keeping the citizen's list ordered by validFrom. */
  async setSchedule(schedule: Schedule): Promise<Schedule> {
    const value = Schedule.parse(schedule);
    const list = (this.db.data.schedules[value.citizenId] ?? []).filter((s) => s.validFrom !== value.validFrom);
    list.push(value);
    list.sort((a, b) => a.validFrom.localeCompare(b.validFrom));
    this.db.data.schedules[value.citizenId] = list;
    await this.commit();
    return value;
  }

  getSchedules(citizenId: CitizenId): Schedule[] {
    return this.db.data.schedules[citizenId] ?? [];
  }

  async upsertScreening(screening: Screening): Promise<Screening> {
    const value = Screening.parse(screening);
    this.db.data.screenings[value.screeningId] = value;
    await this.commit();
    return value;
  }

  listScreenings(citizenId: CitizenId): Screening[] {
    return Object.values(this.db.data.screenings)
      .filter((s) => s.citizenId === citizenId)
      .sort((a, b) => a.assessedAt - b.assessedAt);
  }

  async upsertFollowUp(record: FollowUpRecord): Promise<FollowUpRecord> {
    const value = FollowUpRecord.parse(record);
    this.db.data.followUps[value.followUpId] = value;
    await this.commit();
    return value;
  }

  async upsertTraining(record: TrainingRecord): Promise<TrainingRecord> {
    const value = TrainingRecord.parse(record);
    this.db.data.trainings[value.trainingId] = value;
    await this.commit();
    return value;
  }

  // ---- stock ----

  async upsertStockUnit(unit: StockUnit): Promise<StockUnit> {
    const value = StockUnit.parse(unit);
    this.db.data.stockUnits[value.unitId] = value;
    await this.commit();
    return value;
  }

  getStockUnit(unitId: string): StockUnit | undefined {
    return this.db.data.stockUnits[unitId];
  }

  listStockUnits(): StockUnit[] {
    return Object.values(this.db.data.stockUnits);
  }

  // ---- derived state ----

  /** Stores the engine snapshot taken after journal record `journalPosition`. */
  async saveSnapshot(snapshot: StateSnapshot): Promise<void> {
    this.db.data.snapshot = StateSnapshot.parse(snapshot);
    await this.commit();
  }

  /** The latest snapshot, if any: load it, then replay the journal after its position. */
  getSnapshot(): StateSnapshot | undefined {
    return this.db.data.snapshot;
  }
}
