import { type ChannelUnderTest, CHANNELS, encodeAny } from './channels.js';
import { DEVICE_SAMPLES, LIVE_CLIENT_SAMPLES, LIVE_SERVER_SAMPLES, SERVER_TO_DEVICE_SAMPLES } from './samples.js';

/** The byte dumps docs/protocol.md shows: real encoder output for a few sample frames of each family. */
export interface ExampleDump {
  readonly channel: string;
  readonly type: string;
  readonly json: string;
  readonly hex: string;
}

const PICKS: readonly (readonly [number, readonly unknown[], readonly string[]])[] = [
  [0, DEVICE_SAMPLES, ['auth', 'event']],
  [1, SERVER_TO_DEVICE_SAMPLES, ['challenge', 'ack']],
  [2, LIVE_CLIENT_SAMPLES, ['subscribe', 'command']],
  [3, LIVE_SERVER_SAMPLES, ['result', 'delta']],
];

/** 16 bytes a line, offset first: `0000  86 a1 74 …`. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = Array.from(bytes.subarray(offset, offset + 16), (b) => b.toString(16).padStart(2, '0'));
    lines.push(`${offset.toString(16).padStart(4, '0')}  ${row.join(' ')}`);
  }
  return lines.join('\n');
}

function toJson(frame: unknown): string {
  return JSON.stringify(frame, (_key, value: unknown) =>
    value instanceof Uint8Array ? `<bin ${value.length}: ${Buffer.from(value).toString('hex')}>` : value,
  );
}

export function exampleDumps(): ExampleDump[] {
  const dumps: ExampleDump[] = [];
  for (const [index, samples, types] of PICKS) {
    const channel: ChannelUnderTest = CHANNELS[index]!;
    for (const type of types) {
      const frame = samples.find((sample) => (sample as { t: string }).t === type);
      if (frame === undefined) throw new Error(`no sample for ${channel.name} ${type}`);
      dumps.push({ channel: channel.name, type, json: toJson(frame), hex: hexDump(encodeAny(channel, frame)) });
    }
  }
  return dumps;
}
