import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copenhagenToEpoch } from '@medtek/core';
// The demo system is what `pnpm start` runs; imported by path (it is a CLI module of the server, not its API).
import { startDemoSystem, type DemoSystem } from '../../packages/server/src/cli/demo-system.js';

const OUTPUT = join(process.cwd(), 'test-output', 'examples');
const PAGES = ['index', 'cura-citizen', 'e-team', 'stock', 'custom-dashboard'] as const;
/** Every drug name the demo municipality prescribes: none may reach the technician's page. */
const DRUG_WORDS = ['Paracetamol', 'Metformin', 'Furosemid', 'Amlodipin', 'Pantoprazol', 'Magnyl', 'Simvastatin',
  'Levothyroxin', 'Madopar', 'Zopiclon']; // prettier-ignore

let system: DemoSystem;
let browser: Browser;
let dataDir: string;

/** All text of the page, including the widgets' shadow roots. */
async function deepText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const walk = (root: Node): void => {
      for (const node of Array.from(root.childNodes)) {
        if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
        if (node instanceof Element) {
          if (node.shadowRoot) walk(node.shadowRoot);
          if (node.tagName !== 'SCRIPT' && node.tagName !== 'STYLE') walk(node);
        }
      }
    };
    walk(document.body);
    return parts.join(' ').replace(/\s+/g, ' ');
  });
}

async function open(path: string, lang: 'da' | 'en' = 'da'): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(`${system.url}${path}${lang === 'en' ? '?lang=en' : ''}`, { waitUntil: 'load' });
  return { page, errors };
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'medtek-examples-'));
  // A manual clock (moved by the fleet) makes the alarms deterministic; a small fleet keeps it quick.
  system = await startDemoSystem({
    dataDir,
    port: 0,
    devices: 8,
    manualClockAt: copenhagenToEpoch('2026-11-25', '07:50'),
    log: () => undefined,
  });
  const fleet = system.fleet!;
  await fleet.advanceTo(copenhagenToEpoch('2026-11-25', '10:00'));
  // One device goes silent: a device_offline alarm (technical, so the technician sees it too).
  fleet.devices[0]!.stop();
  await fleet.advanceTo(copenhagenToEpoch('2026-11-25', '10:30'));
  browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the example pages against pnpm start’s system', () => {
  it('render live data in Danish and English (screenshots in test-output/examples)', async () => {
    expect(system.server.engine.alarms({ openOnly: true }).length).toBeGreaterThan(0);
    for (const name of PAGES) {
      for (const lang of ['da', 'en'] as const) {
        const { page, errors } = await open(name === 'index' ? '/' : `/${name}/`, lang);
        await page.waitForFunction((expected) => document.documentElement.lang === expected, {}, lang);
        if (name === 'e-team') {
          // Key figures from the server (REST /integrations/kpis) rendered by <mt-key-figures>, with its plot.
          await page.waitForFunction(() => {
            const figures = document.getElementById('key-figures');
            return (figures?.shadowRoot?.querySelectorAll('svg rect.bar').length ?? 0) === 3;
          });
          await page.waitForFunction(() => {
            const list = document.getElementById('alarm-list');
            return (list?.shadowRoot?.querySelectorAll('[data-alarm-id], [role="option"], .row').length ?? 0) > 0;
          });
        }
        if (name === 'custom-dashboard') {
          await page.waitForFunction(() => document.querySelectorAll('#alarm-rows tr').length > 0);
        }
        if (name === 'cura-citizen') {
          await page.waitForFunction(() => (document.getElementById('citizen-name')?.textContent ?? '…') !== '…');
        }
        if (name === 'stock') {
          await page.waitForFunction(() =>
            (document.getElementById('stock-board')?.shadowRoot?.textContent ?? '').includes('-2026-'),
          );
        }
        const text = await deepText(page);
        if (name === 'e-team' || name === 'stock' || name === 'cura-citizen') {
          // Live device data: a fleet device's id shows up in the device-status widget.
          await page.waitForFunction(() =>
            Array.from(document.querySelectorAll('mt-device-status')).some((el) =>
              /(flexsmart|medido|smila|medimi)/i.test(el.shadowRoot?.textContent ?? ''),
            ),
          );
        }
        expect(text.length).toBeGreaterThan(100);
        await screenshot(page, `${name}-${lang}`);
        expect(errors).toEqual([]);
        await page.close();
      }
    }
  }, 120_000);

  it('an acknowledge on the e-Team page reaches another open page within a second', async () => {
    const { page: dashboard } = await open('/custom-dashboard/');
    await dashboard.waitForFunction(() => document.querySelector('#alarm-rows tr[data-state="unack_active"]'));
    const alarmId = await dashboard.$eval('#alarm-rows tr[data-state="unack_active"]', (row) =>
      row.getAttribute('data-alarm-id'),
    );
    expect(alarmId).toBeTruthy();

    const { page: wall } = await open('/e-team/');
    await wall.waitForFunction(
      (id) => {
        const list = document.getElementById('alarm-list') as (HTMLElement & { select(id: string): void }) | null;
        if (!list?.shadowRoot?.textContent) return false;
        list.select(id);
        const button = list.shadowRoot.querySelector<HTMLButtonElement>('#ack');
        return button !== null && !button.disabled;
      },
      {},
      alarmId!,
    );
    const clickedAt = Date.now();
    await wall.evaluate(() =>
      document.getElementById('alarm-list')!.shadowRoot!.querySelector<HTMLElement>('#ack')!.click(),
    );
    await dashboard.waitForFunction(
      (id) =>
        document.querySelector(`#alarm-rows tr[data-alarm-id="${id}"]`)?.getAttribute('data-state') === 'ack_active',
      // The dashboard is a background tab now: poll on DOM mutations (rAF polling does not run there).
      { timeout: 1_000, polling: 'mutation' },
      alarmId!,
    );
    expect(Date.now() - clickedAt).toBeLessThanOrEqual(1_000);
    expect(system.server.engine.alarm(alarmId!)?.acknowledged).toBe(true);
    await screenshot(wall, 'e-team-after-acknowledge');
    await wall.close();
    await dashboard.close();
  }, 60_000);

  it('the stock page shows no medication: no drug names on screen, no medication data on its socket', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    const frames: Buffer[] = [];
    cdp.on('Network.webSocketFrameReceived', ({ response }) => {
      frames.push(Buffer.from(response.payloadData, response.opcode === 2 ? 'base64' : 'utf8'));
    });
    await page.goto(`${system.url}/stock/`, { waitUntil: 'load' });
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('mt-device-status')).some((el) =>
        /medido|smila/i.test(el.shadowRoot?.textContent ?? ''),
      ),
    );
    await page.waitForFunction(() =>
      (document.getElementById('stock-board')?.shadowRoot?.textContent ?? '').includes('-2026-'),
    );
    const text = await deepText(page);
    for (const drug of DRUG_WORDS) expect(text).not.toContain(drug);
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) {
      expect(frame.includes('medication')).toBe(false);
      for (const drug of DRUG_WORDS) expect(frame.includes(drug)).toBe(false);
    }
    // The same frames for a super user do carry medication (the check above is not vacuous).
    const medidoAlarms = system.server.engine.devices().some((d) => d.fill.cassettes?.some((c) => c.medication));
    expect(medidoAlarms || system.server.engine.alarms({}).some((a) => a.medication !== undefined)).toBe(true);
    await page.close();
  }, 60_000);
});
