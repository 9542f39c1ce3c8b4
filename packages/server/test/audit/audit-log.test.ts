import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AccessAuditEntry, containsCpr, FileAuditLog } from '../../src/audit/index.js';

const JAN = Date.parse('2026-01-15T10:00:00Z');
const DAY = 86_400_000;
let dir: string;
let log: FileAuditLog;

const entry = (overrides: Partial<AccessAuditEntry> = {}): AccessAuditEntry => ({
  at: JAN,
  userId: 'u-1',
  role: 'superuser',
  citizenId: 'c-1',
  action: 'read',
  resource: 'schedule',
  ...overrides,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'medtek-audit-'));
  log = new FileAuditLog(join(dir, 'audit'));
});
afterEach(async () => {
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('FileAuditLog', () => {
  it('records durably, batches a turn into one file write, and reads back per citizen', async () => {
    await Promise.all([
      log.record(entry()),
      log.record(entry({ citizenId: 'c-2', at: JAN + 1 })),
      log.record(entry({ userId: 'u-2', role: 'staff', at: JAN + 2, action: 'update', purpose: 'visit' })),
    ]);
    const files = readdirSync(join(dir, 'audit'));
    expect(files).toEqual(['audit-2026-01.jsonl']);
    expect(
      readFileSync(join(dir, 'audit', files[0]!), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(3);
    const reopened = new FileAuditLog(join(dir, 'audit'));
    expect((await reopened.query({ citizenId: 'c-1' })).map((e) => e.userId)).toEqual(['u-1', 'u-2']);
    expect(await reopened.query({ userId: 'u-2' })).toEqual([
      entry({ userId: 'u-2', role: 'staff', at: JAN + 2, action: 'update', purpose: 'visit' }),
    ]);
    expect(await reopened.query({ from: JAN + 1, to: JAN + 1 })).toHaveLength(1);
  });

  it('exports per citizen as JSON and CSV (formula injection neutralised)', async () => {
    await log.record(entry({ purpose: '=HYPERLINK("x")' }));
    await log.record(entry({ citizenId: 'c-2' }));
    const json = JSON.parse(await log.exportJson('c-1')) as { citizenId: string; entries: unknown[] };
    expect(json.citizenId).toBe('c-1');
    expect(json.entries).toHaveLength(1);
    const csv = await log.exportCsv('c-1');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,time,userId,role,citizenId,action,resource,purpose');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"2026-01-15T10:00:00.000Z"');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('refuses CPR numbers and malformed entries', async () => {
    await expect(log.record(entry({ citizenId: '010190-1234' }))).rejects.toThrow();
    await expect(log.record(entry({ purpose: 'asked about 0101901234' }))).rejects.toThrow();
    await expect(log.record(entry({ action: 'peek' as never }))).rejects.toThrow();
    expect(containsCpr('c-17')).toBe(false);
    expect(containsCpr('cpr 010190-1234')).toBe(true);
  });

  it('keeps a hash chain that detects an edited line', async () => {
    for (let i = 0; i < 5; i += 1) await log.record(entry({ at: JAN + i }));
    expect(await log.verify()).toBeUndefined();
    const file = join(dir, 'audit', 'audit-2026-01.jsonl');
    const edited = readFileSync(file, 'utf8').replace('"userId":"u-1"', '"userId":"u-9"');
    writeFileSync(file, edited);
    expect(await log.verify()).toEqual({ file: 'audit-2026-01.jsonl', line: 1 });
  });

  it('repairs a torn last line and continues the chain after a restart', async () => {
    await log.record(entry());
    await log.close();
    const file = join(dir, 'audit', 'audit-2026-01.jsonl');
    appendFileSync(file, '{"at":1,"userId":"u-');
    const restarted = new FileAuditLog(join(dir, 'audit'));
    await restarted.record(entry({ at: JAN + 5 }));
    expect(await restarted.query({ citizenId: 'c-1' })).toHaveLength(2);
    expect(await restarted.verify()).toBeUndefined();
    await restarted.close();
  });

  it('prunes whole months older than the retention and keeps the rest', async () => {
    const retained = new FileAuditLog(join(dir, 'audit'), { retentionDays: 183 });
    await retained.record(entry({ at: Date.parse('2025-05-20T00:00:00Z') }));
    await retained.record(entry({ at: Date.parse('2025-12-20T00:00:00Z') }));
    await retained.record(entry({ at: JAN }));
    await retained.close();
    const deleted = await retained.prune(JAN + 30 * DAY);
    expect(deleted).toEqual(['audit-2025-05.jsonl']);
    expect((await retained.query()).map((e) => new Date(e.at).getUTCMonth())).toEqual([11, 0]);
    expect(await retained.verify()).toBeUndefined();
  });
});
