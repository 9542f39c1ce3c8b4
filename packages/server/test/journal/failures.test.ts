import { describe, expect, it } from 'vitest';
import {
  Journal,
  JournalClosedError,
  JournalFailedError,
  MemoryFileLayer,
  type FileOperation,
} from '../../src/journal/index.js';
import { manualScheduler, payload, readAll } from './helpers.js';

// fsyncgate policy: one failed write or fdatasync stops the journal for good; nothing more is reported durable.

const directory = '/data/journal';

// Small segments: the doomed batch starts a new segment, so creating it (open + directory fsync) can fail too.
describe.each<FileOperation>(['write', 'datasync', 'openFile', 'syncDirectory'])(
  'journal after a failed %s',
  (operation) => {
    it('rejects pending and later appends, fires onFatal once and never reports durability again', async () => {
      const layer = new MemoryFileLayer();
      const scheduler = manualScheduler();
      const fatal: JournalFailedError[] = [];
      const journal = await Journal.open({
        directory,
        fileLayer: layer,
        scheduleFlush: scheduler.schedule,
        segmentBytes: 64,
        onFatal: (error) => fatal.push(error),
      });
      const acknowledged = journal.append(payload(1));
      scheduler.runAll();
      expect(await acknowledged).toBe(1);

      const durableSeen: number[] = [];
      journal.addDurableListener((durable) => durableSeen.push(durable));
      layer.failOn(operation);
      const doomed = [journal.append(payload(2)), journal.append(payload(3))];
      const callbackErrors: unknown[] = [];
      journal.onDurable(3, (error) => callbackErrors.push(error));
      scheduler.runAll();

      for (const append of doomed) await expect(append).rejects.toBeInstanceOf(JournalFailedError);
      await expect(doomed[0]).rejects.toThrow(/EIO/);
      expect(callbackErrors).toHaveLength(1);
      expect(callbackErrors[0]).toBeInstanceOf(JournalFailedError);
      expect(fatal).toHaveLength(1);
      expect(journal.failed).toBe(fatal[0]);
      expect(journal.durablePosition).toBe(1);

      // Later calls: refused, and the failed layer is never asked to sync again.
      const syncs = layer.calls.datasync;
      expect(() => journal.enqueue(payload(4))).toThrow(JournalFailedError);
      await expect(journal.append(payload(4))).rejects.toBeInstanceOf(JournalFailedError);
      await expect(journal.flush()).rejects.toBeInstanceOf(JournalFailedError);
      scheduler.runAll();
      expect(layer.calls.datasync).toBe(syncs);
      expect(durableSeen).toEqual([]);
      expect(journal.durablePosition).toBe(1);
      const lateFatal: unknown[] = [];
      journal.onFatal((error) => lateFatal.push(error));
      await Promise.resolve();
      expect(lateFatal).toEqual([fatal[0]]);
      await journal.close();

      // Restart after the power goes: everything acknowledged is there.
      layer.crash();
      const restarted = await Journal.open({ directory, fileLayer: layer, segmentBytes: 64 });
      const records = await readAll(restarted);
      expect(records.slice(0, 1)).toEqual([{ position: 1, bytes: [...payload(1)] }]);
      await restarted.close();
    });
  },
);

describe('journal after close', () => {
  it('flushes on close and refuses later appends', async () => {
    const layer = new MemoryFileLayer();
    const journal = await Journal.open({ directory, fileLayer: layer, scheduleFlush: () => undefined });
    journal.enqueue(payload(1));
    await journal.close();
    expect(journal.durablePosition).toBe(1);
    expect(() => journal.enqueue(payload(2))).toThrow(JournalClosedError);
  });
});
