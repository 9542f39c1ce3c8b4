import type { JournalEntry } from '@medtek/core';
import type { Journal } from '../journal/index.js';
import { decodeJournalRecord } from '../pipeline/journal-record.js';

/**
 * Every durable engine-input record, decoded, in order (for `IntegrationDeps.readJournal`); projection records
 * (screenings, stock) are skipped: the engine never saw them.
 */
export async function readJournalEntries(journal: Journal): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  await journal.replay((payload) => {
    const record = decodeJournalRecord(payload);
    if (record.input !== undefined) entries.push({ now: record.now, input: record.input });
  });
  return entries;
}
