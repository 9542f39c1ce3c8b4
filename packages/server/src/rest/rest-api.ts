import {
  applyStockMove,
  Citizen,
  CitizenId,
  DeviceRecord,
  ErrorCode,
  registerStockUnit,
  Schedule,
  Screening,
  StockMove,
  stockRefusalErrorCode,
  Team,
  toStockUnitView,
  type Alarm,
  type Engine,
  type EngineInput,
  type EpochMs,
  type RegistryChange,
  type StockUnit,
  type TeamId,
} from '@medtek/core';
import { z } from 'zod';
import { containsCpr, type FileAuditLog } from '../audit/index.js';
import { authorizeRegistry, canSeeTeam, redactForRole, type Subject } from '../auth/authorize.js';
import type { DeviceKeyRing } from '../auth/device-auth.js';
import type { Principal } from '../auth/principal.js';
import type { TokenVerifier } from '../auth/token.js';
import { adjustManualClock, ClockAdjustRequest, type Clock } from '../clock/index.js';
import { HttpError, RestRouter, type RequestContext } from '../http/index.js';
import { JournalFailedError } from '../journal/index.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { ProjectionRecord } from '../pipeline/projection-record.js';
import type { Registry } from '../registry/index.js';

export interface RestApiDeps {
  readonly engine: Engine;
  readonly pipeline: Pipeline;
  readonly registry: Registry;
  readonly audit: FileAuditLog;
  readonly tokens: TokenVerifier;
  readonly keys: DeviceKeyRing;
  readonly clock: Clock;
  readonly maxBodyBytes: number;
  /** Stock units changed: publish them on the live `stock` topic. */
  readonly onStockChanged: (unit: StockUnit) => void;
  readonly onResponse?: (status: number) => void;
}

type Ctx = RequestContext<Principal>;

const NewStockUnit = z.strictObject({
  unitId: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/),
  deviceType: DeviceRecord.shape.type,
  serial: z.string().min(1).max(64),
  location: z.string().min(1).max(64),
  deviceId: DeviceRecord.shape.deviceId.optional(),
});

/**
 * `/api/v1`: the registry (teams, citizens, devices, schedules, screenings, stock), alarm history and the audit
 * export. Every change goes through the pipeline (journaled before the answer); every read of a citizen's health
 * data writes an audit entry before the data is sent.
 */
