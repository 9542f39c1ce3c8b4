import { FrameTooLargeError } from '@medtek/core';

/** Items per frame to start with; halved while a page does not fit the live channel's frame limit. */
export const MAX_ITEMS_PER_PAGE = 200;

/**
 * Encodes `items` in pages that each fit the frame limit: pages of up to MAX_ITEMS_PER_PAGE items, split in half
 * while the encoder refuses a page as too large. A single item that cannot fit is reported and left out rather than
 * breaking the whole snapshot or delta.
 */
export function encodePages<T>(
  items: readonly T[],
  encode: (page: readonly T[], index: number, more: boolean) => Uint8Array,
  onUnsendable: (item: T) => void = () => undefined,
): Uint8Array[] {
  const frames: Uint8Array[] = [];
  const pending: T[][] = [];
  for (let start = 0; start < items.length; start += MAX_ITEMS_PER_PAGE) {
    pending.push(items.slice(start, start + MAX_ITEMS_PER_PAGE));
  }
  if (pending.length === 0) pending.push([]);
  while (pending.length > 0) {
    const page = pending.shift()!;
    try {
      frames.push(encode(page, frames.length, pending.length > 0));
    } catch (error) {
      if (!(error instanceof FrameTooLargeError)) throw error;
      if (page.length === 1) {
        onUnsendable(page[0]!);
        continue;
      }
      const half = Math.ceil(page.length / 2);
      pending.unshift(page.slice(0, half), page.slice(half));
    }
  }
  return frames;
}
