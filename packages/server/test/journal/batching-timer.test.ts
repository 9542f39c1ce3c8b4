import { afterEach, describe, expect, it, vi } from 'vitest';
import { Journal, MemoryFileLayer } from '../../src/journal/index.js';
import { payload } from './helpers.js';

// The default batching timers, under vitest's fake clock (no real waiting).

const directory = '/data/journal';

afterEach(() => {
  vi.useRealTimers();
});

describe('journal batching timers', () => {
  it('by default writes a batch at the end of the event-loop turn, not before', async () => {
    vi.useFakeTimers();
    const layer = new MemoryFileLayer();
    const journal = await Journal.open({ directory, fileLayer: layer });
    const positions = [journal.enqueue(payload(1)), journal.enqueue(payload(2))];
    await Promise.resolve();
    expect(layer.calls.write).toBe(0);
    vi.runOnlyPendingTimers(); // the setImmediate of this turn
    await journal.whenDurable(positions[1]!);
    expect(layer.calls.write).toBe(1);
    expect(layer.calls.datasync).toBe(1);
  });

  it('with batchDelayMs waits that long for more records, then writes them together', async () => {
    vi.useFakeTimers();
    const layer = new MemoryFileLayer();
    const journal = await Journal.open({ directory, fileLayer: layer, batchDelayMs: 2 });
    journal.enqueue(payload(1));
    vi.advanceTimersByTime(1);
    const last = journal.enqueue(payload(2));
    await Promise.resolve();
    expect(layer.calls.write).toBe(0);
    vi.advanceTimersByTime(1);
    await journal.whenDurable(last);
    expect(layer.calls.write).toBe(1);
    expect(journal.stats().batchRecords.sum).toBe(2);
  });
});
