import { type AlarmAction, type AlarmType, ErrorCode, type Role, type TeamId } from '@medtek/core';

/**
 * Pure authorization rules for the live gateway and REST. The table is documented in docs/server.md
 * ("Who may do what"); tests pin it. Data is scoped to teams: only an administrator sees every team.
 */

/** The subject of a decision: what a verified token (or a REST bearer) says about the caller. */
export interface Subject {
  userId: string;
  role: Role;
  teamIds: readonly TeamId[];
}

export type Decision = { ok: true } | { ok: false; code: typeof ErrorCode.Forbidden; message: string };

const allow: Decision = { ok: true };
const deny = (message: string): Decision => ({ ok: false, code: ErrorCode.Forbidden, message });

export const LIVE_TOPICS = ['alarms', 'devices', 'stock', 'incidents', 'kpis'] as const;
export type LiveTopic = (typeof LIVE_TOPICS)[number];

/** Which roles may subscribe to which live topic. */
export const TOPIC_ROLES: Record<LiveTopic, readonly Role[]> = {
  alarms: ['staff', 'technician', 'coordinator', 'superuser', 'administrator'],
  devices: ['staff', 'technician', 'coordinator', 'superuser', 'administrator'],
  stock: ['technician', 'coordinator', 'superuser', 'administrator'],
  incidents: ['technician', 'coordinator', 'superuser', 'administrator'],
  kpis: ['coordinator', 'superuser', 'administrator'],
};

/**
 * Alarm types about the device itself, not about the citizen's medicine: the only alarms a technician receives
 * (with every `medication` part removed).
 */
export const TECHNICAL_ALARM_TYPES: ReadonlySet<AlarmType> = new Set<AlarmType>([
  'dispense_failed',
  'roll_low',
  'roll_empty',
  'cassette_low',
  'cassette_empty',
  'device_offline',
  'battery_low',
  'power_lost',
  'tamper',
  'clock_skew',
  'device_fault',
]);

/** Which alarm commands each role may issue (on alarms of its own teams). */
export const COMMAND_ROLES: Record<AlarmAction, readonly Role[]> = {
  acknowledge: ['staff', 'technician', 'coordinator', 'superuser', 'administrator'],
  comment: ['staff', 'technician', 'coordinator', 'superuser', 'administrator'],
  resolve: ['staff', 'technician', 'coordinator', 'superuser', 'administrator'],
  assign: ['coordinator', 'superuser', 'administrator'],
  escalate: ['coordinator', 'superuser', 'administrator'],
  // Hiding an alarm for a while is an e-Team decision (ISA-18.2 shelving is a controlled operation).
  shelve: ['superuser', 'administrator'],
};

export const REGISTRY_RESOURCES = [
  'teams',
  'users',
  'citizens',
  'devices',
  'schedules',
  'screenings',
  'stock',
  'alarm_history',
  'audit',
  'clock',
] as const;
export type RegistryResource = (typeof REGISTRY_RESOURCES)[number];
export type RegistryOperation = 'read' | 'write';

/** REST access per role: resources it may read and write (within its teams; an administrator everywhere). */
export const REGISTRY_RULES: Record<Role, Record<RegistryOperation, readonly RegistryResource[]>> = {
  staff: { read: ['teams', 'citizens', 'devices', 'schedules', 'alarm_history'], write: [] },
  // Technicians install, collect and repair: devices, stock and the citizen's address, never medication or health data.
  technician: { read: ['teams', 'citizens', 'devices', 'stock'], write: ['devices', 'stock'] },
  coordinator: {
    read: ['teams', 'citizens', 'devices', 'schedules', 'screenings', 'stock', 'alarm_history'],
    write: ['citizens', 'schedules', 'screenings'],
  },
  superuser: {
    read: ['teams', 'users', 'citizens', 'devices', 'schedules', 'screenings', 'stock', 'alarm_history'],
    write: ['devices', 'schedules'],
  },
  administrator: { read: REGISTRY_RESOURCES, write: REGISTRY_RESOURCES },
};

/** True when the subject may see data of `teamId`. */
export function canSeeTeam(subject: Subject, teamId: TeamId): boolean {
  return subject.role === 'administrator' || subject.teamIds.includes(teamId);
}

/** The teams a subscription covers: 'all' (administrator without a filter) or an explicit list. */
export type TeamScope = 'all' | readonly TeamId[];

export type SubscriptionDecision =
  | { ok: true; teams: TeamScope; technicalOnly: boolean; redactMedication: boolean }
  | { ok: false; code: typeof ErrorCode.Forbidden; message: string };

