import type { Engine, EngineInput, EngineOutput, EngineResult, EpochMs } from '@medtek/core';
import type { Journal, JournalPosition } from '../journal/index.js';
import { encodeJournalRecord, encodeProjectionRecord } from './journal-record.js';
import type { ProjectionRecord } from './projection-record.js';

/** Receives an input's outputs once the input is durable (or, for an input that changed nothing, once everything
 * before it is durable), in input order. */
export type EffectSink = (outputs: readonly EngineOutput[], input: EngineInput) => void;

const NO_RESULT: EngineResult = { outputs: [], journal: false };

interface PendingEffect {
  readonly position: JournalPosition;
  readonly input: EngineInput | undefined;
  readonly result: EngineResult;
  readonly done: ((result: EngineResult) => void) | undefined;
}

/**
 * The one path every input takes: apply to the engine → journal → (after the batch's fsync) effects.
 * Acks, fan-out, device commands and command results are all effects, so nothing leaves the server before the
 * input that caused it is durable. Effects are delivered in input order by one durable listener (no Promise or
 * closure per record on the hot path).
 */
export class Pipeline {
  private readonly pending: PendingEffect[] = [];
  private head = 0;
  private readonly stopListening: () => void;
  private afterDrain: (() => void) | undefined;
  private afterApply: (() => void) | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly journal: Journal,
    private readonly now: () => EpochMs,
    private readonly sink: EffectSink,
  ) {
    this.stopListening = journal.addDurableListener((durable) => this.deliverUpTo(durable));
  }

  /**
   * Applies `input` now (synchronously: callers may rely on the engine's new state right away) and calls `done`
   * with the result once its effects are delivered. Throws if the journal has failed (nothing more is acked).
   */
  submit(input: EngineInput, done?: (result: EngineResult) => void): EngineResult {
    // After a failed write or fsync nothing may change or be acknowledged any more (fsyncgate): restart recovers.
    const failure = this.journal.failed;
    if (failure !== undefined) throw failure;
    const now = this.now();
    const result = this.engine.apply(input, now);
    this.afterApply?.();
    // An input that changed nothing is not journaled, but its effects (e.g. a re-ack of a duplicate) must still wait
    // for every earlier record: the duplicate may repeat an event whose batch is not yet synced.
    const position = result.journal
      ? this.journal.enqueue(encodeJournalRecord(now, input))
      : this.journal.nextRecordPosition - 1;
    this.enqueueEffect(position, input, result, done);
    return result;
  }

  /** Journals a registry projection record (no engine involved); `done` runs once it is durable. */
  submitProjection(record: ProjectionRecord, done: () => void): void {
    const failure = this.journal.failed;
    if (failure !== undefined) throw failure;
    const position = this.journal.enqueue(encodeProjectionRecord(this.now(), record));
    this.enqueueEffect(position, undefined, NO_RESULT, done);
  }

  /** Calls `callback` once everything submitted so far is durable and its effects delivered. */
  whenCaughtUp(callback: () => void): void {
    this.enqueueEffect(this.journal.nextRecordPosition - 1, undefined, NO_RESULT, callback);
  }

  /** Runs `callback` after each delivery round (the publisher flushes its per-topic deltas here). */
  onDrained(callback: () => void): void {
    this.afterDrain = callback;
  }

  /** Runs `callback` after every engine apply (the server re-arms its one deadline timer here). */
  onApplied(callback: () => void): void {
    this.afterApply = callback;
  }

  /** True once the journal failed: no input is accepted any more. */
  get failed(): boolean {
    return this.journal.failed !== undefined;
  }

  get backlog(): number {
    return this.pending.length - this.head;
  }

  close(): void {
    this.stopListening();
  }

  private enqueueEffect(
    position: JournalPosition,
    input: EngineInput | undefined,
    result: EngineResult,
    done: ((result: EngineResult) => void) | undefined,
  ): void {
    if (this.head === this.pending.length && position <= this.journal.durablePosition) {
      this.deliver(input, result, done);
      this.afterDrain?.();
    } else {
      this.pending.push({ position, input, result, done });
    }
  }

  private deliverUpTo(durable: JournalPosition): void {
    const pending = this.pending;
    while (this.head < pending.length) {
      const entry = pending[this.head]!;
      if (entry.position > durable) break;
      this.head++;
      this.deliver(entry.input, entry.result, entry.done);
    }
    if (this.head === pending.length) {
      pending.length = 0;
      this.head = 0;
    } else if (this.head > 4096) {
      pending.splice(0, this.head);
      this.head = 0;
    }
    this.afterDrain?.();
  }

  private deliver(
    input: EngineInput | undefined,
    result: EngineResult,
    done: ((result: EngineResult) => void) | undefined,
  ): void {
    // One failing effect (a bug, an unencodable frame) must neither stop the acks of the batch nor escape into the
    // journal's listener (which would end the process): log it and go on.
    try {
      if (input !== undefined && result.outputs.length > 0) this.sink(result.outputs, input);
    } catch (error) {
      console.error(`effect of a ${input?.type ?? 'marker'} input failed: ${(error as Error).stack ?? String(error)}`);
    }
    try {
      done?.(result);
    } catch (error) {
      console.error(
        `completion of a ${input?.type ?? 'marker'} input failed: ${(error as Error).stack ?? String(error)}`,
      );
    }
  }
}
