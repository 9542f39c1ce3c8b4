/**
 * Hard limits per channel and direction, applied to the raw bytes and to every declared msgpack length BEFORE the
 * decoder allocates anything (reliability.md goal #5). The schemas bound each field more tightly still.
 */
export interface ChannelLimits {
  /** Largest frame in bytes (the WebSocket message). */
  readonly maxFrameBytes: number;
  /** Longest string, in UTF-8 bytes (map keys included); ≥ 3 × the longest schema string (UTF-16 units). */
  readonly maxStrBytes: number;
  /** Longest `bin` value in bytes. */
  readonly maxBinBytes: number;
  /** Most elements in one array. */
  readonly maxArrayLength: number;
  /** Most entries (key/value pairs) in one map. */
  readonly maxMapSize: number;
  /** Deepest nesting of arrays and maps (the frame map itself is depth 1). */
  readonly maxDepth: number;
}

const KiB = 1024;

/**
 * Device → server (`/device`): events, batches of ≤ 64 events, rolls of ≤ 64 pouch labels. The longest device string
 * field is 256 characters (UTF-16 units, as the schema counts them), which is at most 768 UTF-8 bytes: hence 1 KiB.
 */
export const DEVICE_TO_SERVER_LIMITS: ChannelLimits = {
  maxFrameBytes: 16 * KiB,
  maxStrBytes: 1 * KiB,
  maxBinBytes: 4 * KiB,
  maxArrayLength: 64,
  maxMapSize: 32,
  maxDepth: 8,
};

/** Server → device: schedules of ≤ 64 slots, commands. Same bounds, so a device can use the same decoder limits. */
export const SERVER_TO_DEVICE_LIMITS: ChannelLimits = DEVICE_TO_SERVER_LIMITS;

/** Widget → server (`/live`): the auth token is a JWT, so strings may reach 4 KiB here (and only here). */
export const LIVE_CLIENT_LIMITS: ChannelLimits = {
  maxFrameBytes: 16 * KiB,
  maxStrBytes: 4 * KiB,
  maxBinBytes: 0,
  maxArrayLength: 64,
  maxMapSize: 32,
  maxDepth: 8,
};

/** Server → widget: snapshot pages and deltas may be larger; the server pages snapshots to stay within 1 MiB. */
export const LIVE_SERVER_LIMITS: ChannelLimits = {
  maxFrameBytes: 1024 * KiB,
  maxStrBytes: 4 * KiB,
  maxBinBytes: 0,
  maxArrayLength: 10_000,
  maxMapSize: 64,
  maxDepth: 12,
};
