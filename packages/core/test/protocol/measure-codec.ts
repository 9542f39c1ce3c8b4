// Measures decode + validate of a device event frame against baselines run in the same process:
// `pnpm exec tsx packages/core/test/protocol/measure-codec.ts`. Not a test: timings depend on the machine and its load.
import { Decoder } from '@msgpack/msgpack';
import { decodeDeviceFrame, DEVICE_TO_SERVER_LIMITS, encodeDeviceFrame, EventFrame } from '../../src/index.js';
import { scanMsgpack } from '../../src/protocol/msgpack-scan.js';
import { eventFrame } from './samples.js';

const bytes = encodeDeviceFrame(eventFrame);
const json = JSON.stringify(eventFrame);
const rawDecoder = new Decoder();
const decoded = rawDecoder.decode(bytes);

function measure(name: string, run: () => unknown): number {
  const n = 200_000;
  for (let i = 0; i < n; i += 1) run(); // warm-up
  let best = Infinity;
  for (let round = 0; round < 5; round += 1) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i += 1) run();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / n);
  }
  console.log(`${name.padEnd(44)} ${best.toFixed(0).padStart(6)} ns/frame  ${(1e9 / best).toFixed(0).padStart(9)} /s`);
  return best;
}

console.log(`event frame: ${bytes.length} bytes msgpack, ${json.length} bytes JSON`);
const baseline = measure('baseline: JSON.parse of the same frame', () => JSON.parse(json));
measure('@msgpack/msgpack decode, default options', () => rawDecoder.decode(bytes));
measure('pre-allocation scan (limits, ext, depth)', () => scanMsgpack(bytes, DEVICE_TO_SERVER_LIMITS));
measure('zod EventFrame.safeParse of a decoded value', () => EventFrame.safeParse(decoded));
const full = measure('decodeDeviceFrame (scan + decode + validate)', () => decodeDeviceFrame(bytes));
measure('encodeDeviceFrame', () => encodeDeviceFrame(eventFrame));
console.log(`decodeDeviceFrame / JSON.parse = ${(full / baseline).toFixed(2)}`);
