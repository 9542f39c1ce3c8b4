import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeviceEvent, FrameTooLargeError } from '../../src/index.js';
import { CHANNELS, encodeAny } from './channels.js';
import { DEVICE_SAMPLES, LIVE_CLIENT_SAMPLES, LIVE_SERVER_SAMPLES, SERVER_TO_DEVICE_SAMPLES } from './samples.js';
import { deriveArbitrary } from './derive-arbitrary.js';

describe('encode → decode is the identity for every valid frame', () => {
  for (const channel of CHANNELS) {
    for (const [type, schema] of Object.entries(channel.schemas)) {
      it(`${channel.name} \`${type}\``, () => {
        fc.assert(
          fc.property(deriveArbitrary(schema), (frame) => {
            // The generator follows the schema; make sure it agrees before testing the codec.
            const valid = schema.parse(frame);
            let bytes: Uint8Array;
            try {
              bytes = encodeAny(channel, valid);
            } catch (error) {
              // Only a frame bigger than the channel allows may be refused, and then loudly.
              expect(error).toBeInstanceOf(FrameTooLargeError);
              return;
            }
            const decoded = channel.decode(bytes);
            expect(decoded).toEqual({ ok: true, frame: valid });
          }),
          { numRuns: 80 },
        );
      });
    }
  }

  it('the documented sample frames round-trip, the deepest legal nesting included (batch › roll › label › dose)', () => {
    const samples = [DEVICE_SAMPLES, SERVER_TO_DEVICE_SAMPLES, LIVE_CLIENT_SAMPLES, LIVE_SERVER_SAMPLES];
    CHANNELS.forEach((channel, index) => {
      for (const frame of samples[index]!) {
        expect(channel.decode(encodeAny(channel, frame))).toEqual({ ok: true, frame });
      }
    });
  });

  it('covers every device event kind', () => {
    fc.assert(
      fc.property(deriveArbitrary(DeviceEvent), (event) => {
        const e = DeviceEvent.parse(event);
        const frame = { t: 'event', deviceId: 'd-1', seq: 1, deviceTime: 0, bootId: 'b', e } as const;
        const decoded = CHANNELS[0]!.decode(encodeAny(CHANNELS[0]!, frame));
        expect(decoded).toEqual({ ok: true, frame });
      }),
      { numRuns: 600 },
    );
  });
});
