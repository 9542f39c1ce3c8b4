import { parseArgs } from 'node:util';
import { DEFAULT_DEMO_DEVICES, DEFAULT_DEMO_SPEED, startDemoSystem, type DemoSystem } from './demo-system.js';
import { DEMO_USERS } from './demo-municipality.js';
import { DEV_SESSION_FILE } from './demo-site.js';

const HELP = `Usage: pnpm start [options]

Starts the whole Medtek system on this machine: builds the widget bundle if needed, starts the server on the
embedded default (journal + registry in the data directory), seeds a demo municipality on the first start, runs a
simulated device fleet on an accelerated clock and serves the example host pages. Ctrl-C stops it cleanly;
starting again keeps the data.

Options:
  -p, --port <n>        listen port (default 8080; env PORT)
      --host <addr>     loopback listen address (default 127.0.0.1; env HOST); others are refused
                        because the demo hands out development tokens
      --data-dir <dir>  data directory (default ./data; env MEDTEK_DATA_DIR)
      --devices <n>     fleet size: devices seeded on the first start and simulated (default ${DEFAULT_DEMO_DEVICES})
      --speed <x>       clock factor of the simulated time (default ${DEFAULT_DEMO_SPEED}: one minute per second)
      --no-fleet        start without the simulated devices
  -h, --help            this text
`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p', default: process.env.PORT ?? '8080' },
    host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
    'data-dir': { type: 'string', default: process.env.MEDTEK_DATA_DIR ?? './data' },
    devices: { type: 'string', default: String(DEFAULT_DEMO_DEVICES) },
    speed: { type: 'string', default: String(DEFAULT_DEMO_SPEED) },
    'no-fleet': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

function numberOption(name: string, text: string, min: number, max: number, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
    console.error(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got "${text}"`);
    process.exit(2);
  }
  return value;
}

// The demo hands out development administrator tokens (banner, dev-session.json): never beyond this machine.
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
if (!LOOPBACK.test(values.host)) {
  console.error(
    `--host ${values.host} would expose the development tokens of the demo to the network; pnpm start listens on ` +
      'loopback only. Run medtek-server with a real token issuer (docs/server.md) to serve other machines.',
  );
  process.exit(2);
}

const port = numberOption('port', values.port, 0, 65_535, true);
const devices = numberOption('devices', values.devices, 0, 5_000, true);
const speed = numberOption('speed', values.speed, 1, 10_000, false);

let system: DemoSystem;
try {
  system = await startDemoSystem({
    dataDir: values['data-dir'],
    host: values.host,
    port,
    devices,
    speed,
    fleet: !values['no-fleet'],
  });
} catch (error) {
  console.error(`Medtek failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const { url } = system;
const rule = '─'.repeat(78);
console.log(`
${rule}
Medtek is running on ${url}   (simulated clock ×${speed}; data in ${system.server.config.dataDir})
${rule}
  ${url}/                     the examples (index)
  ${url}/cura-citizen/        care-record citizen page (screening wizard, device status)
  ${url}/e-team/              e-Team wall screen (alarms, fleet, key figures)
  ${url}/stock/               technical service (stock board, fleet — no medication)
  ${url}/custom-dashboard/    the live protocol without the widgets
  ${url}/healthz  /metrics  /api/v1/…
${rule}
DEVELOPMENT ONLY — ready logins (tokens signed with the local development key, valid 30 min;
the example pages fetch fresh ones from ${url}/${DEV_SESSION_FILE}, refreshed every 10 min):`);
for (const user of DEMO_USERS) {
  const token = system.session().users[user.role]?.token ?? '';
  console.log(`  ${user.role.padEnd(13)} ${user.name} — teams ${user.teams.join(', ')}`);
  console.log(`    Authorization: Bearer ${token}`);
}
console.log(`${rule}
Fleet: ${system.fleet ? `${system.fleet.devices.length} simulated devices` : 'off (--no-fleet)'}. Press Ctrl-C to stop.`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping: fleet, then server (journal flush + snapshot)…');
  system.stop().then(
    () => {
      console.log('Stopped. Start again to continue with the same data.');
      process.exit(0);
    },
    (error: unknown) => {
      console.error(`Stop failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
