import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { readOpenFileLimit } from './open-file-limit.js';
import { serverConfigSchema, type ServerConfig } from './schema.js';

type EnvKind = 'string' | 'number' | 'boolean' | 'list' | 'path';

/** Every environment override, the config field it sets and how its text is read. docs/server.md lists them. */
export const ENV_OVERRIDES: readonly { name: string; path: readonly string[]; kind: EnvKind }[] = [
  { name: 'MEDTEK_HOST', path: ['host'], kind: 'string' },
  { name: 'MEDTEK_PORT', path: ['port'], kind: 'number' },
  { name: 'MEDTEK_DATA_DIR', path: ['dataDir'], kind: 'path' },
  { name: 'MEDTEK_ALLOWED_ORIGINS', path: ['allowedOrigins'], kind: 'list' },
  { name: 'MEDTEK_STATIC_DIR', path: ['staticDir'], kind: 'path' },
  { name: 'MEDTEK_TLS_CERT', path: ['tls', 'certFile'], kind: 'path' },
  { name: 'MEDTEK_TLS_KEY', path: ['tls', 'keyFile'], kind: 'path' },
  { name: 'MEDTEK_TLS_PASSPHRASE', path: ['tls', 'passphrase'], kind: 'string' },
  { name: 'MEDTEK_JWKS_URL', path: ['token', 'jwksUrl'], kind: 'string' },
  { name: 'MEDTEK_TOKEN_ISSUER', path: ['token', 'issuer'], kind: 'string' },
  { name: 'MEDTEK_TOKEN_AUDIENCE', path: ['token', 'audience'], kind: 'string' },
  { name: 'MEDTEK_TOKEN_ALGORITHMS', path: ['token', 'algorithms'], kind: 'list' },
  { name: 'MEDTEK_TOKEN_CLOCK_TOLERANCE_SEC', path: ['token', 'clockToleranceSec'], kind: 'number' },
  { name: 'MEDTEK_TOKEN_MAX_AGE_SEC', path: ['token', 'maxTokenAgeSec'], kind: 'number' },
  { name: 'MEDTEK_SERVER_KEY', path: ['deviceAuth', 'serverKey'], kind: 'string' },
  { name: 'MEDTEK_SERVER_KEY_FILE', path: ['deviceAuth', 'serverKeyFile'], kind: 'path' },
  { name: 'MEDTEK_PREVIOUS_SERVER_KEY', path: ['deviceAuth', 'previousServerKey'], kind: 'string' },
  { name: 'MEDTEK_PREVIOUS_SERVER_KEY_FILE', path: ['deviceAuth', 'previousServerKeyFile'], kind: 'path' },
  { name: 'MEDTEK_MAX_PAYLOAD_BYTES', path: ['limits', 'maxPayloadBytes'], kind: 'number' },
  { name: 'MEDTEK_MAX_HTTP_BODY_BYTES', path: ['limits', 'maxHttpBodyBytes'], kind: 'number' },
  { name: 'MEDTEK_DEVICE_RATE_PER_SEC', path: ['limits', 'deviceRate', 'perSecond'], kind: 'number' },
  { name: 'MEDTEK_DEVICE_RATE_BURST', path: ['limits', 'deviceRate', 'burst'], kind: 'number' },
  { name: 'MEDTEK_WIDGET_RATE_PER_SEC', path: ['limits', 'widgetRate', 'perSecond'], kind: 'number' },
  { name: 'MEDTEK_WIDGET_RATE_BURST', path: ['limits', 'widgetRate', 'burst'], kind: 'number' },
  { name: 'MEDTEK_AUTH_TIMEOUT_MS', path: ['limits', 'authTimeoutMs'], kind: 'number' },
  { name: 'MEDTEK_IDLE_TIMEOUT_SEC', path: ['limits', 'idleTimeoutSec'], kind: 'number' },
  { name: 'MEDTEK_MAX_BACKPRESSURE_BYTES', path: ['limits', 'maxBackpressureBytes'], kind: 'number' },
  { name: 'MEDTEK_MAX_CONNECTIONS', path: ['limits', 'maxConnections'], kind: 'number' },
  { name: 'MEDTEK_CLOCK', path: ['clock', 'mode'], kind: 'string' },
  { name: 'MEDTEK_CLOCK_FACTOR', path: ['clock', 'factor'], kind: 'number' },
  { name: 'MEDTEK_CLOCK_START', path: ['clock', 'startAt'], kind: 'string' },
  { name: 'MEDTEK_ALLOW_MANUAL_CLOCK', path: ['allowManualClock'], kind: 'boolean' },
  { name: 'MEDTEK_HEARTBEAT_INTERVAL_MS', path: ['heartbeatIntervalMs'], kind: 'number' },
  { name: 'MEDTEK_JOURNAL_GROUP_COMMIT_MS', path: ['journal', 'groupCommitWindowMs'], kind: 'number' },
  { name: 'MEDTEK_JOURNAL_SEGMENT_BYTES', path: ['journal', 'segmentBytes'], kind: 'number' },
  { name: 'MEDTEK_AUDIT_RETENTION_DAYS', path: ['audit', 'retentionDays'], kind: 'number' },
];

