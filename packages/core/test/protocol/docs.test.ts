import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  Alarm,
  CloseCode,
  DEVICE_EVENT_KINDS,
  DEVICE_FRAME_SCHEMAS,
  DeviceEvent,
  DeviceView,
  ERROR_CODES,
  Incident,
  KpiValue,
  LIVE_CLIENT_FRAME_SCHEMAS,
  LIVE_SERVER_FRAME_SCHEMAS,
  SERVER_TO_DEVICE_FRAME_SCHEMAS,
  StockUnitView,
} from '../../src/index.js';
import { exampleDumps } from './dumps.js';

const doc = readFileSync(new URL('../../../../docs/protocol.md', import.meta.url), 'utf8');

/** The text of the document from the heading that starts with `start` to the next heading of that level or higher. */
function section(start: string): string {
  const lines = doc.split('\n');
  const from = lines.findIndex((line) => line.startsWith(start));
  if (from < 0) throw new Error(`docs/protocol.md has no section "${start}"`);
  const level = /^#+/.exec(start)![0].length;
  const to = lines.findIndex((line, i) => i > from && /^#+ /.test(line) && /^#+/.exec(line)![0].length <= level);
  return lines.slice(from, to < 0 ? undefined : to).join('\n');
}

/** Every key a schema (object or union of objects) defines at its top level. */
function keysOf(schema: z.ZodType): string[] {
  const def = schema._zod.def as unknown as { type: string; shape?: object; options?: z.ZodType[] };
  if (def.type === 'object') return Object.keys(def.shape!);
  if (def.type === 'union') return [...new Set(def.options!.flatMap(keysOf))];
  return [];
}

const FRAME_SECTIONS: readonly (readonly [string, Readonly<Record<string, z.ZodType>>])[] = [
  ['### 2.4 Device → server frames', DEVICE_FRAME_SCHEMAS],
  ['### 2.6 Server → device frames', SERVER_TO_DEVICE_FRAME_SCHEMAS],
  ['### 3.1 Widget → server frames', LIVE_CLIENT_FRAME_SCHEMAS],
  ['### 3.2 Server → widget frames', LIVE_SERVER_FRAME_SCHEMAS],
];

describe('docs/protocol.md documents every part of the protocol', () => {
  for (const [heading, schemas] of FRAME_SECTIONS) {
    for (const [type, schema] of Object.entries(schemas)) {
      it(`${heading.slice(4)}: \`${type}\` has a heading and documents each field`, () => {
        const text = section(heading);
        expect(text).toContain(`\n#### \`${type}\`\n`);
        const frameText = text.split(`\n#### \`${type}\`\n`)[1]!.split('\n#### ')[0]!;
        for (const key of keysOf(schema)) expect(frameText, `field ${key}`).toContain(`\`${key}\``);
      });
    }
  }

  it('every device event kind is a row of the event table, with its fields', () => {
    const table = section('### 2.5 Device events');
    for (const kind of DEVICE_EVENT_KINDS) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${kind}\` |`));
      expect(row, kind).toBeDefined();
      const option = DeviceEvent.options.find((o) => o.shape.kind.value === kind)!;
      for (const key of Object.keys(option.shape).filter((k) => k !== 'kind')) {
        expect(row, `${kind}.${key}`).toContain(`\`${key}\``);
      }
    }
  });

  it('every item field of every live topic is named', () => {
    const items = section('### 3.3 Items per topic');
    for (const schema of [Alarm, DeviceView, Incident, StockUnitView, KpiValue]) {
      for (const key of keysOf(schema)) expect(items, key).toContain(`\`${key}\``);
    }
  });

  it('every error code and close code is in the code tables', () => {
    const errors = section('### 4.1 Error codes');
    for (const code of ERROR_CODES) expect(errors).toContain(`| \`${code}\` |`);
    const closes = section('### 4.2 WebSocket close codes');
    for (const [name, code] of Object.entries(CloseCode)) expect(closes).toContain(`| \`${code}\` | ${name} |`);
  });

  it('the byte dumps are what the encoder produces today', () => {
    for (const dump of exampleDumps()) {
      expect(doc, `${dump.channel} ${dump.type}`).toContain(`\`\`\`hex\n${dump.hex}\n\`\`\``);
      expect(doc).toContain(dump.json);
    }
  });

  it('the HMAC test vector is right', () => {
    const row = (name: string) => new RegExp(`\\| ${name} \\| \`([0-9a-f]+)\` \\|`).exec(doc)?.[1];
    const [secret, nonce, input, mac] = ['secret', 'nonce', 'MAC input', 'mac'].map(row);
    const time = Buffer.alloc(8);
    time.writeBigUInt64BE(1_795_590_000_000n);
    const expectedInput = Buffer.concat([Buffer.from(nonce!, 'hex'), Buffer.from('medido-0042'), time]);
    expect(input).toBe(expectedInput.toString('hex'));
    expect(mac).toBe(createHmac('sha256', Buffer.from(secret!, 'hex')).update(expectedInput).digest('hex'));
  });
});
