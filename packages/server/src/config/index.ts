export { ConfigError, ENV_OVERRIDES, loadConfig, type LoadConfigOptions } from './load.js';
export {
  FALLBACK_OPEN_FILE_LIMIT,
  FILE_DESCRIPTOR_RESERVE,
  parseOpenFileLimit,
  readOpenFileLimit,
  safeConnectionCap,
} from './open-file-limit.js';
export {
  ClockConfig,
  ServerConfigInput,
  serverConfigSchema,
  TokenAlgorithm,
  type RateLimitConfig,
  type ServerConfig,
} from './schema.js';
