import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchConnections } from './connections.js';
import { benchCore } from './core-bench.js';
import { benchIngest } from './ingest.js';
import { benchLatency } from './latency.js';
import { machineInfo } from './machine.js';
import { pinSelfToGeneratorCpu } from './pinning.js';
import { loadAverage } from './proc-stats.js';
import { PROFILES, type ProfileName } from './profile.js';
import { benchRecovery } from './recovery.js';
import { checkTargets, renderLatencySvg, renderMarkdown, type BenchResults } from './report.js';
import { benchWidgets } from './widgets-bench.js';

/**
 * `pnpm bench [--quick | --smoke] [--only ingest,latency,connections,recovery,core,widgets] [--out DIR] [--no-build]`
 * Runs the sections in order and writes latest.json, latest.md and latency.svg to DIR (default bench/results).
 */
const SECTIONS = ['ingest', 'latency', 'connections', 'recovery', 'core', 'widgets'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});
const profileName: ProfileName = values.smoke ? 'smoke' : values.quick ? 'quick' : 'full';
const profile = PROFILES[profileName];
const only = values.only?.split(',').map((s) => s.trim()) ?? [...SECTIONS];
const unknown = only.filter((s) => !SECTIONS.includes(s as Section));
if (unknown.length > 0) throw new Error(`unknown section(s): ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
const outDir = values.out ?? fileURLToPath(new URL('./results/', import.meta.url));

const log = (line: string): void => console.log(line);
const started = performance.now();
// Every process this one forks (load workers, holders) inherits CPU 1; servers are started on CPU 0.
pinSelfToGeneratorCpu();
const results: BenchResults = { profile: profileName, machine: machineInfo(), errors: [] };
log(
  `medtek bench (${profileName}): ${results.machine.cpuModel} × ${results.machine.cores}, Node ${results.machine.node}, load ${results.machine.loadAverageStart.join(' ')}`,
);

async function section(name: Section, run: () => Promise<void> | void): Promise<void> {
  if (!only.includes(name)) return;
  log(`${name}…`);
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    results.errors.push({ section: name, message });
    log(`  ${name} FAILED: ${message}`);
  }
}

await section('ingest', async () => void (results.ingest = await benchIngest(profile, log)));
await section('latency', async () => void (results.latency = await benchLatency(profile, log)));
await section('connections', async () => void (results.connections = await benchConnections(profile, log)));
await section('recovery', async () => void (results.recovery = await benchRecovery(profile, log)));
await section('core', () => void (results.core = benchCore(profile, log)));
await section(
  'widgets',
  async () => void (results.widgets = await benchWidgets(profile, log, { build: !values['no-build'] })),
);

results.machine.loadAverageEnd = loadAverage();
results.durationSeconds = (performance.now() - started) / 1000;
results.targets = checkTargets(results);
const markdown = renderMarkdown(results);
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(outDir, 'latest.md'), markdown + '\n');
if (results.latency && results.latency.length > 0)
  writeFileSync(join(outDir, 'latency.svg'), renderLatencySvg(results.latency));
log('');
log(markdown);
log(`results in ${outDir}`);
process.exitCode = results.errors.length > 0 ? 1 : 0;
