import { parseArgs } from 'node:util';
import { startServer, type RunningServer } from '../server.js';
import { failingFileLayer, parseFailSwitch } from './failing-file-layer.js';

/**
 * A server for child-process tests (crash, kill -9, fsync failure): configuration from argv and the environment,
 * one JSON line on stdout once it listens, graceful stop on SIGTERM/SIGINT, exit 70 on a journal failure (the
 * server's default onFatal). `pnpm start` stays the human entry; this one is for harnesses. Devices are provisioned
 * through the REST API like in production (POST /api/v1/devices hands out the secret).
 *
 *   node --import tsx packages/server/src/cli/serve.ts --data-dir DIR [--port 0] [--host 127.0.0.1]
 *
 * Environment: MEDTEK_SERVE_CONFIG (JSON merged into the configuration, e.g. limits or heartbeatIntervalMs),
 * MEDTEK_FAIL_JOURNAL (`datasync:N` or `write:N`: the Nth journal call of that kind fails with EIO).
 */

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

function fail(message: string): never {
  console.error(`serve: ${message}`);
  process.exit(1);
}

const dataDir = values['data-dir'] ?? fail('--data-dir is required');
const extra = process.env.MEDTEK_SERVE_CONFIG ? (JSON.parse(process.env.MEDTEK_SERVE_CONFIG) as object) : {};
const failSwitch = parseFailSwitch(process.env.MEDTEK_FAIL_JOURNAL);

let server: RunningServer;
try {
  server = await startServer({
    config: { ...extra, host: values.host, port: Number(values.port), dataDir },
    ...(failSwitch ? { journalFileLayer: failingFileLayer(failSwitch.operation, failSwitch.nth) } : {}),
  });
} catch (error) {
  fail(`failed to start: ${error instanceof Error ? error.message : String(error)}`);
}
console.log(
  JSON.stringify({
    url: server.url,
    port: server.port,
    pid: process.pid,
    replayedRecords: server.startup.replayedRecords,
    replayMs: Math.round(server.startup.replayMs),
  }),
);

const stop = (): void => {
  void server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`serve: graceful stop failed: ${error instanceof Error ? error.stack : String(error)}`);
      process.exit(1);
    },
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
