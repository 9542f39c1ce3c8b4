import { join } from 'node:path';
import {
  copenhagenToEpoch,
  Engine,
  type EngineInput,
  type EngineResult,
  type EpochMs,
} from '../packages/core/src/index.js';
import { Journal } from '../packages/server/src/index.js';
import { encodeJournalRecord } from '../packages/server/src/pipeline/journal-record.js';
import { BENCH_TEAM, citizenWithDevice, deviceIds, FOUR_DOSES, teamChange } from './fixtures.js';

export interface YearSpec {
  citizens: number;
  days: number;
  dosesPerDay: number;
  /** Share of doses the citizen forgets (the engine raises a missed-dose alarm; staff acknowledge and resolve it). */
  missedShare?: number;
  firstDay?: string;
}

export interface YearJournal {
  records: number;
  bytes: number;
  alarmsRaised: number;
  /** The simulated instant the year ends (the server's manual clock starts here on recovery). */
  endsAt: EpochMs;
  generateMs: number;
}

/** A small deterministic PRNG (mulberry32): the same year every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPERATOR = { userId: 'eteam-1', role: 'superuser' as const, teamIds: [BENCH_TEAM] };

/**
 * Writes one simulated year into `<dataDir>/journal` the way the server would have journaled it: every input goes
 * through a real Engine at its instant (with the ticks the server sends at each deadline), and each input that
 * changed state is framed with the journal-record encoder and appended with the Journal API. Citizens take most
 * doses (a `taken` event each); forgotten doses become missed-dose alarms that an operator acknowledges and
 * resolves. Heartbeats are not simulated (devices get a one-day offline limit instead), as in the estimate.
 */
export async function writeYearJournal(dataDir: string, spec: YearSpec): Promise<YearJournal> {
  const started = performance.now();
  const firstDay = spec.firstDay ?? '2025-01-01';
  const missedShare = spec.missedShare ?? 0.03;
  const slots = FOUR_DOSES.slice(0, spec.dosesPerDay);
  const journal = await Journal.open({ directory: join(dataDir, 'journal') });
  const engine = new Engine({ heartbeatIntervalMs: 60_000 });
  const next = random(2026);
  const devices = deviceIds('year', spec.citizens);
  const seqs = new Array<number>(devices.length).fill(0);
  /** Operator commands waiting for their instant, kept sorted by `at`. */
  const commands: { at: EpochMs; input: EngineInput }[] = [];
  let records = 0;
  let alarmsRaised = 0;
  let requests = 0;

  const journalIf = (result: EngineResult, input: EngineInput, now: EpochMs): void => {
    if (!result.journal) return;
    journal.enqueue(encodeJournalRecord(now, input));
    records++;
    for (const output of result.outputs) {
      if (output.type !== 'alarm_changed' || output.alarm.state !== 'unack_active' || output.alarm.raisedAt !== now)
        continue;
      alarmsRaised++;
      const alarmId = output.alarm.id;
      const acknowledge: EngineInput = {
        type: 'command',
        actor: OPERATOR,
        requestId: `r-${++requests}`,
        command: { action: 'acknowledge', alarmId },
      };
      const resolve: EngineInput = {
        type: 'command',
        actor: OPERATOR,
        requestId: `r-${++requests}`,
        command: { action: 'resolve', alarmId, outcome: 'dose_given_by_staff' },
      };
      insertCommand(now + 8 * 60_000, acknowledge);
      insertCommand(now + 35 * 60_000, resolve);
    }
  };
  const insertCommand = (at: EpochMs, input: EngineInput): void => {
    let index = commands.length;
    while (index > 0 && commands[index - 1]!.at > at) index--;
    commands.splice(index, 0, { at, input });
  };
  /** Everything due before `now` (deadline ticks and operator commands, in time order), then `input` at `now`. */
  const submit = (input: EngineInput | undefined, now: EpochMs): void => {
    for (;;) {
      const deadline = engine.nextDeadline();
      const command = commands[0];
      const tickAt = deadline !== undefined && deadline <= now ? deadline : undefined;
      const commandAt = command !== undefined && command.at <= now ? command.at : undefined;
      if (tickAt === undefined && commandAt === undefined) break;
      if (tickAt !== undefined && (commandAt === undefined || tickAt <= commandAt)) {
        const tick: EngineInput = { type: 'tick' };
        journalIf(engine.apply(tick, tickAt), tick, tickAt);
      } else {
        commands.shift();
        journalIf(engine.apply(command!.input, commandAt!), command!.input, commandAt!);
      }
    }
    if (input !== undefined) journalIf(engine.apply(input, now), input, now);
  };

  const setupAt = copenhagenToEpoch(firstDay, '00:00') - 3_600_000;
  const setup: EngineInput[] = [{ type: 'registry', change: teamChange(), actor: 'admin' }];
  for (const deviceId of devices)
    for (const change of citizenWithDevice(deviceId, firstDay, 86_400_000))
      setup.push({ type: 'registry', change, actor: 'admin' });
  for (const deviceId of devices)
    setup.push({ type: 'device_connection', deviceId, connected: true, receivedAt: setupAt });
  for (const input of setup) submit(input, setupAt);

  let endsAt = setupAt;
  for (let day = 0; day < spec.days; day++) {
    const date = new Date(Date.parse(`${firstDay}T12:00:00Z`) + day * 86_400_000).toISOString().slice(0, 10);
    for (const slot of slots) {
      const slotAt = copenhagenToEpoch(date, slot.time);
      const intakes: { at: EpochMs; index: number }[] = [];
      for (let index = 0; index < devices.length; index++)
        if (next() >= missedShare) intakes.push({ at: slotAt + Math.floor(next() * 25 * 60_000), index });
      intakes.sort((a, b) => a.at - b.at);
      for (const { at, index } of intakes) {
        const deviceId = devices[index]!;
        const seq = ++seqs[index]!;
        submit(
          {
            type: 'device_event',
            deviceId,
            receivedAt: at,
            event: {
              t: 'event',
              deviceId,
              seq,
              deviceTime: at,
              bootId: 'year',
              e: { kind: 'taken', slot: `${date}T${slot.time}` },
            },
          },
          at,
        );
        endsAt = at;
      }
      if (journal.nextRecordPosition - journal.durablePosition > 50_000) await journal.flush();
    }
  }
  endsAt += 3 * 3_600_000;
  submit(undefined, endsAt);
  await journal.flush();
  const bytes = journal.stats().bytesWritten;
  await journal.close();
  return { records, bytes, alarmsRaised, endsAt, generateMs: performance.now() - started };
}
