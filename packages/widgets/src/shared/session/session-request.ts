import type { LiveSession } from './live-session.js';

/**
 * How a widget finds the `mt-session` it sits in, across shadow roots: it dispatches this bubbling, composed event
 * from itself; the nearest provider answers by calling `provide` now and again whenever its session is replaced,
 * until the returned function is called. (The same idea as the Lit context protocol, without the extra package.)
 */
export const SESSION_REQUEST = 'mt-session-request';

export interface SessionRequestDetail {
  /** Called with the provider's current session (undefined while it has no server or token). */
  provide(session: LiveSession | undefined): void;
  /** Set by the provider: stops further `provide` calls. */
  unsubscribe?: () => void;
}

export type SessionRequestEvent = CustomEvent<SessionRequestDetail>;
