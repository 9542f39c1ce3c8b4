import { closeSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** Opens a directory and fsyncs it so a newly created file's entry survives a crash. */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Refuses a secret file that group or others can read (like ssh does), naming the fix. */
export function assertPrivateFile(file: string): void {
  if (process.platform === 'win32') return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(`${file} is readable by others (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
  }
}

/**
 * Reads a secret file, or creates it with `create()`'s content (mode 0600, exclusive create, fsynced with its
 * directory) when it does not exist yet. Two processes racing on first start both end up with the same content.
 */
export function readOrCreateSecretFile(file: string, create: () => string): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    assertPrivateFile(file);
    return readFileSync(file, 'utf8');
  }
  const content = create();
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  fsyncDirectory(dirname(file));
  return content;
}