/**
 * May `subject` subscribe to `topic` with these team filters? Asking for a team one does not belong to is refused
 * (not silently narrowed), so a misconfigured widget shows an error instead of an empty list.
 */
export function authorizeSubscription(
  subject: Subject,
  topic: LiveTopic,
  requestedTeamIds?: readonly TeamId[],
): SubscriptionDecision {
  if (!TOPIC_ROLES[topic].includes(subject.role)) {
    return { ok: false, code: ErrorCode.Forbidden, message: `role ${subject.role} may not subscribe to ${topic}` };
  }
  const redactMedication = subject.role === 'technician';
  const technicalOnly = redactMedication && topic === 'alarms';
  if (requestedTeamIds === undefined || requestedTeamIds.length === 0) {
    return {
      ok: true,
      teams: subject.role === 'administrator' ? 'all' : [...subject.teamIds],
      technicalOnly,
      redactMedication,
    };
  }
  const foreign = requestedTeamIds.filter((team) => !canSeeTeam(subject, team));
  if (foreign.length > 0) {
    return { ok: false, code: ErrorCode.Forbidden, message: `not a member of team(s) ${foreign.join(', ')}` };
  }
  return { ok: true, teams: [...new Set(requestedTeamIds)], technicalOnly, redactMedication };
}

/** Per-item check at send time (defence in depth): team scope and, for technicians, technical alarms only. */
export function canSeeItem(subject: Subject, topic: LiveTopic, item: { teamId: TeamId; type?: string }): boolean {
  if (!TOPIC_ROLES[topic].includes(subject.role) || !canSeeTeam(subject, item.teamId)) return false;
  if (topic === 'alarms' && subject.role === 'technician') {
    return item.type !== undefined && TECHNICAL_ALARM_TYPES.has(item.type as AlarmType);
  }
  return true;
}

/** May `subject` apply `action` to this alarm? The engine still checks the alarm's state (conflict, not found). */
export function authorizeAlarmCommand(
  subject: Subject,
  action: AlarmAction,
  alarm: { teamId: TeamId; type: AlarmType },
): Decision {
  if (!COMMAND_ROLES[action].includes(subject.role)) return deny(`role ${subject.role} may not ${action} alarms`);
  if (!canSeeTeam(subject, alarm.teamId)) return deny(`not a member of team ${alarm.teamId}`);
  if (subject.role === 'technician' && !TECHNICAL_ALARM_TYPES.has(alarm.type)) {
    return deny(`technicians handle technical alarms only, not ${alarm.type}`);
  }
  return allow;
}

/** REST: may `subject` read or write `resource` (of `teamId`, when the resource belongs to a team)? */
export function authorizeRegistry(
  subject: Subject,
  operation: RegistryOperation,
  resource: RegistryResource,
  teamId?: TeamId,
): Decision {
  if (!REGISTRY_RULES[subject.role][operation].includes(resource)) {
    return deny(`role ${subject.role} may not ${operation} ${resource}`);
  }
  if (teamId !== undefined && !canSeeTeam(subject, teamId)) return deny(`not a member of team ${teamId}`);
  return allow;
}

/** Keys stripped for roles that must never see medication. Core keeps all medication under these keys. */
const MEDICATION_KEYS: ReadonlySet<string> = new Set(['medication']);

function stripMedication(value: unknown): unknown {
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((element) => {
      const stripped = stripMedication(element);
      if (stripped !== element) changed = true;
      return stripped;
    });
    return changed ? out : value;
  }
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (MEDICATION_KEYS.has(key)) {
      changed = true;
      continue;
    }
    const stripped = stripMedication(child);
    if (stripped !== child) changed = true;
    out[key] = stripped;
  }
  return changed ? out : value;
}

/**
 * Removes every `medication` part, at any depth, for roles that must not see medication (technicians); returns the
 * same object untouched for other roles, and never mutates its input. Works on Alarm, DeviceView and any view item.
 */
export function redactForRole<T>(item: T, role: Role): T {
  return role === 'technician' ? (stripMedication(item) as T) : item;
}

/**
 * Checks a WebSocket/HTTP Origin header against the allow-list (exact scheme://host[:port], case-insensitive).
 * A missing Origin is refused: browsers always send one, and /live is for browsers.
 */
export function isOriginAllowed(origin: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (origin === undefined || origin === '' || origin === 'null') return false;
  const wanted = origin.toLowerCase().replace(/\/$/, '');
  return allowedOrigins.some((allowed) => allowed.toLowerCase() === wanted);
}
