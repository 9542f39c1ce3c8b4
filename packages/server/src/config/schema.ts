import { join } from 'node:path';
import { z } from 'zod';
import { safeConnectionCap } from './open-file-limit.js';

/** Signature algorithms jose may accept for widget tokens (never `none`, never HMAC: the host portal signs). */
export const TokenAlgorithm = z.enum([
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
]);
export type TokenAlgorithm = z.infer<typeof TokenAlgorithm>;

const Port = z.number().int().min(0).max(65535);
const Path = z.string().min(1);
/** A browser origin exactly as sent in the Origin header: scheme://host[:port], no path, no trailing slash. */
const Origin = z.string().regex(/^https?:\/\/[^/\s?#]+$/, 'must be an origin such as https://portal.example.dk');
/** An instant: epoch milliseconds or an ISO 8601 date-time with offset. */
const Instant = z.union([
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  z.iso.datetime({ offset: true }).transform((text) => Date.parse(text)),
]);
const HexKey = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 32 bytes as 64 hex digits');

const RateLimit = z.strictObject({
  /** Sustained frames per second (token-bucket refill rate). */
  perSecond: z.number().positive().max(100_000),
  /** Bucket size: frames accepted in a burst. */
  burst: z.number().int().positive().max(100_000),
});
export type RateLimitConfig = z.infer<typeof RateLimit>;

export const ClockConfig = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('real') }),
  /** Demo mode: time runs `factor` times faster from `startAt` (default: the real start instant). */
  z.strictObject({
    mode: z.literal('accelerated'),
    factor: z.number().positive().max(100_000),
    startAt: Instant.optional(),
  }),
  /** Tests and vendor conformance runs: time moves only on an authenticated admin request. */
  z.strictObject({ mode: z.literal('manual'), startAt: Instant.optional() }),
]);
export type ClockConfig = z.infer<typeof ClockConfig>;

const TokenConfig = z.strictObject({
  issuer: z.string().min(1).default('medtek-dev'),
  audience: z.string().min(1).default('medtek'),
  algorithms: z.array(TokenAlgorithm).min(1).default(['ES256']),
  /** Production: the host portal's JWKS. Absent: tokens are verified with the local development key. */
  jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
  clockToleranceSec: z.number().int().min(0).max(60).default(30),
  maxTokenAgeSec: z.number().int().positive().max(86_400).default(3_600),
});

const DeviceAuthConfig = z.strictObject({
  /** 32-byte server key (hex). Prefer the key file; this exists for secret stores that inject values. */
  serverKey: HexKey.optional(),
  /** Default `<dataDir>/device-server.key`, created with mode 0600 on first start. */
  serverKeyFile: Path.optional(),
  /** During rotation: devices whose secret was derived from the previous key still authenticate. */
  previousServerKey: HexKey.optional(),
  previousServerKeyFile: Path.optional(),
});

const LimitsConfig = z.strictObject({
  /** Largest WebSocket frame accepted; uWS closes the connection on a larger one. */
  maxPayloadBytes: z.number().int().min(1_024).max(1_048_576).default(16_384),
  /** Largest REST request body. */
  maxHttpBodyBytes: z.number().int().min(1_024).max(16_777_216).default(1_048_576),
  deviceRate: RateLimit.default({ perSecond: 20, burst: 100 }),
  widgetRate: RateLimit.default({ perSecond: 10, burst: 50 }),
  /** The first frame must authenticate within this time. */
  authTimeoutMs: z.number().int().min(100).max(5_000).default(5_000),
  /** uWS idle timeout in seconds (about 4 s granularity); pings are sent automatically before it. */
  idleTimeoutSec: z.number().int().min(8).max(960).default(120),
  /** Bytes buffered per socket before a widget socket is closed as a slow consumer (≥ one large frame). */
  maxBackpressureBytes: z.number().int().min(1_024).max(16_777_216).default(1_048_576),
  /** Open sockets (devices + widgets); default 90 % of the open-file limit minus a reserve. */
  maxConnections: z.number().int().positive().optional(),
});

const JournalConfig = z.strictObject({
  /** One fsync covers every record written within this window (0: one fsync per event-loop turn). */
  groupCommitWindowMs: z.number().min(0).max(50).default(2),
  segmentBytes: z.number().int().min(4_096).max(1_073_741_824).default(67_108_864),
});

const AuditConfig = z.strictObject({
  /** Danish practice: use logs are kept at least 6 months; shorter values are refused. */
  retentionDays: z.number().int().min(183).max(3_650).default(365),
});

const TlsConfig = z.strictObject({ certFile: Path, keyFile: Path, passphrase: z.string().optional() });

/** What the file and environment may contain (before paths and limits are derived). */
export const ServerConfigInput = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: Port.default(8080),
    dataDir: Path.default('./data'),
    /** Origins allowed to open /live. Empty: no browser origin is allowed. */
    allowedOrigins: z.array(Origin).default([]),
    tls: TlsConfig.optional(),
    /** Directory served as static files (the built widgets and examples). */
    staticDir: Path.optional(),
    token: TokenConfig.prefault({}),
    deviceAuth: DeviceAuthConfig.prefault({}),
    limits: LimitsConfig.prefault({}),
    clock: ClockConfig.default({ mode: 'real' }),
    /** The manual clock lets an administrator move time: refused unless explicitly allowed. */
    allowManualClock: z.boolean().default(false),
    /** Expected device heartbeat interval; a device is offline after 1.5 intervals of silence. */
    heartbeatIntervalMs: z.number().int().min(1_000).max(3_600_000).default(60_000),
    journal: JournalConfig.prefault({}),
    audit: AuditConfig.prefault({}),
  })
  .superRefine((config, ctx) => {
    if (config.clock.mode === 'manual' && !config.allowManualClock) {
      ctx.addIssue({
        code: 'custom',
        path: ['clock', 'mode'],
        message: 'the manual clock is refused unless allowManualClock is true (it lets an administrator move time)',
      });
    }
  });

/**
 * The full configuration schema for a process whose open-file limit is `openFileLimit`: fills the connection cap
 * and the data-dir paths, and refuses a cap at or above the safe maximum.
 */
export function serverConfigSchema(openFileLimit: number) {
  const cap = safeConnectionCap(openFileLimit);
  return ServerConfigInput.superRefine((config, ctx) => {
    const wanted = config.limits.maxConnections;
    if (wanted !== undefined && wanted > cap) {
      ctx.addIssue({
        code: 'custom',
        path: ['limits', 'maxConnections'],
        message: `must be at most ${cap} (90 % of the open-file limit ${openFileLimit} minus a reserve); raise "ulimit -n" first`,
      });
    }
  }).transform((config) => ({
    ...config,
    limits: { ...config.limits, maxConnections: config.limits.maxConnections ?? cap },
    paths: {
      serverKeyFile: config.deviceAuth.serverKeyFile ?? join(config.dataDir, 'device-server.key'),
      devTokenKeyFile: join(config.dataDir, 'dev-token-key.json'),
      registryFile: join(config.dataDir, 'registry.json'),
      auditDir: join(config.dataDir, 'audit'),
      journalDir: join(config.dataDir, 'journal'),
    },
  }));
}

export type ServerConfig = z.output<ReturnType<typeof serverConfigSchema>>;
