import type {
  AlarmAction,
  AlarmId,
  AlarmOutcome,
  DeviceId,
  ErrorCode,
  StaircaseStep,
  StockMove,
  StockMoveKind,
  StockState,
} from '@medtek/core';
import type { ConnectionState } from './session/connection-state.js';

/** Detail of the events that report an alarm command the server confirmed. */
export interface AlarmCommandDetail {
  alarmId: AlarmId;
  action: AlarmAction;
}

export interface AlarmResolvedDetail extends AlarmCommandDetail {
  outcome: AlarmOutcome;
}

/** The server refused a command (or it timed out); the widget also shows the reason. */
export interface CommandFailedDetail {
  alarmId?: AlarmId;
  action: string;
  code: ErrorCode | 'timeout' | 'offline';
  message: string;
}

export interface ScreeningCompletedDetail {
  /** The recommended staircase step. */
  step: StaircaseStep;
  /** The answers, keyed by question id (the same value the element submits with its host form). */
  answers: Record<string, unknown>;
}

export interface ScreeningDraftDetail {
  answers: Record<string, unknown>;
  /** Id of the question the user was on, so resuming opens it again. */
  currentQuestionId: string | undefined;
}

/** A user asked for a stock move; the host (or later the server) answers with `applyMoveResult(requestId, …)`. */
export interface StockMoveRequestedDetail {
  requestId: string;
  unitId: string;
  move: StockMove;
}

/** A stock move was accepted. */
export interface StockMovedDetail {
  requestId: string;
  unitId: string;
  move: StockMoveKind;
  from: StockState;
  /** The state the unit moved to. */
  to: StockState;
}

/** A stock move was refused, by the board's own check of core's rules or by whoever answered the request. */
export interface StockMoveRefusedDetail {
  /** Absent when the board refused before sending. */
  requestId?: string;
  unitId: string;
  move: StockMoveKind;
  code: string;
  /** The refusal in the widget's language. */
  reason: string;
}

/**
 * Every event the widgets dispatch: all bubble and are composed (they cross shadow roots to the host page).
 * Declared in the global event map so `addEventListener('mt-…')` is typed for host code written in TypeScript.
 */
export interface MedtekEventMap {
  'mt-alarm-acknowledged': CustomEvent<AlarmCommandDetail>;
  'mt-alarm-assigned': CustomEvent<AlarmCommandDetail & { assignee: string }>;
  'mt-alarm-commented': CustomEvent<AlarmCommandDetail & { text: string }>;
  'mt-alarm-shelved': CustomEvent<AlarmCommandDetail & { durationMs: number }>;
  'mt-alarm-resolved': CustomEvent<AlarmResolvedDetail>;
  'mt-alarm-escalated': CustomEvent<AlarmCommandDetail>;
  'mt-alarm-selected': CustomEvent<{ alarmId: AlarmId }>;
  /** A new high-priority alarm arrived live (not one that was already there in the first snapshot). */
  'mt-high-priority-alarm': CustomEvent<{ alarmId: AlarmId }>;
  'mt-command-failed': CustomEvent<CommandFailedDetail>;
  'mt-device-selected': CustomEvent<{ deviceId: DeviceId }>;
  'mt-screening-completed': CustomEvent<ScreeningCompletedDetail>;
  'mt-screening-draft': CustomEvent<ScreeningDraftDetail>;
  'mt-stock-move-requested': CustomEvent<StockMoveRequestedDetail>;
  'mt-stock-moved': CustomEvent<StockMovedDetail>;
  'mt-stock-move-refused': CustomEvent<StockMoveRefusedDetail>;
  'mt-connection-changed': CustomEvent<{ state: ConnectionState }>;
}

declare global {
  // Interface merging is the only way to extend the DOM's event map.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface HTMLElementEventMap extends MedtekEventMap {}
}

export type MedtekEventName = keyof MedtekEventMap;
export type MedtekEventDetail<N extends MedtekEventName> = MedtekEventMap[N]['detail'];

/** Dispatches a typed, bubbling, composed event from `target`. */
export function emit<N extends MedtekEventName>(target: EventTarget, name: N, detail: MedtekEventDetail<N>): boolean {
  return target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable: false }));
}
