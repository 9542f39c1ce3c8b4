import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Profile } from './profile.js';
import { percentile } from './stats.js';
import { measureBundle, type EntrySize, type FileSize } from './widget-sizes.js';
import { alarmListInPage } from './widget-page.js';

const WIDGETS_DIR = fileURLToPath(new URL('../packages/widgets/', import.meta.url));
const DIST_DIR = join(WIDGETS_DIR, 'dist');

export interface WidgetsResult {
  built: boolean;
  files: FileSize[];
  entries: EntrySize[];
  /** Gzipped bytes of widgets.js with its chunks (all four widgets). */
  allWidgetsGzipBytes: number;
  alarms: number;
  renderMs: number[];
  renderMedianMs: number;
  updatesPerSecond: number;
  updates: number;
  updateP50Ms: number;
  updateP99Ms: number;
  updateMaxMs: number;
  longTasks: number;
  /** Share of wall time spent applying updates (receive → render complete). */
  busyShare: number;
  chromium: string;
}

/** The subset of puppeteer-core used here (it is a devDependency of the widgets package, resolved from there). */
interface Page {
  goto(url: string): Promise<unknown>;
  evaluateOnNewDocument(source: string): Promise<unknown>;
  waitForFunction(source: string, options: { timeout: number }): Promise<unknown>;
  evaluate<A, R>(fn: (arg: A) => Promise<R>, arg: A): Promise<R>;
  on(event: 'pageerror', handler: (error: Error) => void): void;
}
interface Browser {
  newPage(): Promise<Page>;
  version(): Promise<string>;
  close(): Promise<void>;
}
interface Puppeteer {
  launch(options: Record<string, unknown>): Promise<Browser>;
}

async function loadPuppeteer(): Promise<Puppeteer> {
  const requireFromWidgets = createRequire(join(WIDGETS_DIR, 'package.json'));
  const module = (await import(pathToFileURL(requireFromWidgets.resolve('puppeteer-core')).href)) as {
    default?: Puppeteer;
  } & Puppeteer;
  return module.default ?? module;
}

const PAGE = `<!doctype html><html lang="en"><body style="margin:0">
<script type="module">
import { LiveSession, encodeServerFrame } from './widgets.js';
window.medtekBench = { LiveSession, encodeServerFrame };
</script></body></html>`;

/** Serves the built dist folder and the benchmark page on an ephemeral port. */
function serveDist(): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent((request.url ?? '/').split('?')[0]!)).replace(/^(\.\.[/\\])+/, '');
    if (path === '/' || path === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    const file = join(DIST_DIR, path);
    if (!file.startsWith(DIST_DIR) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream';
    response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Bundle sizes from a fresh build, and mt-alarm-list's render/update cost in headless Chromium. */
export async function benchWidgets(
  profile: Profile,
  log: (line: string) => void,
  options: { build: boolean },
): Promise<WidgetsResult> {
  const build = options.build || !existsSync(join(DIST_DIR, 'widgets.js'));
  if (build) {
    const result = spawnSync('pnpm', ['--filter', '@medtek/widgets', 'build'], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`widgets build failed:\n${result.stdout}\n${result.stderr}`);
  }
  const { files, entries } = measureBundle(DIST_DIR);
  const allWidgetsGzipBytes = entries.find((entry) => entry.entry === 'widgets.js')?.gzipBytes ?? Number.NaN;
  log(`  widgets: widgets.js with chunks ${(allWidgetsGzipBytes / 1000).toFixed(1)} KB gzipped`);

  const puppeteer = await loadPuppeteer();
  const server = await serveDist();
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // tsx compiles with esbuild's keepNames, so functions serialized into the page call a `__name` helper.
    await page.evaluateOnNewDocument('globalThis.__name = (target) => target;');
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction('window.medtekBench !== undefined', { timeout: 30_000 });
    const { alarms, renders, updatesPerSecond, updateSeconds } = profile.widgets;
    const measured = await page.evaluate(alarmListInPage, { alarms, renders, updatesPerSecond, updateSeconds });
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
    const sortedRender = [...measured.renderMs].sort((a, b) => a - b);
    const result: WidgetsResult = {
      built: build,
      files,
      entries,
      allWidgetsGzipBytes,
      alarms,
      renderMs: measured.renderMs,
      renderMedianMs: sortedRender[Math.floor(sortedRender.length / 2)]!,
      updatesPerSecond,
      updates: measured.updateMs.length,
      updateP50Ms: percentile(measured.updateMs, 50),
      updateP99Ms: percentile(measured.updateMs, 99),
      updateMaxMs: Math.max(...measured.updateMs),
      longTasks: measured.longTasks,
      busyShare: measured.busyShare,
      chromium: await browser.version(),
    };
    log(
      `  widgets: ${alarms.toLocaleString('en')} alarms rendered in ${result.renderMedianMs.toFixed(1)} ms; ` +
        `${updatesPerSecond}/s updates p50 ${result.updateP50Ms.toFixed(2)} p99 ${result.updateP99Ms.toFixed(2)} ms, ` +
        `${result.longTasks} long tasks, main thread ${(result.busyShare * 100).toFixed(1)} % busy`,
    );
    return result;
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
