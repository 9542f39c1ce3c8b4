import { parseArgs } from 'node:util';
import { runFleetCommand } from './fleet/fleet-command.js';
import { BASELINE_NAMES, startBaseline, type BaselineName } from './load/baselines.js';
import { runLoad } from './load/load-generator.js';

const USAGE = `Usage:
  pnpm sim [fleet|run] [--url http://127.0.0.1:8080] [--token JWT | --dev-token-file data/dev-token-key.json]
                [--devices 20] [--teams 2] [--mix flexsmart=0.3,medido=0.35,smila=0.2,medimi=0.15]
                [--profiles reliable=0.6,forgetful=0.25,chaotic=0.1,absent=0.05] [--faults disconnect=0.1,jam=0.05]
                [--seed 1] [--seed-file data/fleet/fleet-seed.json] [--origin http://localhost:8080] [--speed 1440]
  pnpm sim load --url ws://127.0.0.1:8080/device --rate 20000 --conns 2000 --seconds 30 [--workers 2]
                [--warmup 2] [--handshake device --server-key-hex HEX] [--spin] [--json out.json]
  pnpm sim load --baseline uws-ack|ws-ack|uws-echo-raw --rate 20000 --conns 200 --seconds 10
  pnpm sim baseline uws-ack|ws-ack|uws-echo-raw        (serves until Ctrl-C)

The load generator is open loop: frames leave at the intended rate whatever the server does; latency is measured
from each frame's intended send time to its acknowledgement, and the report says whether the server kept up.`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    baseline: { type: 'string' },
    rate: { type: 'string', default: '20000' },
    conns: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '1' },
    workers: { type: 'string' },
    handshake: { type: 'string', default: 'none' },
    'server-key-hex': { type: 'string' },
    spin: { type: 'boolean', default: false },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
    // fleet
    token: { type: 'string' },
    'dev-token-file': { type: 'string' },
    devices: { type: 'string', default: '20' },
    teams: { type: 'string', default: '2' },
    mix: { type: 'string' },
    profiles: { type: 'string' },
    faults: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'seed-file': { type: 'string', default: 'data/fleet/fleet-seed.json' },
    prefix: { type: 'string' },
    origin: { type: 'string' },
    speed: { type: 'string' },
    'no-live': { type: 'boolean', default: false },
  },
});

// `pnpm sim` alone runs the fleet.
const command = positionals[0] ?? 'fleet';
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function baselineName(text: string | undefined): BaselineName {
  if (!text || !(BASELINE_NAMES as readonly string[]).includes(text)) {
    console.error(`unknown baseline "${text}"; one of ${BASELINE_NAMES.join(', ')}`);
    process.exit(2);
  }
  return text as BaselineName;
}

async function deviceSecretFor(serverKeyHex: string): Promise<(deviceId: string) => Uint8Array> {
  const { createHmac } = await import('node:crypto');
  const key = Buffer.from(serverKeyHex, 'hex');
  // The server derives per-device secrets as HMAC-SHA256(serverKey, utf8(deviceId)).
  return (deviceId) => new Uint8Array(createHmac('sha256', key).update(deviceId, 'utf8').digest());
}

if (command === 'baseline') {
  const server = await startBaseline(baselineName(positionals[1]));
  console.log(`${server.name} listening on ${server.url} (Ctrl-C to stop)`);
  process.once('SIGINT', () => {
    void server.close().then(() => process.exit(0));
  });
} else if (command === 'load') {
  const baseline = values.baseline ? await startBaseline(baselineName(values.baseline)) : undefined;
  const url = baseline?.url ?? values.url;
  if (!url) {
    console.error('load needs --url or --baseline');
    process.exit(2);
  }
  const handshake = values.handshake === 'device' ? 'device' : 'none';
  const secretFor =
    handshake === 'device' && values['server-key-hex'] ? await deviceSecretFor(values['server-key-hex']) : undefined;
  const rate = Number(values.rate);
  let lastSent = 0;
  let lastAt = Date.now();
  const report = await runLoad({
    url,
    rate,
    connections: Number(values.conns),
    seconds: Number(values.seconds),
    warmupSeconds: Number(values.warmup),
    handshake,
    spin: values.spin,
    ...(values.workers ? { workers: Number(values.workers) } : {}),
    ...(secretFor ? { secretFor } : {}),
    onProgress: (p) => {
      const now = Date.now();
      const perSecond = ((p.sent - lastSent) * 1000) / Math.max(1, now - lastAt);
      lastSent = p.sent;
      lastAt = now;
      process.stderr.write(
        `\r${(p.elapsedMs / 1000).toFixed(1)} s  sent ${p.sent}  acked ${p.acked}  ${Math.round(perSecond)}/s  ` +
          `in flight ${p.sent - p.acked}  errors ${p.errors}   `,
      );
    },
  });
  process.stderr.write('\n');
  await baseline?.close();
  const json = JSON.stringify(report, null, 2);
  if (values.json) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(values.json, `${json}\n`);
  }
  console.log(json);
  console.error(report.verdict);
  process.exit(0);
} else if (command === 'fleet' || command === 'run') {
  await runFleetCommand(values);
} else {
  console.error(`unknown command "${command}"\n\n${USAGE}`);
  process.exit(2);
}