export function createRestApi(deps: RestApiDeps): RestRouter<Principal> {
  const { engine, pipeline, registry, audit } = deps;
  const router = new RestRouter<Principal>({
    prefix: '/api/v1',
    maxBodyBytes: deps.maxBodyBytes,
    authenticate: async (token) => {
      const verdict = await deps.tokens.verify(token);
      return verdict.ok ? { ok: true, principal: verdict.principal } : verdict;
    },
    ...(deps.onResponse ? { onResponse: deps.onResponse } : {}),
    onError: (error, ctx) => {
      if (error instanceof JournalFailedError) {
        ctx.sendError(new HttpError(ErrorCode.Internal, 'changes cannot be stored now', 503, { 'retry-after': '30' }));
        return;
      }
      // Method and path only: bodies may hold health data.
      console.error(`REST ${ctx.method.toUpperCase()} ${ctx.path} failed: ${(error as Error).stack ?? String(error)}`);
    },
  });

  const now = (): EpochMs => deps.clock.now();
  const principal = (ctx: Ctx): Principal => ctx.principal!;
  const allow = (
    ctx: Ctx,
    operation: 'read' | 'write',
    resource: Parameters<typeof authorizeRegistry>[2],
    teamId?: TeamId,
  ) => {
    const decision = authorizeRegistry(principal(ctx), operation, resource, teamId);
    if (!decision.ok) throw new HttpError(ErrorCode.Forbidden, decision.message);
  };
  const citizenOr404 = (ctx: Ctx, citizenId: string): Citizen => {
    if (!CitizenId.safeParse(citizenId).success) throw new HttpError(ErrorCode.SchemaViolation, 'malformed citizen id');
    const citizen = engine.citizens().find((c) => c.id === citizenId);
    // Another team's citizen is reported as not found: no oracle for ids outside one's scope.
    if (!citizen || !canSeeTeam(principal(ctx), citizen.teamId)) {
      throw new HttpError(ErrorCode.NotFound, `no citizen ${citizenId}`);
    }
    return citizen;
  };
  const auditReads = async (
    ctx: Ctx,
    citizenIds: readonly CitizenId[],
    resource: string,
    action: 'read' | 'export' = 'read',
  ) => {
    const who = principal(ctx);
    const at = Date.now();
    await Promise.all(
      citizenIds.map((citizenId) =>
        audit.record({ at, userId: who.userId, role: who.role, citizenId, action, resource }),
      ),
    );
  };
  const auditChange = (ctx: Ctx, citizenId: CitizenId, resource: string, action: 'create' | 'update' = 'update') =>
    audit.record({
      at: Date.now(),
      userId: principal(ctx).userId,
      role: principal(ctx).role,
      citizenId,
      action,
      resource,
    });
  const submitRegistry = (ctx: Ctx, changes: readonly RegistryChange[]): Promise<void> =>
    new Promise((resolve) => {
      let last: (() => void) | undefined;
      changes.forEach((change, i) => {
        const input: EngineInput = { type: 'registry', change, actor: principal(ctx).userId };
        if (i === changes.length - 1) last = resolve;
        pipeline.submit(input, last);
      });
    });
  const submitProjection = (record: ProjectionRecord): Promise<void> =>
    new Promise((resolve) => pipeline.submitProjection(record, resolve));
  const visible = <T extends { teamId: TeamId }>(ctx: Ctx, items: Iterable<T>): T[] =>
    [...items].filter((item) => canSeeTeam(principal(ctx), item.teamId));

  // ---- who am I ----
  router.get('/me', (ctx) => {
    const { userId, role, teamIds, name } = principal(ctx);
    ctx.sendJson(200, { userId, role, teamIds, name, serverTime: now() });
  });

  // ---- teams ----
  router.get('/teams', (ctx) => {
    allow(ctx, 'read', 'teams');
    ctx.sendJson(
      200,
      visible(
        ctx,
        registry.listTeams().map((t) => ({ ...t, teamId: t.id })),
      ).map(({ teamId: _, ...t }) => t),
    );
  });
  router.post('/teams', async (ctx) => {
    allow(ctx, 'write', 'teams');
    const team = ctx.json(Team);
    await submitRegistry(ctx, [{ kind: 'team_upsert', team }]);
    await registry.upsertTeam(team);
    ctx.sendJson(201, team);
  });

  // ---- citizens ----
  router.get('/citizens', async (ctx) => {
    allow(ctx, 'read', 'citizens');
    const citizens = visible(ctx, engine.citizens());
    await auditReads(
      ctx,
      citizens.map((c) => c.id),
      'citizen',
    );
    ctx.sendJson(200, citizens);
  });
  router.post('/citizens', async (ctx) => {
    const citizen = ctx.json(Citizen);
    allow(ctx, 'write', 'citizens', citizen.teamId);
    const existing = engine.citizens().find((c) => c.id === citizen.id);
    if (existing && !canSeeTeam(principal(ctx), existing.teamId)) {
      throw new HttpError(ErrorCode.NotFound, `no citizen ${citizen.id}`);
    }
    if (existing && existing.teamId !== citizen.teamId && principal(ctx).role !== 'administrator') {
      throw new HttpError(ErrorCode.Conflict, 'moving a citizen to another team is an administrator operation');
    }
    await submitRegistry(ctx, [{ kind: 'citizen_upsert', citizen }]);
    await registry.upsertCitizen(citizen);
    await auditChange(ctx, citizen.id, 'citizen', 'create');
    ctx.sendJson(201, citizen);
  });
  router.get('/citizens/:citizenId', async (ctx) => {
    allow(ctx, 'read', 'citizens');
    const citizen = citizenOr404(ctx, ctx.params.citizenId!);
    const role = principal(ctx).role;
    const devices = engine
      .devices()
      .filter((d) => d.citizenId === citizen.id)
      .map((d) => redactForRole(d, role));
    await auditReads(ctx, [citizen.id], 'citizen');
    ctx.sendJson(200, { citizen, devices });
  });

  // ---- schedules (dose plans: medication, never for technicians) ----
  router.get('/citizens/:citizenId/schedules', async (ctx) => {
    allow(ctx, 'read', 'schedules');
    const citizen = citizenOr404(ctx, ctx.params.citizenId!);
    await auditReads(ctx, [citizen.id], 'schedule');
    ctx.sendJson(200, registry.getSchedules(citizen.id));
  });
  router.put('/citizens/:citizenId/schedule', async (ctx) => {
    const citizen = citizenOr404(ctx, ctx.params.citizenId!);
    allow(ctx, 'write', 'schedules', citizen.teamId);
    const schedule = ctx.json(Schedule);
    if (schedule.citizenId !== citizen.id) {
      throw new HttpError(ErrorCode.SchemaViolation, 'schedule.citizenId must match the path');
    }
    await submitRegistry(ctx, [{ kind: 'schedule_upsert', schedule }]);
    await registry.setSchedule(schedule);
    await auditChange(ctx, citizen.id, 'schedule');
    ctx.sendJson(200, schedule);
  });

  // ---- devices ----
  router.get('/devices', (ctx) => {
    allow(ctx, 'read', 'devices');
    const role = principal(ctx).role;
    ctx.sendJson(
      200,
      visible(ctx, engine.devices()).map((d) => redactForRole(d, role)),
    );
  });
  router.post('/devices', async (ctx) => {
    const record = ctx.json(DeviceRecord);
    allow(ctx, 'write', 'devices', record.teamId);
    const existing = engine.device(record.deviceId);
    if (existing && !canSeeTeam(principal(ctx), existing.teamId)) {
      throw new HttpError(ErrorCode.NotFound, `no device ${record.deviceId}`);
    }
    // The secret is handed out once, at provisioning: re-provisioning would hand it out again.
    if (existing || registry.getDevice(record.deviceId)) {
      throw new HttpError(ErrorCode.Conflict, `device ${record.deviceId} is already provisioned`);
    }
    if (record.citizenId !== undefined) {
      const citizen = citizenOr404(ctx, record.citizenId);
      if (citizen.teamId !== record.teamId) {
        throw new HttpError(ErrorCode.Conflict, 'the device must belong to the citizen’s team');
      }
    }
    await submitRegistry(ctx, [{ kind: 'device_upsert', device: record }]);
    const { device, secret } = await registry.provisionDevice(record, principal(ctx).userId, now(), deps.keys);
    // The secret is shown once: the registry keeps only credential metadata and can re-derive it.
    ctx.sendJson(201, { device, secret: Buffer.from(secret).toString('hex') }, { 'cache-control': 'no-store' });
  });

  router.delete('/devices/:deviceId', async (ctx) => {
    const device = engine.device(ctx.params.deviceId!);
    if (!device || !canSeeTeam(principal(ctx), device.teamId)) {
      throw new HttpError(ErrorCode.NotFound, `no device ${ctx.params.deviceId}`);
    }
    allow(ctx, 'write', 'devices', device.teamId);
    // Revoked: the gateway refuses its authentication from now on; its history stays in the journal.
    await registry.revokeDevice(device.deviceId, now());
    await submitRegistry(ctx, [{ kind: 'device_remove', deviceId: device.deviceId }]);
    ctx.send(204, '');
  });

  // ---- screenings ----
  router.get('/citizens/:citizenId/screenings', async (ctx) => {
    allow(ctx, 'read', 'screenings');
    const citizen = citizenOr404(ctx, ctx.params.citizenId!);
    await auditReads(ctx, [citizen.id], 'screening');
    ctx.sendJson(200, registry.listScreenings(citizen.id));
  });
  router.put('/citizens/:citizenId/screenings/:screeningId', async (ctx) => {
    const citizen = citizenOr404(ctx, ctx.params.citizenId!);
    allow(ctx, 'write', 'screenings', citizen.teamId);
    const body = ctx.json(Screening);
    // Who assessed and when is evidence for auditors: taken from the token and the server clock, not the client.
    const screening = Screening.parse({ ...body, assessedBy: principal(ctx).userId, assessedAt: now() });
    if (screening.citizenId !== citizen.id || screening.screeningId !== ctx.params.screeningId) {
      throw new HttpError(ErrorCode.SchemaViolation, 'citizenId and screeningId must match the path');
    }
    const existing = registry.listScreenings(citizen.id).find((s) => s.screeningId === screening.screeningId);
    if (existing?.status === 'submitted') {
      throw new HttpError(ErrorCode.Conflict, 'a submitted screening is final; start a re-assessment instead');
    }
    await submitProjection({ kind: 'screening_upsert', screening });
    await registry.upsertScreening(screening);
    await auditChange(ctx, citizen.id, 'screening', existing ? 'update' : 'create');
    ctx.sendJson(existing ? 200 : 201, screening);
  });

  // ---- stock (no medication at all) ----
  router.get('/stock', (ctx) => {
    allow(ctx, 'read', 'stock');
    ctx.sendJson(200, registry.listStockUnits().map(toStockUnitView));
  });
  router.post('/stock', async (ctx) => {
    allow(ctx, 'write', 'stock');
    const input = ctx.json(NewStockUnit);
    if (registry.getStockUnit(input.unitId)) throw new HttpError(ErrorCode.Conflict, `unit ${input.unitId} exists`);
    const { userId, role } = principal(ctx);
    const result = registerStockUnit(input, { userId, role }, now());
    if (!result.ok) throw new HttpError(stockRefusalErrorCode(result.code), result.message.en);
    await submitProjection({ kind: 'stock_unit_upsert', unit: result.unit });
    await registry.upsertStockUnit(result.unit);
    deps.onStockChanged(result.unit);
    ctx.sendJson(201, toStockUnitView(result.unit));
  });
  router.post('/stock/:unitId/moves', async (ctx) => {
    allow(ctx, 'write', 'stock');
    const unit = registry.getStockUnit(ctx.params.unitId!);
    if (!unit) throw new HttpError(ErrorCode.NotFound, `no stock unit ${ctx.params.unitId}`);
    const move = ctx.json(StockMove);
    const { userId, role } = principal(ctx);
    const result = applyStockMove(unit, move, { userId, role }, now());
    if (!result.ok) {
      // The refusal's reason in both languages, so the stock board can show it as it is.
      ctx.sendJson(409, {
        type: 'https://medtek.dk/problems/conflict',
        title: 'Conflict',
        status: 409,
        code: stockRefusalErrorCode(result.code),
        refusal: result.code,
        detail: result.message.en,
        message: result.message,
      });
      return;
    }
    await submitProjection({ kind: 'stock_unit_upsert', unit: result.unit });
    await registry.upsertStockUnit(result.unit);
    deps.onStockChanged(result.unit);
    ctx.sendJson(200, toStockUnitView(result.unit));
  });

  // ---- alarm history ----
  router.get('/alarms', async (ctx) => {
    allow(ctx, 'read', 'alarm_history');
    const citizenId = ctx.query.get('citizenId') ?? undefined;
    const openOnly = ctx.query.get('open') === 'true';
    const alarms: Alarm[] = visible(
      ctx,
      engine.alarms({ openOnly, ...(citizenId !== undefined ? { citizenId } : {}) }),
    );
    const role = principal(ctx).role;
    await auditReads(ctx, [...new Set(alarms.flatMap((a) => (a.citizenId ? [a.citizenId] : [])))], 'alarm');
    ctx.sendJson(
      200,
      alarms.map((a) => redactForRole(a, role)),
    );
  });

  // ---- audit export per citizen (citizens may ask who looked at their data) ----
  router.get('/audit/citizens/:citizenId', async (ctx) => {
    allow(ctx, 'read', 'audit');
    const citizenId = ctx.params.citizenId!;
    if (!CitizenId.safeParse(citizenId).success || containsCpr(citizenId)) {
      throw new HttpError(ErrorCode.SchemaViolation, 'use the citizen’s pseudonymous id (never a CPR number)');
    }
    await auditReads(ctx, [citizenId], 'audit', 'export');
    if (ctx.query.get('format') === 'csv') {
      ctx.send(200, await audit.exportCsv(citizenId), {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit-${citizenId}.csv"`,
      });
    } else {
      ctx.send(200, await audit.exportJson(citizenId), { 'content-type': 'application/json' });
    }
  });

  // ---- manual clock (tests, vendor conformance runs) ----
  router.post('/admin/clock', (ctx) => {
    allow(ctx, 'write', 'clock');
    const result = adjustManualClock(deps.clock, ctx.json(ClockAdjustRequest));
    if (!result.ok) throw new HttpError(ErrorCode.Conflict, result.message);
    ctx.sendJson(200, { now: result.now });
  });

  return router;
}

export type { Subject };
