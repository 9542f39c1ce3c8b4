import type { Alarm, AlarmPriority, AlarmState, AlarmType, Incident } from '@medtek/core';

/** The list's own filters (applied in the browser, instantly; the subscription's filters narrow on the server). */
export interface AlarmFilters {
  teamId: string;
  type: AlarmType | '';
  priority: AlarmPriority | '';
  /** A state, or `open` (every state but closed), or '' for all. */
  state: AlarmState | 'open' | '';
}

export const DEFAULT_FILTERS: AlarmFilters = { teamId: '', type: '', priority: '', state: 'open' };

export type AlarmRow =
  | { kind: 'alarm'; key: string; alarm: Alarm; inIncident: boolean }
  | { kind: 'incident'; key: string; incidentId: string; incident: Incident | undefined; alarms: Alarm[] };

const PRIORITY_RANK: Record<AlarmPriority, number> = { high: 0, medium: 1, low: 2 };

/** Priority first (high before low), then age (the longest-waiting first), then id for a stable order. */
export function compareAlarms(a: Alarm, b: Alarm): number {
  return (
    PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] ||
    a.raisedAt - b.raisedAt ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function matches(alarm: Alarm, filters: AlarmFilters): boolean {
  if (filters.teamId !== '' && alarm.teamId !== filters.teamId) return false;
  if (filters.type !== '' && alarm.type !== filters.type) return false;
  if (filters.priority !== '' && alarm.priority !== filters.priority) return false;
  if (filters.state === 'open') return alarm.state !== 'closed';
  return filters.state === '' || alarm.state === filters.state;
}

/**
 * The rows to show: matching alarms in order, with the alarms of one incident collapsed into one row at the place of
 * its most urgent alarm (followed by its alarms when expanded).
 */
export function buildRows(
  alarms: Iterable<Alarm>,
  incidents: ReadonlyMap<string, Incident>,
  filters: AlarmFilters,
  expanded: ReadonlySet<string>,
): AlarmRow[] {
  const sorted = [...alarms].filter((alarm) => matches(alarm, filters)).sort(compareAlarms);
  const groups = new Map<string, Alarm[]>();
  for (const alarm of sorted) {
    if (alarm.incidentId === undefined) continue;
    const group = groups.get(alarm.incidentId);
    if (group === undefined) groups.set(alarm.incidentId, [alarm]);
    else group.push(alarm);
  }
  const rows: AlarmRow[] = [];
  for (const alarm of sorted) {
    const incidentId = alarm.incidentId;
    const group = incidentId === undefined ? undefined : groups.get(incidentId);
    // A lone alarm that merely carries an incident id is shown as itself.
    if (incidentId === undefined || group === undefined || group.length < 2) {
      rows.push({ kind: 'alarm', key: alarm.id, alarm, inIncident: false });
      continue;
    }
    if (group[0] !== alarm) continue; // the group is emitted at its first (most urgent) alarm
    rows.push({
      kind: 'incident',
      key: `incident:${incidentId}`,
      incidentId,
      incident: incidents.get(incidentId),
      alarms: group,
    });
    if (expanded.has(incidentId)) {
      for (const member of group) rows.push({ kind: 'alarm', key: member.id, alarm: member, inIncident: true });
    }
  }
  return rows;
}
