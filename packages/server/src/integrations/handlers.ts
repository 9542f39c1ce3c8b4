import {
  adverseEventDraft,
  buildFhirBundle,
  computeKeyFigures,
  contingencyCsv,
  contingencyHtml,
  contingencyList,
  type Engine,
  type EngineConfigInput,
  type EngineInput,
  type EngineResult,
  type EngineSnapshot,
  type EpochMs,
  type ImportResult,
  type ImportTargetInput,
  type JournalEntry,
  keyFiguresCsv,
  replayHistory,
  responseBreachesCsv,
  scheduleFromEojPlan,
  scheduleFromFmkCard,
  scheduleFromMedicationRequests,
  type Screening,
  type TeamId,
} from '@medtek/core';

/**
 * REST handlers for integrations: plain functions from parsed input to `{ status, body, contentType }`, so they are
 * testable without HTTP and the lead can mount them on any router (routes.ts mounts them on the RestRouter).
 */
export interface IntegrationDeps {
  engine: Engine;
  /** The server's one input path (`RunningServer.pipeline.submit`): applies now, journals, effects after fsync. */
  submit(input: EngineInput): EngineResult;
  /** Every journal record so far, in order (for history: KPIs, FHIR export, adverse-event drafts). */
  readJournal(): Promise<JournalEntry[]>;
  /** The live engine's configuration: a replay must use the same (the journal does not store it). */
  engineConfig: EngineConfigInput;
  now(): EpochMs;
  /** The CPR number the registry holds for a citizen (right-citizen check on import; DK Core identifier on export). */
  cprOf?(citizenId: string): string | undefined;
  screeningsOf?(citizenId: string): readonly Screening[];
  /** Last saved snapshot, for the contingency list while the engine is unavailable. */
  savedSnapshot?(): { snapshot: EngineSnapshot; at: EpochMs } | undefined;
}

export interface HandlerResult {
  status: number;
  body: unknown;
  /** Absent = application/json. */
  contentType?: string;
}

export type ImportSource = 'fmk' | 'eoj' | 'fhir';

const MAPPERS: Record<ImportSource, (input: unknown, target: ImportTargetInput) => ImportResult> = {
  fmk: scheduleFromFmkCard,
  eoj: scheduleFromEojPlan,
  fhir: scheduleFromMedicationRequests,
};

const notFound = (what: string): HandlerResult => ({ status: 404, body: { error: 'not_found', message: what } });

/**
 * Maps a schedule source for a citizen and applies each version as `registry` / `schedule_upsert` (so the engine
 * invalidates pouches packed before a change). 422 with `errors` (zod paths) when refused.
 */
export function importSchedule(
  deps: IntegrationDeps,
  request: { source: ImportSource; citizenId: string; body: unknown; actor: string; timeCriticalDrugs?: string[] },
): HandlerResult {
  if (!deps.engine.citizens().some((citizen) => citizen.id === request.citizenId)) {
    return notFound(`no citizen ${request.citizenId}`);
  }
  const cpr = deps.cprOf?.(request.citizenId);
  const result = MAPPERS[request.source](request.body, {
    citizenId: request.citizenId,
    now: deps.now(),
    ...(cpr !== undefined ? { cpr } : {}),
    ...(request.timeCriticalDrugs !== undefined ? { timeCriticalDrugs: request.timeCriticalDrugs } : {}),
  });
  if (!result.ok) return { status: 422, body: { error: 'schema_violation', errors: result.errors } };
  const alarms: unknown[] = [];
  for (const schedule of result.schedules) {
    const applied = deps.submit({
      type: 'registry',
      actor: request.actor,
      change: { kind: 'schedule_upsert', schedule },
    });
    for (const output of applied.outputs) if (output.type === 'alarm_changed') alarms.push(output.alarm);
  }
  return { status: 200, body: { schedules: result.schedules, warnings: result.warnings, alarms } };
}

async function history(deps: IntegrationDeps, until: EpochMs) {
  return replayHistory(await deps.readJournal(), until, deps.engineConfig);
}

export async function keyFigures(
  deps: IntegrationDeps,
  request: { from: EpochMs; to: EpochMs; teamIds?: TeamId[]; format: 'json' | 'csv' | 'breaches.csv' },
): Promise<HandlerResult> {
  const until = Math.min(deps.now(), Math.max(request.to, request.from));
  const figures = computeKeyFigures(await history(deps, until), {
    from: request.from,
    to: request.to,
    ...(request.teamIds !== undefined ? { teamIds: request.teamIds } : {}),
  });
  if (request.format === 'csv')
    return { status: 200, body: keyFiguresCsv(figures), contentType: 'text/csv; charset=utf-8' };
  if (request.format === 'breaches.csv') {
    return { status: 200, body: responseBreachesCsv(figures), contentType: 'text/csv; charset=utf-8' };
  }
  return { status: 200, body: figures };
}

export async function fhirExport(
  deps: IntegrationDeps,
  request: { citizenId: string; from: EpochMs; to: EpochMs },
): Promise<HandlerResult> {
  const recorded = await history(deps, Math.min(deps.now(), request.to));
  const citizen = recorded.citizens.find((candidate) => candidate.id === request.citizenId);
  if (citizen === undefined) return notFound(`no citizen ${request.citizenId}`);
  const cpr = deps.cprOf?.(request.citizenId);
  const bundle = buildFhirBundle({
    citizen,
    ...(cpr !== undefined ? { cpr } : {}),
    from: request.from,
    to: request.to,
    devices: recorded.devices.filter((device) => device.citizenId === citizen.id),
    doses: recorded.doses,
    alarms: recorded.alarms,
    screenings: deps.screeningsOf?.(citizen.id) ?? [],
    audit: recorded.audit,
  });
  return { status: 200, body: bundle, contentType: 'application/fhir+json' };
}

export async function adverseEventDraftOf(deps: IntegrationDeps, request: { alarmId: string }): Promise<HandlerResult> {
  const recorded = await history(deps, deps.now());
  const alarm = recorded.alarms.find((candidate) => candidate.id === request.alarmId);
  if (alarm === undefined) return notFound(`no alarm ${request.alarmId}`);
  if (alarm.outcome !== 'adverse_event') {
    return { status: 409, body: { error: 'conflict', message: 'the alarm was not resolved as an adverse event' } };
  }
  return { status: 200, body: adverseEventDraft(alarm, recorded) };
}

/**
 * The 72-hour contingency list of a team: from the live engine's snapshot, or — when the engine cannot answer — from
 * the last saved snapshot (the page says how old its data is).
 */
export function contingency(
  deps: IntegrationDeps,
  request: { teamId: TeamId; format: 'json' | 'csv' | 'html'; locale?: 'da' | 'en'; hours?: number },
): HandlerResult {
  let snapshot: EngineSnapshot;
  let snapshotAt: EpochMs | undefined;
  try {
    snapshot = deps.engine.snapshot();
  } catch (error) {
    const saved = deps.savedSnapshot?.();
    if (saved === undefined) throw error;
    ({ snapshot, at: snapshotAt } = saved);
  }
  const list = contingencyList(snapshot, request.teamId, deps.now(), {
    ...(request.hours !== undefined ? { hours: request.hours } : {}),
    ...(snapshotAt !== undefined ? { snapshotAt } : {}),
  });
  const locale = request.locale ?? 'da';
  if (request.format === 'csv')
    return { status: 200, body: contingencyCsv(list, locale), contentType: 'text/csv; charset=utf-8' };
  if (request.format === 'html')
    return { status: 200, body: contingencyHtml(list, locale), contentType: 'text/html; charset=utf-8' };
  return { status: 200, body: list };
}