/** Config fields holding file-system paths: relative values are resolved against the file that holds them. */
const PATH_FIELDS: readonly (readonly string[])[] = [
  ['dataDir'],
  ['staticDir'],
  ['tls', 'certFile'],
  ['tls', 'keyFile'],
  ['deviceAuth', 'serverKeyFile'],
  ['deviceAuth', 'previousServerKeyFile'],
];

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(problems.length > 0 ? `${message}:\n${problems.map((p) => `  - ${p}`).join('\n')}` : message);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** JSON config file; default: $MEDTEK_CONFIG if set, else none (defaults + environment). */
  file?: string;
  /** Environment to read overrides from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Directory relative environment paths and the default data dir resolve against (default process.cwd()). */
  cwd?: string;
  /** Soft open-file limit (default: read from /proc/self/limits, fallback 1024). */
  openFileLimit?: number;
}

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function getPath(raw: Raw, path: readonly string[]): unknown {
  let node: unknown = raw;
  for (const key of path) node = isRecord(node) ? node[key] : undefined;
  return node;
}

function setPath(raw: Raw, path: readonly string[], value: unknown): void {
  let node = raw;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!isRecord(next)) node[key] = {};
    node = node[key] as Raw;
  }
  node[path[path.length - 1]!] = value;
}

function readEnvValue(text: string, kind: EnvKind, cwd: string): unknown {
  switch (kind) {
    case 'string':
      return text;
    case 'path':
      return resolve(cwd, text);
    case 'number':
      // Leave malformed text as a string so the schema names the field ("expected number").
      return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text;
    case 'boolean':
      if (/^(true|1|yes)$/i.test(text)) return true;
      if (/^(false|0|no)$/i.test(text)) return false;
      return text;
    case 'list':
      return text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
  }
}

function readConfigFile(file: string): Raw {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) throw new ConfigError(`config file ${file} must hold a JSON object`);
  const base = dirname(resolve(file));
  for (const field of PATH_FIELDS) {
    const value = getPath(parsed, field);
    if (typeof value === 'string' && !isAbsolute(value)) setPath(parsed, field, resolve(base, value));
  }
  return parsed;
}

function describeIssue(issue: z.core.$ZodIssue, envSources: Map<string, string>, file: string | undefined): string {
  const field = issue.path.length > 0 ? issue.path.join('.') : '(root)';
  let source = '';
  for (const [path, name] of envSources) {
    if (field === path || field.startsWith(`${path}.`)) source = ` (from ${name})`;
  }
  if (source === '' && file !== undefined) source = ` (in ${file})`;
  return `${field}${source}: ${issue.message}`;
}

/**
 * Reads the configuration: defaults, then the JSON file, then MEDTEK_* environment overrides. Throws a ConfigError
 * naming every bad field (and the variable or file it came from).
 */
export function loadConfig(options: LoadConfigOptions = {}): ServerConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ?? env.MEDTEK_CONFIG;
  const raw: Raw = file !== undefined ? readConfigFile(resolve(cwd, file)) : {};

  const envSources = new Map<string, string>();
  for (const override of ENV_OVERRIDES) {
    const text = env[override.name];
    if (text === undefined || text === '') continue;
    if (override.name === 'MEDTEK_CLOCK' && getPath(raw, ['clock', 'mode']) !== text) raw.clock = {};
    setPath(raw, override.path, readEnvValue(text, override.kind, cwd));
    envSources.set(override.path.join('.'), override.name);
  }
  if (raw.dataDir === undefined) raw.dataDir = resolve(cwd, 'data');

  const result = serverConfigSchema(options.openFileLimit ?? readOpenFileLimit()).safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      'invalid configuration',
      result.error.issues.map((issue) => describeIssue(issue, envSources, file)),
    );
  }
  return result.data;
}
