import { ErrorCode, type Role, type TeamId } from '@medtek/core';
import { z } from 'zod';
import { canSeeTeam } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';
import { HttpError, type RequestContext, type RestRouter } from '../http/index.js';
import {
  adverseEventDraftOf,
  contingency,
  fhirExport,
  type HandlerResult,
  importSchedule,
  type IntegrationDeps,
  keyFigures,
} from './handlers.js';

export interface IntegrationRouteDeps extends IntegrationDeps {
  /** Called before health data leaves the server (the audit log: who read which citizen's or team's data). */
  onHealthDataRead?(principal: Principal, subject: { citizenId?: string; teamId?: string }, what: string): void;
}

type Ctx = RequestContext<Principal>;

const MANAGERS: readonly Role[] = ['coordinator', 'superuser', 'administrator'];
/** Technicians see devices and stock, never medication or dose times. */
const CARERS: readonly Role[] = ['staff', 'coordinator', 'superuser', 'administrator'];

/** An instant as epoch ms or an ISO 8601 date-time with offset. */
const Instant = z.union([
  z
    .string()
    .regex(/^\d{1,16}$/)
    .transform(Number),
  z.iso.datetime({ offset: true }).transform((value) => Date.parse(value)),
]);
const Period = z.strictObject({ from: Instant, to: Instant }).refine((period) => period.to > period.from, {
  message: 'to must be after from',
  path: ['to'],
});

function query<T>(ctx: Ctx, schema: z.ZodType<T>, keys: readonly string[]): T {
  const raw: Record<string, string> = {};
  for (const key of keys) {
    const value = ctx.query.get(key);
    if (value !== null) raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    throw new HttpError(ErrorCode.SchemaViolation, 'the query does not match the schema', 400, {}, errors);
  }
  return parsed.data;
}

function requireRole(ctx: Ctx, roles: readonly Role[]): Principal {
  const principal = ctx.principal!;
  if (!roles.includes(principal.role))
    throw new HttpError(ErrorCode.Forbidden, `role ${principal.role} may not do this`);
  return principal;
}

function requireTeam(principal: Principal, teamId: TeamId | undefined, what: string): void {
  // Unknown and foreign look the same (no probing for citizens of other teams).
  if (teamId === undefined || !canSeeTeam(principal, teamId)) throw new HttpError(ErrorCode.NotFound, `no ${what}`);
}

function send(ctx: Ctx, result: HandlerResult): void {
  if (result.contentType === undefined) ctx.sendJson(result.status, result.body);
  else if (result.contentType.startsWith('application/') && typeof result.body !== 'string') {
    ctx.send(result.status, JSON.stringify(result.body), { 'content-type': result.contentType });
  } else ctx.send(result.status, String(result.body), { 'content-type': result.contentType });
}

/**
 * Mounts the integration endpoints on the `/api/v1` router:
 * - POST /integrations/citizens/:citizenId/schedule/:source   (fmk | eoj | fhir; JSON body) → schedules, warnings, alarms
 * - GET  /integrations/kpis?from&to[&team][&format=json|csv|breaches.csv]
 * - GET  /integrations/citizens/:citizenId/fhir?from&to        → FHIR R4 transaction Bundle
 * - GET  /integrations/alarms/:alarmId/adverse-event-draft
 * - GET  /integrations/teams/:teamId/contingency[?format=html|csv|json][&locale=da|en][&hours=72]
 */
export function registerIntegrationRoutes(router: RestRouter<Principal>, deps: IntegrationRouteDeps): void {
  const teamOfCitizen = (citizenId: string) =>
    deps.engine.citizens().find((citizen) => citizen.id === citizenId)?.teamId;

  router.post('/integrations/citizens/:citizenId/schedule/:source', (ctx) => {
    const principal = requireRole(ctx, MANAGERS);
    const citizenId = ctx.params.citizenId!;
    requireTeam(principal, teamOfCitizen(citizenId), `citizen ${citizenId}`);
    const source = z.enum(['fmk', 'eoj', 'fhir']).safeParse(ctx.params.source);
    if (!source.success) throw new HttpError(ErrorCode.NotFound, 'the source is fmk, eoj or fhir');
    const body = ctx.json(z.unknown());
    send(ctx, importSchedule(deps, { source: source.data, citizenId, body, actor: principal.userId }));
  });

  router.get('/integrations/kpis', async (ctx) => {
    const principal = requireRole(ctx, MANAGERS);
    const { from, to } = query(ctx, Period, ['from', 'to']);
    const format = query(ctx, z.strictObject({ format: z.enum(['json', 'csv', 'breaches.csv']).default('json') }), [
      'format',
    ]).format;
    const requested = ctx.query.getAll('team');
    for (const teamId of requested) requireTeam(principal, teamId, `team ${teamId}`);
    const teamIds =
      requested.length > 0 ? requested : principal.role === 'administrator' ? undefined : principal.teamIds;
    send(
      ctx,
      await keyFigures(deps, { from, to, format, ...(teamIds !== undefined ? { teamIds: [...teamIds] } : {}) }),
    );
  });

  router.get('/integrations/citizens/:citizenId/fhir', async (ctx) => {
    const principal = requireRole(ctx, MANAGERS);
    const citizenId = ctx.params.citizenId!;
    requireTeam(principal, teamOfCitizen(citizenId), `citizen ${citizenId}`);
    const { from, to } = query(ctx, Period, ['from', 'to']);
    deps.onHealthDataRead?.(principal, { citizenId }, 'fhir_export');
    send(ctx, await fhirExport(deps, { citizenId, from, to }));
  });

  router.get('/integrations/alarms/:alarmId/adverse-event-draft', async (ctx) => {
    const principal = requireRole(ctx, MANAGERS);
    const alarmId = ctx.params.alarmId!;
    const result = await adverseEventDraftOf(deps, { alarmId });
    const teamId = (result.body as { teamId?: string }).teamId;
    if (result.status === 200) requireTeam(principal, teamId, `alarm ${alarmId}`);
    if (result.status === 200) {
      const citizenId = (result.body as { citizenId?: string }).citizenId;
      deps.onHealthDataRead?.(principal, citizenId !== undefined ? { citizenId } : {}, 'adverse_event_draft');
    }
    send(ctx, result);
  });

  router.get('/integrations/teams/:teamId/contingency', (ctx) => {
    const principal = requireRole(ctx, CARERS);
    const teamId = ctx.params.teamId!;
    requireTeam(principal, teamId, `team ${teamId}`);
    const options = query(
      ctx,
      z.strictObject({
        format: z.enum(['html', 'csv', 'json']).default('html'),
        locale: z.enum(['da', 'en']).default('da'),
        hours: z
          .string()
          .regex(/^\d{1,3}$/)
          .transform(Number)
          .pipe(z.number().int().min(1).max(168))
          .optional(),
      }),
      ['format', 'locale', 'hours'],
    );
    deps.onHealthDataRead?.(principal, { teamId }, 'contingency_list');
    send(ctx, contingency(deps, { teamId, ...options }));
  });
}
