/**
 * A journal file is damaged somewhere other than a torn tail: records after the damage exist, so truncating would
 * silently lose acknowledged data. The journal refuses to open; an operator must inspect or restore the file.
 */
export class JournalCorruptionError extends Error {
  override readonly name = 'JournalCorruptionError';
  constructor(
    readonly filePath: string,
    readonly byteOffset: number,
    readonly reason: string,
  ) {
    super(
      `journal file ${filePath} is damaged at byte offset ${byteOffset}: ${reason}. ` +
        'Refusing to open: records after this point would be lost. Move the file aside or restore it from a backup.',
    );
  }
}

/**
 * A write or fsync failed. After a failed fsync the kernel may already have dropped the dirty pages ("fsyncgate"),
 * so nothing written since the last successful sync can be trusted: the journal stops for good and the process must
 * restart and recover from the files.
 */
export class JournalFailedError extends Error {
  override readonly name = 'JournalFailedError';
  constructor(override readonly cause: unknown) {
    super(`journal failed and accepts no more records: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** The journal was closed; it accepts no more records. */
export class JournalClosedError extends Error {
  override readonly name = 'JournalClosedError';
  constructor() {
    super('journal is closed');
  }
}
