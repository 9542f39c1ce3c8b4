import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from './profile.js';
import { spawnServer } from './server-process.js';
import { writeYearJournal, type YearJournal } from './year-journal.js';

export interface RecoveryResult {
  citizens: number;
  days: number;
  journal: YearJournal;
  replayedRecords: number;
  replayMs: number;
  recordsPerSecond: number;
  /** startServer() from call to listening (journal open + replay + gateways). */
  startServerMs: number;
  /** Spawn of the server process to ready (Node + tsx start-up included). */
  processReadyMs: number;
  /** Server RSS after recovery. */
  rssBytes: number;
}

/** Writes a simulated year, then times a real server start on that data dir (no snapshot: a full replay). */
export async function benchRecovery(profile: Profile, log: (line: string) => void): Promise<RecoveryResult> {
  const { citizens, days, dosesPerDay } = profile.recovery;
  const dataDir = mkdtempSync(join(tmpdir(), 'medtek-bench-year-'));
  try {
    const journal = await writeYearJournal(dataDir, { citizens, days, dosesPerDay });
    log(
      `  recovery: wrote ${journal.records.toLocaleString('en')} records (${(journal.bytes / 1e6).toFixed(0)} MB, ` +
        `${journal.alarmsRaised.toLocaleString('en')} alarms) in ${(journal.generateMs / 1000).toFixed(1)} s`,
    );
    const spawned = performance.now();
    const server = await spawnServer(
      { kind: 'medtek', devices: [], dataDir, manualClockAt: journal.endsAt },
      { readyTimeoutMs: 600_000 },
    );
    const processReadyMs = performance.now() - spawned;
    await server.stop();
    const startup = server.ready.startup!;
    const result: RecoveryResult = {
      citizens,
      days,
      journal,
      replayedRecords: startup.replayedRecords,
      replayMs: startup.replayMs,
      recordsPerSecond: startup.replayedRecords / (startup.replayMs / 1000),
      startServerMs: startup.startServerMs,
      processReadyMs,
      rssBytes: server.ready.rssBytes,
    };
    log(
      `  recovery: replayed ${result.replayedRecords.toLocaleString('en')} records in ${(result.replayMs / 1000).toFixed(2)} s ` +
        `(${Math.round(result.recordsPerSecond).toLocaleString('en')}/s); startServer ${(result.startServerMs / 1000).toFixed(2)} s`,
    );
    return result;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
