import { LiveSession } from './live-session.js';

/**
 * Standalone widgets (with their own `server` and `token`) that name the same server and token share one session,
 * counted by reference; the socket closes when the last of them leaves the page.
 */
const shared = new Map<string, { session: LiveSession; users: number }>();

function keyOf(server: string, token: string): string {
  return `${server}\u0000${token}`;
}

export function acquireSession(server: string, token: string): LiveSession {
  const key = keyOf(server, token);
  let entry = shared.get(key);
  if (entry === undefined) {
    entry = { session: new LiveSession({ server, token }), users: 0 };
    shared.set(key, entry);
  }
  entry.users += 1;
  return entry.session;
}

export function releaseSession(session: LiveSession): void {
  for (const [key, entry] of shared) {
    if (entry.session !== session) continue;
    entry.users -= 1;
    if (entry.users === 0) {
      shared.delete(key);
      session.close();
    }
    return;
  }
}
