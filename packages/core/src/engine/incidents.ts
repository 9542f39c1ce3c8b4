import type { Alarm } from '../domain/alarm.js';
import type { Incident } from '../domain/incident.js';
import type { EngineCore } from './core.js';

/**
 * Mass offline: when several devices of one team go silent within a few minutes (a network or power outage), their
 * offline alarms are linked to ONE incident listing the affected citizens, instead of N unrelated alarms.
 */

function link(core: EngineCore, incident: Incident, alarm: Alarm): void {
  alarm.incidentId = incident.id;
  core.alarmChanged(alarm);
  incident.alarmIds.push(alarm.id);
  if (alarm.deviceId !== undefined && !incident.deviceIds.includes(alarm.deviceId))
    incident.deviceIds.push(alarm.deviceId);
  if (alarm.citizenId !== undefined && !incident.citizenIds.includes(alarm.citizenId))
    incident.citizenIds.push(alarm.citizenId);
  core.incidentChanged(incident);
}

function openIncidentOf(core: EngineCore, teamId: string): Incident | undefined {
  for (const incident of core.incidents.values()) {
    if (incident.teamId === teamId && incident.cause === 'mass_offline' && incident.closedAt === undefined)
      return incident;
  }
  return undefined;
}

/** Called when a device_offline alarm was raised (or re-raised). */
export function onDeviceOffline(core: EngineCore, alarm: Alarm): void {
  if (alarm.incidentId !== undefined) return;
  const open = openIncidentOf(core, alarm.teamId);
  if (open !== undefined) {
    link(core, open, alarm);
    core.audit({ actor: 'system', action: 'incident_updated', incidentId: open.id, alarmId: alarm.id });
    return;
  }
  const since = core.now - core.config.massOfflineWindowMs;
  const recent: Alarm[] = [];
  for (const candidate of core.openAlarms.values()) {
    if (
      candidate.type === 'device_offline' &&
      candidate.teamId === alarm.teamId &&
      !candidate.cleared &&
      candidate.incidentId === undefined &&
      candidate.raisedAt >= since
    ) {
      recent.push(candidate);
    }
  }
  let teamDevices = 0;
  for (const device of core.devices.values()) {
    if ((core.teamOfCitizen(device.record.citizenId) ?? device.record.teamId) === alarm.teamId) teamDevices += 1;
  }
  const byFraction = Math.max(2, Math.ceil(core.config.massOfflineMinFraction * teamDevices));
  const threshold = Math.min(core.config.massOfflineMinDevices, byFraction);
  if (recent.length < threshold) return;
  core.counters.incident += 1;
  const incident: Incident = {
    id: `in-${core.counters.incident}`,
    teamId: alarm.teamId,
    cause: 'mass_offline',
    citizenIds: [],
    deviceIds: [],
    alarmIds: [],
    openedAt: core.now,
    updatedAt: core.now,
  };
  core.incidents.set(incident.id, incident);
  recent.sort((a, b) => a.raisedAt - b.raisedAt || (a.id < b.id ? -1 : 1));
  for (const member of recent) link(core, incident, member);
  core.audit({
    actor: 'system',
    action: 'incident_opened',
    incidentId: incident.id,
    detail: `${recent.length} devices offline`,
  });
}

/** An offline alarm cleared: the incident closes when all its alarms are cleared. */
export function onOfflineAlarmCleared(core: EngineCore, alarm: Alarm): void {
  if (alarm.incidentId === undefined) return;
  const incident = core.incidents.get(alarm.incidentId);
  if (incident === undefined || incident.closedAt !== undefined) return;
  core.incidentChanged(incident);
  const stillOpen = incident.alarmIds.some((id) => core.alarms.get(id)?.cleared === false);
  if (stillOpen) return;
  incident.closedAt = core.now;
  core.audit({ actor: 'system', action: 'incident_closed', incidentId: incident.id });
}
