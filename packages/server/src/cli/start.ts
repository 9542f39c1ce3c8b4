import { parseArgs } from 'node:util';
import { startServer } from '../server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: process.env.PORT ?? '8080' },
    host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
    'data-dir': { type: 'string', default: process.env.MEDTEK_DATA_DIR ?? './data' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`Usage: pnpm start [--port 8080] [--host 127.0.0.1]

Starts the Medtek server on the embedded default.`);
  process.exit(0);
}

let server;
try {
  server = await startServer({
    config: { host: values.host, port: Number(values.port), dataDir: values['data-dir'] },
  });
} catch (error) {
  console.error(`Medtek server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log(`Medtek server listening on ${server.url}  (health: ${server.url}/healthz)`);

const stop = (): void => {
  console.log('\nStopping Medtek server…');
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
