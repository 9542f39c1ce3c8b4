/**
 * The one table of protocol error codes and WebSocket close codes. Server, simulator and widgets import it;
 * docs/protocol.md documents it. Error codes travel in `error` frames; close codes end a connection.
 */
export const ErrorCode = {
  /** Frame is larger than the protocol's maximum frame size. */
  FrameTooLarge: 'frame_too_large',
  /** Bytes are not valid MessagePack (or trailing bytes follow the value). */
  MalformedMsgpack: 'malformed_msgpack',
  /** A decoded string, binary, array or map is longer than the protocol allows, or nesting is too deep. */
  LimitExceeded: 'limit_exceeded',
  /** MessagePack extension types are not part of the protocol. */
  ExtensionRejected: 'extension_rejected',
  /** The frame's `t` (type) field names no frame type of this channel. */
  UnknownFrameType: 'unknown_frame_type',
  /** The frame has the right type but its fields do not match the schema (missing, extra, wrong type, range). */
  SchemaViolation: 'schema_violation',
  /** Protocol version not supported by this server. */
  UnsupportedVersion: 'unsupported_version',
  /** A frame other than the authentication frame arrived before authentication succeeded. */
  AuthRequired: 'auth_required',
  /** Credentials, signature or token did not verify. */
  AuthFailed: 'auth_failed',
  /** The token expired during the session. */
  TokenExpired: 'token_expired',
  /** Authenticated, but not allowed to do this (role, team, or another device's id). */
  Forbidden: 'forbidden',
  /** Too many frames in too short a time. */
  RateLimited: 'rate_limited',
  /** A device event skipped sequence numbers; the server asks for a resync. */
  SeqGap: 'seq_gap',
  /** The referenced alarm, device, citizen or unit does not exist (or is not visible to the caller). */
  NotFound: 'not_found',
  /** The command conflicts with the current state (e.g. resolving a closed alarm, an illegal stock move). */
  Conflict: 'conflict',
  /** The server failed; the frame was not applied and may be retried. */
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode);

/**
 * WebSocket close codes. 1000–1015 are RFC 6455; 4000–4999 are private to the Medtek protocol.
 */
export const CloseCode = {
  Normal: 1000,
  /** Server shutting down or restarting: reconnect with backoff. */
  GoingAway: 1001,
  /** Policy violation (RFC 6455): used for an expired token mid-session. */
  PolicyViolation: 1008,
  /** Frame bigger than the maximum payload. */
  MessageTooBig: 1009,
  /** Server overloaded: reconnect later with backoff. */
  TryAgainLater: 1013,
  /** No valid authentication frame within the time limit. */
  AuthTimeout: 4001,
  /** Authentication failed (bad signature, unknown device, invalid token). */
  AuthFailed: 4002,
  /** The first frame was not an authentication frame. */
  AuthRequired: 4003,
  /** Sending as another device, or a forbidden action severe enough to end the session. */
  Forbidden: 4004,
  /** Rate limit exceeded repeatedly. */
  RateLimited: 4005,
  /** Too many invalid frames in a row. */
  ProtocolViolation: 4006,
  /** The socket could not keep up (backpressure limit); reconnect and resync from a snapshot. */
  SlowConsumer: 4007,
  /** The same device connected again; the older connection is closed. */
  Replaced: 4008,
  /** Unsupported protocol version. */
  UnsupportedVersion: 4009,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export const PROTOCOL_VERSION = 1;
