import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { type FileHandle, open, readdir, readFile, truncate, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CitizenId, EpochMs } from '@medtek/core';
import { AccessAuditEntry, StoredAuditLine } from './entry.js';

const DAY_MS = 86_400_000;
const FILE_PATTERN = /^audit-(\d{4})-(\d{2})\.jsonl$/;

/** Where audit entries go. Small on purpose, so the log can move into the journal later. */
export interface AuditSink {
  /** Resolves once the entry is durable (fdatasync); a REST read of health data should await it. */
  record(entry: AccessAuditEntry): Promise<void>;
}

export interface AuditQuery {
  citizenId?: CitizenId;
  userId?: string;
  from?: EpochMs;
  to?: EpochMs;
}

export interface AuditLogOptions {
  /** Entries older than this are deleted by prune() (whole monthly files). Default 365 days; config enforces ≥ 183. */
  retentionDays?: number;
}

function monthFile(at: EpochMs): string {
  const date = new Date(at);
  return `audit-${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}.jsonl`;
}

/** First instant after the month a file covers. */
function monthEnd(name: string): EpochMs | undefined {
  const match = FILE_PATTERN.exec(name);
  if (!match) return undefined;
  return Date.UTC(Number(match[1]), Number(match[2]), 1);
}

function chainHash(previous: string, entry: AccessAuditEntry): string {
  return createHash('sha256').update(previous).update(JSON.stringify(entry)).digest('hex');
}

/** The chain of each monthly file starts from its name, so pruning old files never breaks the remaining chains. */
function genesis(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}

const CSV_COLUMNS = ['at', 'time', 'userId', 'role', 'citizenId', 'action', 'resource', 'purpose'] as const;

