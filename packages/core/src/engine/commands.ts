import type { AlarmCommand } from '../domain/alarm.js';
import { ErrorCode } from '../protocol/codes.js';
import {
  acknowledgeAlarm,
  assignAlarm,
  commentAlarm,
  escalateAlarm,
  resolveAlarm,
  shelveAlarm,
} from './alarm-lifecycle.js';
import type { EngineCore } from './core.js';
import { onOfflineAlarmCleared } from './incidents.js';
import type { CommandActor } from './inputs.js';

/**
 * Operator commands on alarms. Authorization (role) is the server's; here: the alarm must exist within the actor's
 * teams (else not_found, so other teams' alarms are not even confirmed to exist) and the transition must be legal
 * (else conflict).
 */
export function applyCommand(core: EngineCore, actor: CommandActor, requestId: string, command: AlarmCommand): void {
  const alarm = core.alarms.get(command.alarmId);
  const fail = (code: ErrorCode, message: string) => {
    core.outputs.push({ type: 'command_result', requestId, ok: false, code, message });
  };
  if (alarm === undefined || !actor.teamIds.includes(alarm.teamId)) {
    fail(ErrorCode.NotFound, `no alarm ${command.alarmId}`);
    return;
  }
  const closed = alarm.closedAt !== undefined;
  const who = actor.userId;
  switch (command.action) {
    case 'acknowledge':
      if (alarm.acknowledged) return fail(ErrorCode.Conflict, 'already acknowledged');
      acknowledgeAlarm(core, alarm, who);
      break;
    case 'assign':
      if (closed) return fail(ErrorCode.Conflict, 'alarm is closed');
      assignAlarm(core, alarm, who, command.assignee);
      break;
    case 'comment':
      commentAlarm(core, alarm, who, command.text);
      break;
    case 'shelve':
      if (closed || alarm.cleared) return fail(ErrorCode.Conflict, 'only an active alarm can be shelved');
      shelveAlarm(core, alarm, who, command.durationMs);
      break;
    case 'resolve':
      if (closed) return fail(ErrorCode.Conflict, 'alarm is closed');
      resolveAlarm(core, alarm, who, command.outcome, command.note);
      if (alarm.type === 'device_offline') onOfflineAlarmCleared(core, alarm);
      break;
    case 'escalate':
      if (closed || alarm.acknowledged)
        return fail(ErrorCode.Conflict, 'only an unacknowledged open alarm can be escalated');
      escalateAlarm(core, alarm, who, command.reason);
      break;
  }
  core.outputs.push({ type: 'command_result', requestId, ok: true });
}
