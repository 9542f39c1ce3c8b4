import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface FileSize {
  file: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface EntrySize {
  entry: string;
  /** The entry and every chunk it imports statically (what a page loading it downloads). */
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export const WIDGET_ENTRIES = [
  'widgets.js',
  'mt-alarm-list.js',
  'mt-device-status.js',
  'mt-screening-wizard.js',
  'mt-session.js',
];

/** Static imports of a minified ES module: `import"./x.js"`, `from"./x.js"` (dynamic `import()` excluded). */
function staticImports(source: string): string[] {
  const found = new Set<string>();
  for (const match of source.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)) found.add(match[1]!);
  return [...found];
}

/** Raw and gzip (level 9) sizes of every built file, and of each entry with its static imports. */
export function measureBundle(distDir: string): { files: FileSize[]; entries: EntrySize[] } {
  const files = readdirSync(distDir)
    .filter((file) => file.endsWith('.js'))
    .sort()
    .map((file): FileSize => {
      const bytes = readFileSync(join(distDir, file));
      return { file, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    });
  const byName = new Map(files.map((file) => [file.file, file]));
  const entries = WIDGET_ENTRIES.filter((entry) => byName.has(entry)).map((entry): EntrySize => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file) || !byName.has(file)) return;
      seen.add(file);
      for (const imported of staticImports(readFileSync(join(distDir, file), 'utf8'))) visit(imported);
    };
    visit(entry);
    const closure = [...seen].map((file) => byName.get(file)!);
    return {
      entry,
      files: [...seen],
      rawBytes: closure.reduce((sum, f) => sum + f.rawBytes, 0),
      gzipBytes: closure.reduce((sum, f) => sum + f.gzipBytes, 0),
    };
  });
  return { files, entries };
}
