import type { z } from 'zod';
import {
  DEVICE_FRAME_SCHEMAS,
  DEVICE_TO_SERVER_LIMITS,
  type ChannelLimits,
  type DecodeResult,
  decodeDeviceFrame,
  decodeLiveClientFrame,
  decodeLiveServerFrame,
  decodeServerToDeviceFrame,
  encodeDeviceFrame,
  encodeLiveClientFrame,
  encodeLiveServerFrame,
  encodeServerToDeviceFrame,
  LIVE_CLIENT_FRAME_SCHEMAS,
  LIVE_CLIENT_LIMITS,
  LIVE_SERVER_FRAME_SCHEMAS,
  LIVE_SERVER_LIMITS,
  SERVER_TO_DEVICE_FRAME_SCHEMAS,
  SERVER_TO_DEVICE_LIMITS,
} from '../../src/index.js';

/** The four directions of the protocol, as the tests iterate them. */
export interface ChannelUnderTest {
  readonly name: string;
  readonly schemas: Readonly<Record<string, z.ZodType>>;
  readonly limits: ChannelLimits;
  readonly encode: (frame: never) => Uint8Array;
  readonly decode: (bytes: Uint8Array | ArrayBuffer) => DecodeResult<unknown>;
}

export const CHANNELS: readonly ChannelUnderTest[] = [
  {
    name: 'device→server',
    schemas: DEVICE_FRAME_SCHEMAS,
    limits: DEVICE_TO_SERVER_LIMITS,
    encode: encodeDeviceFrame,
    decode: decodeDeviceFrame,
  },
  {
    name: 'server→device',
    schemas: SERVER_TO_DEVICE_FRAME_SCHEMAS,
    limits: SERVER_TO_DEVICE_LIMITS,
    encode: encodeServerToDeviceFrame,
    decode: decodeServerToDeviceFrame,
  },
  {
    name: 'widget→server',
    schemas: LIVE_CLIENT_FRAME_SCHEMAS,
    limits: LIVE_CLIENT_LIMITS,
    encode: encodeLiveClientFrame,
    decode: decodeLiveClientFrame,
  },
  {
    name: 'server→widget',
    schemas: LIVE_SERVER_FRAME_SCHEMAS,
    limits: LIVE_SERVER_LIMITS,
    encode: encodeLiveServerFrame,
    decode: decodeLiveServerFrame,
  },
];

/** Encodes a frame known to be valid for the channel (the tests hold it as `unknown`). */
export function encodeAny(channel: ChannelUnderTest, frame: unknown): Uint8Array {
  return (channel.encode as (frame: unknown) => Uint8Array)(frame);
}
