import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResults } from './report.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'medtek-bench-smoke-'));

function runBench(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

// A smoke run of every section with tiny sizes: it proves the benchmark runs end to end and writes its report,
// never how fast anything is (no timing thresholds).
describe('pnpm bench --quick (smoke sizes)', () => {
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs every section and writes the JSON, Markdown and SVG reports', { timeout: 170_000 }, async () => {
    const { code, output } = await runBench(['--quick', '--smoke', '--no-build', '--out', outDir]);
    expect(output, output).not.toContain('FAILED');
    expect(code, output).toBe(0);
    const results = JSON.parse(readFileSync(join(outDir, 'latest.json'), 'utf8')) as BenchResults;
    expect(results.errors).toEqual([]);
    expect(results.machine.node).toBe(process.version);
    expect(results.ingest?.summary.map((s) => s.target)).toEqual(['medtek', 'uws-echo-raw', 'uws-ack', 'ws-ack']);
    for (const s of results.ingest!.summary) expect(s.ackRate.median).toBeGreaterThan(0);
    const point = results.latency![0]!;
    expect(point.ack.count).toBeGreaterThan(0);
    expect(point.alarm.seen).toBe(point.alarm.triggers);
    expect(results.connections?.connected).toBe(results.connections?.devices);
    expect(results.recovery?.replayedRecords).toBe(results.recovery?.journal.records);
    expect(results.core?.frames).toBeGreaterThan(0);
    expect(results.widgets?.updates).toBeGreaterThan(0);
    expect(results.targets!.length).toBeGreaterThan(0);
    const markdown = readFileSync(join(outDir, 'latest.md'), 'utf8');
    expect(markdown).toContain('### Targets');
    expect(existsSync(join(outDir, 'latency.svg'))).toBe(true);
    expect(readFileSync(join(outDir, 'latency.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
  });
});
