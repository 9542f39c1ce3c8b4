/**
 * The whole widget library: importing it defines every `mt-*` element (tolerating a second copy on the page) and
 * exposes the session API for hosts that drive the connection themselves.
 */
export * from './elements/mt-session.js';
export * from './elements/mt-alarm-list.js';
export * from './elements/mt-device-status.js';
export * from './elements/mt-screening-wizard.js';
export * from './elements/mt-stock-board.js';
export * from './elements/mt-key-figures.js';
export { LiveSession, type CommandOutcome, type LiveSessionOptions } from './shared/session/live-session.js';
export { Subscription, type SubscriptionFilters } from './shared/session/subscription.js';
export type { ConnectionState } from './shared/session/connection-state.js';
export { encodeServerFrame } from './shared/session/wire.js';
export { define } from './shared/define.js';
export type * from './shared/events.js';
