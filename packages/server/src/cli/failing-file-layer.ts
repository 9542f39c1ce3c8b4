import { nodeFileLayer, type JournalFile, type JournalFileLayer } from '../journal/index.js';

export type FailingOperation = 'write' | 'datasync';

/**
 * The real file layer, except that the `nth` call of `operation` (counted from the first call after start-up) fails
 * with EIO. Used by `serve.ts` behind MEDTEK_FAIL_JOURNAL so a child-process server can be made to hit a disk error
 * on real files: the bytes already synced stay on disk, which a restart on the same files must recover.
 */
export function failingFileLayer(operation: FailingOperation, nth: number): JournalFileLayer {
  let calls = 0;
  const maybeFail = (): void => {
    calls++;
    if (calls === nth) throw Object.assign(new Error(`EIO: injected ${operation} failure`), { code: 'EIO' });
  };
  const wrap = (file: JournalFile): JournalFile => ({
    size: () => file.size(),
    read: (target, offset, length, position) => file.read(target, offset, length, position),
    write: async (data, position) => {
      if (operation === 'write') maybeFail();
      await file.write(data, position);
    },
    datasync: async () => {
      if (operation === 'datasync') maybeFail();
      await file.datasync();
    },
    truncate: (length) => file.truncate(length),
    close: () => file.close(),
  });
  return {
    ...nodeFileLayer,
    openFile: async (filePath, mode) => wrap(await nodeFileLayer.openFile(filePath, mode)),
  };
}

/** Parses MEDTEK_FAIL_JOURNAL (`datasync:3`, `write:1`); undefined when unset. */
export function parseFailSwitch(value: string | undefined): { operation: FailingOperation; nth: number } | undefined {
  if (value === undefined || value === '') return undefined;
  const match = /^(write|datasync):([1-9]\d*)$/.exec(value);
  if (!match) throw new Error(`MEDTEK_FAIL_JOURNAL must look like "datasync:3" or "write:1", got "${value}"`);
  return { operation: match[1] as FailingOperation, nth: Number(match[2]) };
}
