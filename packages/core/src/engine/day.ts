import { epochToCopenhagen } from '../domain/copenhagen-time.js';
import type { EngineCore } from './core.js';
import { materializeCitizen } from './doses.js';
import { ensureDayTick, sendSchedule } from './registry.js';

/**
 * The nightly tick (local midnight): materialise the next day's dose occurrences, send every paired device its
 * rolling schedule, and forget settled doses and closed alarms/incidents older than the retention (the journal and
 * the server's projections keep the history).
 */
export function onDayDeadline(core: EngineCore, entryAt: number): void {
  if (core.dayTickAt === undefined || core.dayTickAt > entryAt) {
    if (core.dayTickAt !== undefined) core.deadlines.schedule('day', 'day', core.dayTickAt);
    return;
  }
  core.changed = true;
  core.nextDoseMemo.clear(); // a new local date, new occurrences, schedule versions dropped below
  for (const [citizenId, device] of core.deviceByCitizen) {
    if (!core.schedules.has(citizenId)) continue;
    materializeCitizen(core, citizenId);
    sendSchedule(core, device, citizenId);
  }
  const horizon = core.now - core.config.retentionMs;
  for (const [key, dose] of core.doses) {
    if (dose.windowEnd < horizon && dose.status !== 'pending') core.doses.delete(key);
  }
  for (const [id, alarm] of core.alarms) {
    if (alarm.closedAt !== undefined && alarm.closedAt < horizon) core.alarms.delete(id);
  }
  // Schedule versions: drop a version once its successor has applied for longer than the retention.
  const cutoff = epochToCopenhagen(horizon).date;
  for (const [citizenId, versions] of core.schedules) {
    const kept = versions.filter((version, index) => (versions[index + 1]?.validFrom ?? '9999-12-31') > cutoff);
    if (kept.length !== versions.length) core.schedules.set(citizenId, kept);
  }
  for (const [id, incident] of core.incidents) {
    if (incident.closedAt !== undefined && incident.closedAt < horizon) core.incidents.delete(id);
  }
  ensureDayTick(core);
}
