import { readFileSync } from 'node:fs';

/** Used when the limit cannot be read (non-Linux, or /proc not mounted): the common default soft limit. */
export const FALLBACK_OPEN_FILE_LIMIT = 1024;

/** File descriptors kept back for the journal segments, lowdb, static files, logs and the listen sockets. */
export const FILE_DESCRIPTOR_RESERVE = 64;

/**
 * Parses the soft "Max open files" limit out of the text of /proc/self/limits (Node 20 has no process.getrlimit).
 * Returns undefined when the line is missing or says "unlimited".
 */
export function parseOpenFileLimit(procLimits: string): number | undefined {
  const line = procLimits.split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  if (soft === undefined || !/^\d+$/.test(soft)) return undefined;
  return Number(soft);
}

/** The soft open-file limit of this process, or 1024 when it cannot be read. */
export function readOpenFileLimit(procLimitsPath = '/proc/self/limits'): number {
  try {
    return parseOpenFileLimit(readFileSync(procLimitsPath, 'utf8')) ?? FALLBACK_OPEN_FILE_LIMIT;
  } catch {
    return FALLBACK_OPEN_FILE_LIMIT;
  }
}

/**
 * The largest safe connection cap for an open-file limit: 90 % of it minus a reserve. At the limit itself
 * uWebSockets.js spins at 100 % CPU while new clients time out, so the cap must stay well below it.
 */
export function safeConnectionCap(openFileLimit: number): number {
  return Math.max(1, Math.floor(openFileLimit * 0.9) - FILE_DESCRIPTOR_RESERVE);
}