function csvField(value: string): string {
  // Quote everything; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * Append-only audit log of access to citizens' health data: monthly JSON-lines files in `dir`, each line hash-chained
 * to the previous one, written in batches with one fdatasync per batch. Queryable and exportable per citizen.
 */
export class FileAuditLog implements AuditSink {
  private pending: { entry: AccessAuditEntry; resolve: () => void; reject: (error: Error) => void }[] = [];
  private flushing: Promise<void> | undefined;
  private handle: { name: string; file: FileHandle; lastHash: string } | undefined;
  private failed: Error | undefined;
  readonly retentionDays: number;

  constructor(
    readonly dir: string,
    options: AuditLogOptions = {},
  ) {
    this.retentionDays = options.retentionDays ?? 365;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  record(entry: AccessAuditEntry): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    const parsed = AccessAuditEntry.safeParse(entry);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return Promise.reject(new Error(`invalid audit entry (${fields})`));
    }
    const value = parsed.data;
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ entry: value, resolve, reject });
      // Every entry recorded in this event-loop turn shares one write and one fdatasync.
      if (this.flushing === undefined)
        this.flushing = new Promise((done) => setImmediate(done)).then(() => this.drain());
    });
  }

  /** Waits until everything recorded so far is durable. */
  async flush(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle?.file.close();
    this.handle = undefined;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending;
        this.pending = [];
        try {
          await this.writeBatch(batch.map((p) => p.entry));
          for (const p of batch) p.resolve();
        } catch (error) {
          // A failed audit write must not be silently skipped: refuse further records (the caller fails the request).
          this.failed = new Error(`audit log write failed: ${(error as Error).message}`);
          for (const p of [...batch, ...this.pending]) p.reject(this.failed);
          this.pending = [];
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private async writeBatch(entries: AccessAuditEntry[]): Promise<void> {
    const byFile = new Map<string, AccessAuditEntry[]>();
    for (const entry of entries) {
      const name = monthFile(entry.at);
      byFile.set(name, [...(byFile.get(name) ?? []), entry]);
    }
    for (const [name, group] of byFile) {
      const target = await this.openForAppend(name);
      let text = '';
      for (const entry of group) {
        target.lastHash = chainHash(target.lastHash, entry);
        text += `${JSON.stringify({ ...entry, hash: target.lastHash })}\n`;
      }
      await target.file.appendFile(text, 'utf8');
      await target.file.datasync();
    }
  }

  private async openForAppend(name: string): Promise<{ name: string; file: FileHandle; lastHash: string }> {
    if (this.handle?.name === name) return this.handle;
    await this.handle?.file.close();
    this.handle = undefined;
    const path = join(this.dir, name);
    let lastHash = genesis(name);
    let content = '';
    try {
      content = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (content.length > 0 && !content.endsWith('\n')) {
      // A crash tore the last line: cut it so the next line starts clean.
      const keep = content.lastIndexOf('\n') + 1;
      await truncate(path, Buffer.byteLength(content.slice(0, keep)));
      content = content.slice(0, keep);
    }
    const lines = content.split('\n').filter((line) => line.length > 0);
    const last = lines[lines.length - 1];
    if (last !== undefined) lastHash = StoredAuditLine.parse(JSON.parse(last)).hash;
    const created = content.length === 0;
    const file = await open(path, 'a', 0o600);
    if (created) {
      const dirFd = openSync(this.dir, 'r');
      try {
        fsyncSync(dirFd);
      } finally {
        closeSync(dirFd);
      }
    }
    this.handle = { name, file, lastHash };
    return this.handle;
  }

  private async files(): Promise<string[]> {
    return (await readdir(this.dir)).filter((name) => FILE_PATTERN.test(name)).sort();
  }

  /** Entries matching the query, oldest first (torn last lines are skipped). */
  async query(query: AuditQuery = {}): Promise<AccessAuditEntry[]> {
    await this.flush();
    const found: AccessAuditEntry[] = [];
    for (const name of await this.files()) {
      const end = monthEnd(name)!;
      if (query.from !== undefined && end <= query.from) continue;
      for (const line of (await readFile(join(this.dir, name), 'utf8')).split('\n')) {
        if (line.length === 0) continue;
        let stored: StoredAuditLine;
        try {
          stored = StoredAuditLine.parse(JSON.parse(line));
        } catch {
          continue;
        }
        const { hash: _hash, ...entry } = stored;
        if (query.citizenId !== undefined && entry.citizenId !== query.citizenId) continue;
        if (query.userId !== undefined && entry.userId !== query.userId) continue;
        if (query.from !== undefined && entry.at < query.from) continue;
        if (query.to !== undefined && entry.at > query.to) continue;
        found.push(entry);
      }
    }
    return found.sort((a, b) => a.at - b.at);
  }

  /** The citizen's export as JSON (what a citizen gets on an Art. 15 request: who looked at my data). */
  async exportJson(citizenId: CitizenId): Promise<string> {
    return JSON.stringify({ citizenId, entries: await this.query({ citizenId }) }, null, 2);
  }

  /** The citizen's export as CSV (RFC 4180, header row, ISO time next to epoch ms). */
  async exportCsv(citizenId: CitizenId): Promise<string> {
    const rows = (await this.query({ citizenId })).map((e) =>
      [String(e.at), new Date(e.at).toISOString(), e.userId, e.role, e.citizenId, e.action, e.resource, e.purpose ?? '']
        .map(csvField)
        .join(','),
    );
    return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
  }

  /** Deletes monthly files whose every entry is older than the retention. Returns the deleted file names. */
  async prune(now: EpochMs): Promise<string[]> {
    await this.flush();
    const cutoff = now - this.retentionDays * DAY_MS;
    const deleted: string[] = [];
    for (const name of await this.files()) {
      if (monthEnd(name)! > cutoff || this.handle?.name === name) continue;
      await unlink(join(this.dir, name));
      deleted.push(name);
    }
    return deleted;
  }

  /** Checks every file's hash chain; returns the first broken place, or undefined when all lines are intact. */
  async verify(): Promise<{ file: string; line: number } | undefined> {
    await this.flush();
    for (const name of await this.files()) {
      let previous = genesis(name);
      const lines = (await readFile(join(this.dir, name), 'utf8')).split('\n').filter((l) => l.length > 0);
      for (const [index, line] of lines.entries()) {
        try {
          const { hash, ...entry } = StoredAuditLine.parse(JSON.parse(line));
          if (chainHash(previous, entry) !== hash) return { file: name, line: index + 1 };
          previous = hash;
        } catch {
          return { file: name, line: index + 1 };
        }
      }
    }
    return undefined;
  }
}
