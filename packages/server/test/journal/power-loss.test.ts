import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Journal, MemoryFileLayer, keepOnlyDurable, type CrashPolicy } from '../../src/journal/index.js';
import { readAll } from './helpers.js';

// Power loss, 1,000 random cases in memory: the power goes at a random file-system call while batches are being
// written; unsynced bytes are partly kept and the tail is garbled. Recovery must give back a prefix of what was
// appended that holds every acknowledged record, and records appended after recovery must read back, even across
// a second power cut.

const directory = '/data/journal';

type Garbage = { kind: 'none' } | { kind: 'zeros'; length: number } | { kind: 'bytes'; bytes: Uint8Array };

const garbageArbitrary: fc.Arbitrary<Garbage> = fc.oneof(
  fc.constant<Garbage>({ kind: 'none' }),
  fc.integer({ min: 1, max: 300 }).map<Garbage>((length) => ({ kind: 'zeros', length })),
  fc.uint8Array({ minLength: 1, maxLength: 300 }).map<Garbage>((bytes) => ({ kind: 'bytes', bytes })),
);

const scenarioArbitrary = fc.record({
  segmentBytes: fc.integer({ min: 64, max: 1024 }),
  batches: fc.array(fc.array(fc.uint8Array({ maxLength: 80 }), { minLength: 1, maxLength: 12 }), {
    minLength: 1,
    maxLength: 6,
  }),
  cutAtMutation: fc.integer({ min: 1, max: 12 }),
  keptUnsyncedFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  keepUnsyncedEntries: fc.boolean(),
  garbage: garbageArbitrary,
  cutDuringRecoveryAt: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  afterwards: fc.array(fc.uint8Array({ maxLength: 80 }), { minLength: 1, maxLength: 8 }),
});

type Scenario = typeof scenarioArbitrary extends fc.Arbitrary<infer T> ? T : never;

function concat(...parts: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/** Keeps a prefix of each file's unsynced bytes and garbles the tail of the file being written. */
function tornPolicy(scenario: Scenario, lastPath: string | undefined): CrashPolicy {
  return (file) => {
    if (file.durable === undefined && !scenario.keepUnsyncedEntries) return undefined;
    const base = file.durable ?? new Uint8Array(0);
    const unsynced = file.written.subarray(base.length);
    const kept = unsynced.subarray(0, Math.floor(scenario.keptUnsyncedFraction * unsynced.length));
    if (unsynced.length === 0 && file.path !== lastPath) return base;
    const garbage = scenario.garbage;
    const tail =
      garbage.kind === 'none'
        ? new Uint8Array(0)
        : garbage.kind === 'zeros'
          ? new Uint8Array(garbage.length)
          : garbage.bytes;
    return concat(base, kept, tail);
  };
}

async function open(layer: MemoryFileLayer, segmentBytes: number): Promise<Journal> {
  return Journal.open({ directory, fileLayer: layer, segmentBytes, scheduleFlush: () => undefined });
}

async function runScenario(scenario: Scenario): Promise<void> {
  const layer = new MemoryFileLayer();
  const journal = await open(layer, scenario.segmentBytes);
  let acknowledged = 0;
  journal.addDurableListener((durable) => (acknowledged = durable));
  const powerCut = layer.cutPowerAtMutation(scenario.cutAtMutation);
  const appended: Uint8Array[] = [];
  for (const batch of scenario.batches) {
    for (const bytes of batch) {
      journal.enqueue(bytes);
      appended.push(bytes);
    }
    const outcome = await Promise.race([journal.flush().then(() => 'durable'), powerCut.then(() => 'cut')]);
    if (outcome === 'cut') break;
  }
  layer.crash(tornPolicy(scenario, layer.filePaths().at(-1)));

  if (scenario.cutDuringRecoveryAt !== undefined) {
    // The power goes again while recovery truncates the torn tail; the next recovery must still work.
    const cutAgain = layer.cutPowerAtMutation(scenario.cutDuringRecoveryAt);
    const opening = open(layer, scenario.segmentBytes);
    const outcome = await Promise.race([opening.then(() => 'opened'), cutAgain.then(() => 'cut')]);
    if (outcome === 'opened') await (await opening).close();
    layer.crash(keepOnlyDurable);
  }

  const recovered = await open(layer, scenario.segmentBytes);
  const records = await readAll(recovered);
  expect(records.length).toBeGreaterThanOrEqual(acknowledged);
  expect(records.length).toBeLessThanOrEqual(appended.length);
  expect(records).toEqual(
    appended.slice(0, records.length).map((bytes, i) => ({ position: i + 1, bytes: [...bytes] })),
  );
  expect(recovered.durablePosition).toBe(records.length);

  // Appends after recovery continue from the last good record and survive the next power cut.
  for (const bytes of scenario.afterwards) recovered.enqueue(bytes);
  await recovered.flush();
  layer.crash(keepOnlyDurable);
  const reopened = await open(layer, scenario.segmentBytes);
  const expected = [...appended.slice(0, records.length), ...scenario.afterwards];
  expect(await readAll(reopened)).toEqual(expected.map((bytes, i) => ({ position: i + 1, bytes: [...bytes] })));
  await reopened.close();
}

describe('journal under simulated power loss', () => {
  it('recovers to the last good record, loses nothing acknowledged, and reads back later appends', async () => {
    await fc.assert(fc.asyncProperty(scenarioArbitrary, runScenario), { numRuns: 1000 });
  });
});
