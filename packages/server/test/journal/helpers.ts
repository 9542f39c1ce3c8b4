import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Journal } from '../../src/journal/index.js';

/** A batching scheduler the test drives by hand: nothing is written until `runAll()`. */
export function manualScheduler(): { schedule: (flush: () => void) => void; runAll: () => number } {
  const queued: Array<() => void> = [];
  return {
    schedule: (flush) => queued.push(flush),
    runAll: () => {
      const count = queued.length;
      for (const flush of queued.splice(0)) flush();
      return count;
    },
  };
}

/** Deterministic payload `index` of varying length (0..length-1 bytes, content derived from the index). */
export function payload(index: number, maxLength = 64): Uint8Array {
  const length = (index * 7919) % maxLength;
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (index * 31 + i * 17) & 0xff;
  return bytes;
}

/** Every record from `from` on, copied. */
export async function readAll(journal: Journal, from?: number): Promise<Array<{ position: number; bytes: number[] }>> {
  const records: Array<{ position: number; bytes: number[] }> = [];
  await journal.replay((bytes, position) => records.push({ position, bytes: [...bytes] }), from);
  return records;
}

export async function withTempDir<T>(run: (directory: string) => Promise<T>): Promise<T> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'medtek-journal-'));
  try {
    return await run(directory);
  } finally {
    await fs.rm(directory, { recursive: true, force: true });
  }
}
