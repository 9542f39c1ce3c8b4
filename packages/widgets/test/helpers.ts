import {
  CURRENT_QUESTIONNAIRE,
  type Alarm,
  type DeviceView,
  type LiveClientFrame,
  type LiveServerFrame,
  type Role,
  type Screening,
  type StaircaseStep,
  type StockUnitView,
} from '@medtek/core';
import 'axe-core';
import { LiveSession } from '../src/shared/session/live-session.js';
import { encodeServerFrame } from '../src/shared/session/wire.js';

declare global {
  interface Window {
    axe: {
      run(
        context: Element | Document,
        options?: object,
      ): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }>;
    };
  }
}

export const NOW = Date.now();

/**
 * A session without a socket, driven through its public API: frames go in as msgpack bytes through `receive` (the
 * path the socket's `message` handler takes), and every frame the session sends is recorded in `sent`.
 */
export function offlineSession(): { session: LiveSession; sent: LiveClientFrame[] } {
  const sent: LiveClientFrame[] = [];
  const session = new LiveSession({
    server: 'ws://127.0.0.1:9/live',
    token: 'test-token',
    autoConnect: false,
    onSend: (frame) => sent.push(frame),
  });
  return { session, sent };
}

export function feed(session: LiveSession, frame: LiveServerFrame): void {
  session.receive(encodeServerFrame(frame));
}

export function authOk(session: LiveSession, role: Role = 'superuser'): void {
  feed(session, { t: 'auth_ok', v: 1, user: 'u-anna', role, teams: ['team-north', 'team-south'], serverTime: NOW });
}

/** The id of the last `subscribe` frame for a topic. */
export function subscriptionId(sent: readonly LiveClientFrame[], topic: string): string {
  const frame = [...sent].reverse().find((f) => f.t === 'subscribe' && f.topic === topic);
  if (frame === undefined || frame.t !== 'subscribe') throw new Error(`no subscribe for ${topic}`);
  return frame.id;
}

export function makeAlarm(id: string, patch: Partial<Alarm> = {}): Alarm {
  return {
    id,
    type: 'missed_dose',
    priority: 'medium',
    state: 'unack_active',
    acknowledged: false,
    cleared: false,
    citizenId: `c-${id}`,
    deviceId: `d-${id}`,
    teamId: 'team-north',
    slot: '2026-11-25T08:00',
    raisedAt: NOW - 5 * 60_000,
    updatedAt: NOW - 5 * 60_000,
    comments: [],
    suppressed: false,
    escalationLevel: 0,
    responseLimitMs: 15 * 60_000,
    ...patch,
  };
}

export function makeDevice(deviceId: string, patch: Partial<DeviceView> = {}): DeviceView {
  return {
    deviceId,
    type: 'medido',
    citizenId: `c-${deviceId}`,
    teamId: 'team-north',
    online: true,
    connected: true,
    lastContactAt: NOW - 30_000,
    battery: 80,
    power: 'mains',
    fill: { pouchesLeft: 20 },
    mode: 'active',
    locked: false,
    nextDose: { slot: '2026-11-25T12:00', dueAt: NOW + 3_600_000 },
    clockOffsetMs: 0,
    lastSeq: 10,
    updatedAt: NOW,
    ...patch,
  };
}

export function makeUnit(unitId: string, patch: Partial<StockUnitView> = {}): StockUnitView {
  return {
    unitId,
    deviceType: 'medido',
    serial: `SN-${unitId}`,
    state: 'in_stock',
    location: 'depot-nord',
    since: NOW - 86_400_000,
    lastMove: { move: 'register', by: 'tech-bo', at: NOW - 86_400_000 },
    ...patch,
  };
}

/** A submitted screening that puts the citizen on `step` (the forecast's pending demand). */
export function makeScreening(citizenId: string, step: StaircaseStep): Screening {
  return {
    screeningId: `scr-${citizenId}`,
    citizenId,
    kind: 'initial',
    questionnaire: { id: CURRENT_QUESTIONNAIRE.id, version: CURRENT_QUESTIONNAIRE.version },
    answers: {},
    status: 'submitted',
    assessedBy: 'nurse-anna',
    assessedAt: NOW - 3_600_000,
    decidedStep: step,
    deviationNote: 'test',
    followUpDue: NOW + 90 * 86_400_000,
  };
}

/** Runs axe on an element (its shadow tree included) and fails with the rule ids and targets of any violation. */
export async function expectAccessible(element: Element): Promise<void> {
  const result = await window.axe.run(element, { resultTypes: ['violations'] });
  const problems = result.violations.map((v) => `${v.id}: ${v.help} @ ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  if (problems.length > 0) throw new Error(`axe violations:\n${problems.join('\n')}`);
}

export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Waits until `condition` holds, re-checking after each animation frame (fails after `frames` frames). */
export async function until(condition: () => boolean, what: string, frames = 300): Promise<void> {
  for (let i = 0; i < frames; i += 1) {
    if (condition()) return;
    await nextFrame();
  }
  throw new Error(`timed out waiting for: ${what}`);
}

export function shadowText(element: Element): string {
  return (element.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
}

export function key(target: Element, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
}

// "ResizeObserver loop completed with undelivered notifications" is a benign browser report (the virtualizer
// measures rows and resizes in the same frame); it is not an exception, but mocha's window.onerror counts it.
before(() => {
  const original = window.onerror;
  window.onerror = (message, ...rest): boolean => {
    if (typeof message === 'string' && message.includes('ResizeObserver loop')) return true;
    return original?.call(window, message, ...rest) === true;
  };
});
