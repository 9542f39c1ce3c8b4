import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { writeFile, rename } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DevTokenIssuer } from '../auth/dev-token-key.js';
import type { DemoUser } from './demo-municipality.js';

/** The repository root (this file is packages/server/src/cli/demo-site.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
const WIDGETS_DIR = join(REPO_ROOT, 'packages/widgets');
const CORE_SRC = join(REPO_ROOT, 'packages/core/src');
/** The custom dashboard's protocol module (built by examples/vite.config.js). */
const PROTOCOL_BUILD = join(EXAMPLES_DIR, 'dist');

/** Example folders and files served at `/` (tests, package files and build output stay private). */
const SERVED_EXAMPLE_ENTRIES = ['index.html', 'shared', 'cura-citizen', 'e-team', 'stock', 'custom-dashboard'];

/**
 * Builds what the demo serves when it is missing or older than its sources: the widget bundle
 * (`pnpm --filter @medtek/widgets build`) and the custom dashboard's protocol module (`pnpm --filter
 * @medtek/examples build`). Returns what was built.
 */
export function buildIfStale(log: (line: string) => void = console.log): string[] {
  const built: string[] = [];
  const targets = [
    {
      name: '@medtek/widgets',
      output: join(WIDGETS_DIR, 'dist/widgets.js'),
      sources: [join(WIDGETS_DIR, 'src'), CORE_SRC, join(WIDGETS_DIR, 'vite.config.ts')],
    },
    {
      name: '@medtek/examples',
      output: join(PROTOCOL_BUILD, 'medtek-protocol.js'),
      sources: [join(EXAMPLES_DIR, 'build'), join(CORE_SRC, 'protocol'), join(EXAMPLES_DIR, 'vite.config.js')],
    },
  ];
  for (const target of targets) {
    const outputTime = existsSync(target.output) ? statSync(target.output).mtimeMs : 0;
    if (outputTime >= Math.max(...target.sources.map(newestMtime))) continue;
    log(`Building ${target.name} (missing or older than its sources)…`);
    const result = spawnSync('pnpm', ['--filter', target.name, 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`pnpm --filter ${target.name} build failed`);
    built.push(target.name);
  }
  return built;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * The static directory of the demo: links to the example pages, the built widgets (`/widgets/`) and the protocol
 * module (`/protocol/`), plus the generated development session file. Lives in the data directory (gitignored).
 */
export function prepareDemoSite(siteDir: string): string {
  rmSync(siteDir, { recursive: true, force: true });
  mkdirSync(siteDir, { recursive: true });
  for (const entry of SERVED_EXAMPLE_ENTRIES) symlinkSync(join(EXAMPLES_DIR, entry), join(siteDir, entry));
  symlinkSync(join(WIDGETS_DIR, 'dist'), join(siteDir, 'widgets'));
  symlinkSync(PROTOCOL_BUILD, join(siteDir, 'protocol'));
  return siteDir;
}

/** Name of the development session file under the static root; example pages fetch it in dev mode only. */
export const DEV_SESSION_FILE = 'dev-session.json';
/** Tokens are refused one hour after `iat` (token.maxTokenAgeSec): issue for 30 min, refresh every 10. */
const DEV_TOKEN_TTL_SEC = 30 * 60;
export const DEV_SESSION_REFRESH_MS = 10 * 60_000;

export interface DevSession {
  developmentOnly: true;
  notice: string;
  issuedAt: string;
  users: Record<string, { token: string; name: string; teams: string[] }>;
}

/**
 * Writes `dev-session.json`: one fresh development token per role. DEVELOPMENT ONLY — a stand-in for the host
 * portal's own login, which in production hands its access token to the widgets as a property. Never a URL.
 */
export async function writeDevSession(
  siteDir: string,
  issuer: DevTokenIssuer,
  users: readonly DemoUser[],
): Promise<DevSession> {
  const session: DevSession = {
    developmentOnly: true,
    notice:
      'DEVELOPMENT ONLY: tokens signed with the local development key by pnpm start. A real host portal gives ' +
      'the widgets its own access token; never serve such a file in production.',
    issuedAt: new Date().toISOString(),
    users: {},
  };
  for (const user of users) {
    session.users[user.role] = {
      token: await issuer.issueDevToken(
        { sub: user.sub, role: user.role, teams: user.teams, name: user.name },
        DEV_TOKEN_TTL_SEC,
      ),
      name: user.name,
      teams: user.teams,
    };
  }
  const file = join(siteDir, DEV_SESSION_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(session, null, 2), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
  return session;
}
