import type { Alarm, DeviceView, EventFrame, StatusFrame } from '@medtek/core';
import { executeServerCommand } from '@web/test-runner-commands';
import type { LiveSession } from '../src/shared/session/live-session.js';

/**
 * The browser side of the real test server (test/support/live-server.ts, started by the wtr plugin): fixtures,
 * device events sent as real signed frames, the server's own view of an alarm, and a restart.
 */
export interface LiveFixture {
  /** The `/live` URL (through the helper's relay, so it stays the same across a restart). */
  liveUrl: string;
  teamId: string;
  /** One device per type, in the order flexsmart, medido, smila, medimi. */
  deviceIds: [string, string, string, string];
  tokens: { superuser: string; staff: string; technician: string };
}

function command<R>(payload: Record<string, unknown>): Promise<R> {
  return executeServerCommand<R, Record<string, unknown>>('medtek-live', payload);
}

export const liveServer = {
  /** A fresh team with a citizen and device of each type, and tokens for three roles of that team. */
  fixture: () => command<LiveFixture>({ name: 'fixture' }),
  /** The device sends `event`; resolves after the server acknowledged it, with the device's open alarms. */
  raise: (deviceId: string, event: EventFrame['e']) => command<{ alarms: Alarm[] }>({ name: 'raise', deviceId, event }),
  /** The device sends a heartbeat. */
  status: (deviceId: string, status: Partial<StatusFrame>) =>
    command<{ device: DeviceView }>({ name: 'status', deviceId, status }),
  /** The server's own record of an alarm. */
  alarm: async (alarmId: string) => (await command<{ alarm: Alarm | null }>({ name: 'alarm', alarmId })).alarm,
  /** Stops the server and starts it again on the same data dir. */
  restart: () => command<{ replayedRecords: number }>({ name: 'restart' }),
};

/** Resolves when the session reaches `state` (at once if it is there already). */
export function sessionState(session: LiveSession, state: LiveSession['state']): Promise<void> {
  if (session.state === state) return Promise.resolve();
  return new Promise((resolve) => {
    const listener = (): void => {
      if (session.state !== state) return;
      session.removeEventListener('state', listener);
      resolve();
    };
    session.addEventListener('state', listener);
  });
}
