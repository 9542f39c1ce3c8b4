import fs from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Journal, JournalCorruptionError, RECORD_HEADER_BYTES, segmentFileName } from '../../src/journal/index.js';
import { payload, readAll, withTempDir } from './helpers.js';

// The real file layer on real temporary directories.

async function appendRange(journal: Journal, from: number, to: number): Promise<number[]> {
  const positions: Promise<number>[] = [];
  for (let i = from; i <= to; i++) positions.push(journal.append(payload(i)));
  return Promise.all(positions);
}

function expected(from: number, to: number): Array<{ position: number; bytes: number[] }> {
  const records = [];
  for (let i = from; i <= to; i++) records.push({ position: i, bytes: [...payload(i)] });
  return records;
}

async function segmentFiles(directory: string): Promise<string[]> {
  return (await fs.readdir(directory)).sort();
}

/** Byte offset of record `position` (1-based) in a single-segment journal written with payload(i). */
function offsetOfRecord(position: number): number {
  let offset = 0;
  for (let i = 1; i < position; i++) offset += RECORD_HEADER_BYTES + payload(i).length;
  return offset;
}

describe('journal on real files', () => {
  it('replays what was appended, in order, with consecutive positions', async () => {
    await withTempDir(async (directory) => {
      const journal = await Journal.open({ directory });
      const positions = await appendRange(journal, 1, 500);
      expect(positions).toEqual(expected(1, 500).map((record) => record.position));
      expect(journal.durablePosition).toBe(500);
      expect(await readAll(journal)).toEqual(expected(1, 500));
      expect(await readAll(journal, 451)).toEqual(expected(451, 500));
      await journal.close();
      expect(await segmentFiles(directory)).toEqual([segmentFileName(1)]);
    });
  });

  it('continues after a reopen: old records read back, new ones get the next positions', async () => {
    await withTempDir(async (directory) => {
      const first = await Journal.open({ directory });
      await appendRange(first, 1, 100);
      await first.close();
      const second = await Journal.open({ directory });
      expect(second.nextRecordPosition).toBe(101);
      expect(second.durablePosition).toBe(100);
      await appendRange(second, 101, 150);
      await second.close();
      const third = await Journal.open({ directory });
      expect(await readAll(third)).toEqual(expected(1, 150));
      await third.close();
    });
  });

  it('rotates into segments named by their first position and reads across them', async () => {
    await withTempDir(async (directory) => {
      const journal = await Journal.open({ directory, segmentBytes: 512 });
      await appendRange(journal, 1, 300);
      await journal.close();
      const files = await segmentFiles(directory);
      expect(files.length).toBeGreaterThan(5);
      expect(files[0]).toBe(segmentFileName(1));
      for (const file of files) expect((await fs.stat(path.join(directory, file))).size).toBeLessThanOrEqual(512);
      const reopened = await Journal.open({ directory, segmentBytes: 512 });
      expect(await readAll(reopened)).toEqual(expected(1, 300));
      expect(await readAll(reopened, 123)).toEqual(expected(123, 300));
      await reopened.close();
    });
  });

  it('truncates a torn last record and appends after the last good record, not at the old end of file', async () => {
    await withTempDir(async (directory) => {
      const journal = await Journal.open({ directory });
      await appendRange(journal, 1, 20);
      await journal.close();
      const file = path.join(directory, segmentFileName(1));
      // Cut record 20 in the middle of its payload, then add garbage as a torn write might leave.
      const cut = offsetOfRecord(20) + RECORD_HEADER_BYTES + 1;
      await fs.truncate(file, cut);
      await fs.appendFile(file, Buffer.from([0xde, 0xad]));

      const recovered = await Journal.open({ directory });
      expect(recovered.durablePosition).toBe(19);
      expect((await fs.stat(file)).size).toBe(offsetOfRecord(20));
      await appendRange(recovered, 20, 30);
      await recovered.close();

      const reopened = await Journal.open({ directory });
      expect(await readAll(reopened)).toEqual(expected(1, 30));
      await reopened.close();
    });
  });

  it('treats a zero-filled rest of the file as a torn tail', async () => {
    await withTempDir(async (directory) => {
      const journal = await Journal.open({ directory });
      await appendRange(journal, 1, 10);
      await journal.close();
      await fs.appendFile(path.join(directory, segmentFileName(1)), Buffer.alloc(4096));
      const recovered = await Journal.open({ directory });
      expect(await readAll(recovered)).toEqual(expected(1, 10));
      await appendRange(recovered, 11, 12);
      expect(await readAll(recovered)).toEqual(expected(1, 12));
      await recovered.close();
    });
  });

  it('refuses to open when a record in the middle is damaged, naming the file and byte offset', async () => {
    await withTempDir(async (directory) => {
      const journal = await Journal.open({ directory });
      await appendRange(journal, 1, 20);
      await journal.close();
      const file = path.join(directory, segmentFileName(1));
      const bytes = await fs.readFile(file);
      const damaged = offsetOfRecord(7);
      bytes[damaged + RECORD_HEADER_BYTES - 1]! ^= 0x01; // flip a checksum bit of record 7
      await fs.writeFile(file, bytes);

      const opening = Journal.open({ directory });
      await expect(opening).rejects.toBeInstanceOf(JournalCorruptionError);
      await expect(opening).rejects.toMatchObject({ filePath: file, byteOffset: damaged });
      await expect(opening).rejects.toThrow(`${file} is damaged at byte offset ${damaged}`);
      expect((await fs.stat(file)).size).toBe(bytes.length); // nothing truncated
    });
  });

  it('refuses to open when an earlier (sealed) segment is damaged, even in its last record', async () => {
    await withTempDir(async (directory) => {
      const journal = await Journal.open({ directory, segmentBytes: 256 });
      await appendRange(journal, 1, 60);
      await journal.close();
      const [firstFile] = await segmentFiles(directory);
      const file = path.join(directory, firstFile!);
      const size = (await fs.stat(file)).size;
      await fs.truncate(file, size - 1);
      await expect(Journal.open({ directory, segmentBytes: 256 })).rejects.toThrow(file);
    });
  });

  it('retention removes whole segments before a position and keeps the rest readable', async () => {
    await withTempDir(async (directory) => {
      const journal = await Journal.open({ directory, segmentBytes: 256 });
      await appendRange(journal, 1, 80);
      const before = await segmentFiles(directory);
      const third = Number(before[2]!.slice(0, 20));
      expect(await journal.truncateBefore(third)).toBe(2);
      expect(journal.firstPosition).toBe(third);
      expect(await segmentFiles(directory)).toEqual(before.slice(2));
      expect(await readAll(journal, third)).toEqual(expected(third, 80));
      await expect(journal.replay(() => undefined, third - 1)).rejects.toThrow(RangeError);
      // The active segment is never removed, whatever the position.
      await journal.truncateBefore(10_000);
      expect(await segmentFiles(directory)).toEqual(before.slice(-1));
      await journal.close();
      const reopened = await Journal.open({ directory, segmentBytes: 256 });
      expect(reopened.nextRecordPosition).toBe(81);
      await reopened.close();
    });
  });
});
