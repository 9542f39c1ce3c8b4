import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/index.js';
import { startServer } from '../server.js';

/**
 * `medtek-server`: the production entry. Configuration from a JSON file (`--config` or $MEDTEK_CONFIG) with MEDTEK_*
 * environment overrides (docs/server.md); data directory `./data` by default. Graceful stop on SIGTERM/SIGINT;
 * exit 70 when the journal fails (nothing more is acknowledged; a restart recovers).
 */
const { values } = parseArgs({
  options: {
    config: { type: 'string', short: 'c' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: medtek-server [--config medtek.json]

Starts the Medtek server. Every setting can come from the JSON file or from MEDTEK_* environment variables
(MEDTEK_PORT, MEDTEK_HOST, MEDTEK_DATA_DIR, MEDTEK_ALLOWED_ORIGINS, MEDTEK_JWKS_URL, …); see docs/server.md.`);
  process.exit(0);
}

let server;
try {
  const config = loadConfig(values.config !== undefined ? { file: values.config } : {});
  server = await startServer({ resolvedConfig: config });
} catch (error) {
  console.error(
    error instanceof ConfigError ? error.message : `medtek-server failed to start: ${(error as Error).message}`,
  );
  process.exit(1);
}
console.log(`medtek-server listening on ${server.url} (data in ${server.config.dataDir})`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`graceful stop failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
