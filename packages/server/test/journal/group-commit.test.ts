import { describe, expect, it } from 'vitest';
import { Journal, MemoryFileLayer } from '../../src/journal/index.js';
import { manualScheduler, payload, readAll } from './helpers.js';

// Group commit and "durable means fdatasync'ed", driven by hand: a manual batching scheduler and a file layer whose
// fdatasync can be held open.

const directory = '/data/journal';

async function openJournal(layer = new MemoryFileLayer()) {
  const scheduler = manualScheduler();
  const journal = await Journal.open({ directory, fileLayer: layer, scheduleFlush: scheduler.schedule });
  return { journal, layer, scheduler };
}

/** Lets every already-queued promise continuation run (the memory layer resolves on microtasks). */
async function settle(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

describe('journal group commit', () => {
  it('writes every record appended in one turn with one write and one fdatasync', async () => {
    const { journal, layer, scheduler } = await openJournal();
    const writesBefore = layer.calls.write;
    const syncsBefore = layer.calls.datasync;
    const appended = Array.from({ length: 100 }, (_, i) => journal.append(payload(i)));
    expect(scheduler.runAll()).toBe(1); // one scheduled flush for the whole turn
    expect(await Promise.all(appended)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(layer.calls.write - writesBefore).toBe(1);
    expect(layer.calls.datasync - syncsBefore).toBe(1);
    const stats = journal.stats();
    expect(stats.batches).toBe(1);
    expect(stats.batchRecords.count).toBe(1);
    expect(stats.batchRecords.sum).toBe(100);
    expect(stats.syncMs.count).toBe(1);
    expect(stats.durableRecords).toBe(100);
  });

  it('does not resolve an append, call onDurable or move durablePosition while its fdatasync is running', async () => {
    const { journal, layer, scheduler } = await openJournal();
    const hold = layer.holdDatasync();
    let resolved = false;
    let callbackError: unknown = 'not called';
    const appended = journal.append(payload(1)).then((position) => {
      resolved = true;
      return position;
    });
    const position = journal.enqueue(payload(2));
    journal.onDurable(position, (error) => (callbackError = error));
    const durableSeen: number[] = [];
    journal.addDurableListener((durable) => durableSeen.push(durable));

    scheduler.runAll();
    await hold.started; // the batch is written and its fdatasync is in progress
    await settle();
    expect(layer.calls.write).toBe(1);
    expect(resolved).toBe(false);
    expect(callbackError).toBe('not called');
    expect(journal.durablePosition).toBe(0);
    expect(durableSeen).toEqual([]);

    hold.release();
    expect(await appended).toBe(1);
    await journal.whenDurable(2);
    expect(callbackError).toBeUndefined();
    expect(journal.durablePosition).toBe(2);
    expect(durableSeen).toEqual([2]);
  });

  it('gathers records that arrive during a sync into the next batch', async () => {
    const { journal, layer, scheduler } = await openJournal();
    const hold = layer.holdDatasync();
    const batches: number[] = [];
    journal.addBatchListener((batch) => batches.push(batch.records));
    const first = journal.append(payload(1));
    scheduler.runAll();
    await hold.started;
    const later = Array.from({ length: 10 }, (_, i) => journal.append(payload(i + 2)));
    expect(scheduler.runAll()).toBe(0); // nothing scheduled while a batch is in flight
    hold.release();
    await first;
    expect(scheduler.runAll()).toBe(1); // the completed batch schedules the next one
    await Promise.all(later);
    expect(batches).toEqual([1, 10]);
    expect(await readAll(journal)).toHaveLength(11);
  });

  it('flush() writes pending records without waiting for the scheduler', async () => {
    const { journal } = await openJournal();
    for (let i = 0; i < 5; i++) journal.enqueue(payload(i));
    await journal.flush();
    expect(journal.durablePosition).toBe(5);
    await journal.close();
  });

  it('reports an already durable position asynchronously, and refuses positions not appended yet', async () => {
    const { journal } = await openJournal();
    const position = journal.enqueue(payload(1));
    await journal.flush();
    let called = false;
    journal.onDurable(position, () => (called = true));
    expect(called).toBe(false);
    await settle();
    expect(called).toBe(true);
    expect(() => journal.onDurable(position + 1, () => undefined)).toThrow(RangeError);
  });

  it('appendBatch resolves with the last position once the whole batch is durable', async () => {
    const { journal, scheduler } = await openJournal();
    const batch = journal.appendBatch([payload(1), payload(2), payload(3)]);
    scheduler.runAll();
    expect(await batch).toBe(3);
    expect(journal.durablePosition).toBe(3);
  });

  it('refuses records larger than maxRecordBytes without failing the journal', async () => {
    const layer = new MemoryFileLayer();
    const journal = await Journal.open({ directory, fileLayer: layer, maxRecordBytes: 16 });
    expect(() => journal.enqueue(new Uint8Array(17))).toThrow(RangeError);
    await journal.append(new Uint8Array(16));
    expect(journal.failed).toBeUndefined();
    await journal.close();
  });
});
