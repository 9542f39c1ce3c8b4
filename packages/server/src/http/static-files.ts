import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { statusLine } from './status.js';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticOptions {
  /** Cache-Control header (default `no-cache`: revalidate with the ETag every time). */
  cacheControl?: string;
  /** File served for a directory (default index.html). */
  indexFile?: string;
  /** Largest file served (default 16 MiB). */
  maxFileBytes?: number;
}

/**
 * Maps a URL path below the mount to a file inside `root`, or undefined when it would leave the root (`..`, encoded
 * separators, NUL) — path traversal is refused before touching the disk.
 */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const base = resolve(root);
  const target = resolve(base, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  const rel = relative(base, target);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return target;
}

function answer(
  res: HttpResponse,
  aborted: { value: boolean },
  status: number,
  headers: Record<string, string>,
  body?: Uint8Array,
): void {
  if (aborted.value) return;
  res.cork(() => {
    res.writeStatus(statusLine(status));
    for (const [name, value] of Object.entries(headers)) res.writeHeader(name, value);
    if (body === undefined) res.end();
    else res.end(body);
  });
}

/**
 * Serves files of `dir` under `urlPrefix` (GET and HEAD): content types by extension, weak ETag from size and
 * mtime with 304 on If-None-Match, no directory listings, no path traversal.
 */
export function serveStatic(app: TemplatedApp, urlPrefix: string, dir: string, options: StaticOptions = {}): void {
  const prefix = urlPrefix.replace(/\/+$/, '');
  const cacheControl = options.cacheControl ?? 'no-cache';
  const indexFile = options.indexFile ?? 'index.html';
  const maxFileBytes = options.maxFileBytes ?? 16 * 1024 * 1024;

  const handler = (res: HttpResponse, req: HttpRequest): void => {
    const url = req.getUrl();
    const ifNoneMatch = req.getHeader('if-none-match');
    const head = req.getMethod() === 'head';
    const aborted = { value: false };
    res.onAborted(() => {
      aborted.value = true;
    });
    const notFound = (): void =>
      answer(res, aborted, 404, { 'content-type': 'text/plain; charset=utf-8' }, new TextEncoder().encode('not found'));

    let file = resolveStaticPath(dir, url.slice(prefix.length) || '/');
    if (file === undefined) {
      notFound();
      return;
    }
    void (async () => {
      try {
        let info = await stat(file);
        if (info.isDirectory()) {
          file = join(file, indexFile);
          info = await stat(file);
        }
        if (!info.isFile() || info.size > maxFileBytes) {
          notFound();
          return;
        }
        const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
        const headers: Record<string, string> = {
          'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          etag,
          'cache-control': cacheControl,
          'x-content-type-options': 'nosniff',
        };
        if (ifNoneMatch.split(/\s*,\s*/).includes(etag)) {
          answer(res, aborted, 304, headers);
          return;
        }
        if (head) {
          if (!aborted.value) {
            res.cork(() => {
              res.writeStatus(statusLine(200));
              for (const [name, value] of Object.entries(headers)) res.writeHeader(name, value);
              res.endWithoutBody(info.size);
            });
          }
          return;
        }
        answer(res, aborted, 200, headers, await readFile(file));
      } catch {
        notFound();
      }
    })();
  };
  app.get(`${prefix}/*`, handler);
  app.head(`${prefix}/*`, handler);
  if (prefix !== '') {
    app.get(prefix, handler);
    app.head(prefix, handler);
  }
}
