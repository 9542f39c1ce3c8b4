import path from 'node:path';
import type { JournalFile, JournalFileLayer } from './file-layer.js';

/** Every call the journal can make through its file layer. */
export type FileOperation =
  | 'ensureDirectory'
  | 'listDirectory'
  | 'openFile'
  | 'syncDirectory'
  | 'removeFile'
  | 'size'
  | 'read'
  | 'write'
  | 'datasync'
  | 'truncate'
  | 'close';

const MUTATING: ReadonlySet<FileOperation> = new Set([
  'ensureDirectory',
  'openFile',
  'syncDirectory',
  'removeFile',
  'write',
  'datasync',
  'truncate',
]);

/** One file as a power cut finds it. */
export interface CrashFileState {
  readonly path: string;
  /** What the last successful datasync made durable; undefined when the directory entry was never synced. */
  readonly durable: Uint8Array | undefined;
  /** Everything written so far (the page cache). */
  readonly written: Uint8Array;
}

/** Decides what survives of one file: its new contents, or undefined when the file is gone. */
export type CrashPolicy = (file: CrashFileState) => Uint8Array | undefined;

/** The conservative outcome: exactly what was synced survives, unsynced new files vanish. */
export const keepOnlyDurable: CrashPolicy = (file) => file.durable;

interface MemoryNode {
  /** Written bytes are storage[0, length); storage grows by doubling. */
  storage: Uint8Array;
  length: number;
  durable: Uint8Array;
  entryDurable: boolean;
}

function nodeWith(contents: Uint8Array, entryDurable: boolean): MemoryNode {
  return { storage: contents.slice(), length: contents.length, durable: contents.slice(), entryDurable };
}

function writtenBytes(node: MemoryNode): Uint8Array {
  return node.storage.subarray(0, node.length);
}

interface Fault {
  operation: FileOperation;
  remaining: number;
  code: string;
}

function ioError(code: string, operation: FileOperation, filePath: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected failure, ${operation} '${filePath}'`), {
    code,
    syscall: operation,
    path: filePath,
  });
}

const NEVER = new Promise<never>(() => undefined);

/**
 * An in-memory file layer that models a power cut: it tracks what each datasync and directory sync made durable,
 * and `crash()` rebuilds the files from that (optionally keeping part of the unsynced bytes and garbling them
 * through a CrashPolicy). It also injects I/O errors on the Nth call of an operation, can hold datasync calls
 * until released, and can cut the power at the Nth mutating call (that call and every later one never return).
 */
export class MemoryFileLayer implements JournalFileLayer {
  /** How many times each operation was called (including failed ones). */
  readonly calls: Record<FileOperation, number> = {
    ensureDirectory: 0,
    listDirectory: 0,
    openFile: 0,
    syncDirectory: 0,
    removeFile: 0,
    size: 0,
    read: 0,
    write: 0,
    datasync: 0,
    truncate: 0,
    close: 0,
  };

  private nodes = new Map<string, MemoryNode>();
  /** Removed files whose removal is not durable yet: a crash brings them back. */
  private removed = new Map<string, MemoryNode>();
  private directories = new Set<string>();
  private faults: Fault[] = [];
  private datasyncHold: { released: Promise<void>; reportStarted: () => void } | undefined;
  private mutationsUntilPowerCut: number | undefined;
  private powerIsCut = false;
  private reportPowerCut: (() => void) | undefined;
  private generation = 0;

  /** The `nth` next call of `operation` (1 = the very next) fails with an error carrying `code`. */
  failOn(operation: FileOperation, nth = 1, code = 'EIO'): void {
    this.faults.push({ operation, remaining: nth, code });
  }

  /**
   * Holds every datasync (they start but do not finish) until `release` is called; `started` resolves when the
   * first held datasync begins waiting.
   */
  holdDatasync(): { readonly started: Promise<void>; release(): void } {
    let release!: () => void;
    let reportStarted!: () => void;
    const started = new Promise<void>((resolve) => (reportStarted = resolve));
    this.datasyncHold = { released: new Promise<void>((resolve) => (release = resolve)), reportStarted };
    return {
      started,
      release: () => {
        this.datasyncHold = undefined;
        release();
      },
    };
  }

  /**
   * Cuts the power at the `nth` next mutating call: that call and every later call never complete. The promise
   * resolves when the cut happens, so a test can then `crash()`.
   */
  cutPowerAtMutation(nth: number): Promise<void> {
    this.mutationsUntilPowerCut = nth;
    return new Promise<void>((resolve) => (this.reportPowerCut = resolve));
  }

  get powerCut(): boolean {
    return this.powerIsCut;
  }

  /**
   * Simulates losing power and rebooting: every open handle dies, unsynced directory entries and bytes are subject
   * to `policy` (default: only what was synced survives), unsynced removals are undone.
   */
  crash(policy: CrashPolicy = keepOnlyDurable): void {
    const survivors = new Map<string, MemoryNode>();
    for (const [filePath, node] of this.removed) survivors.set(filePath, nodeWith(node.durable, true));
    for (const [filePath, node] of this.nodes) {
      const contents = policy({
        path: filePath,
        durable: node.entryDurable ? node.durable : undefined,
        written: writtenBytes(node),
      });
      if (contents) survivors.set(filePath, nodeWith(contents, true));
    }
    this.nodes = survivors;
    this.removed.clear();
    this.faults = [];
    this.datasyncHold = undefined;
    this.mutationsUntilPowerCut = undefined;
    this.powerIsCut = false;
    this.generation++;
  }

  /** Current contents of a file (what a read would return), or undefined. */
  fileBytes(filePath: string): Uint8Array | undefined {
    const node = this.nodes.get(filePath);
    return node && writtenBytes(node).slice();
  }

  /** Replaces a file's contents, durably (for tests that damage files on purpose). */
  setFileBytes(filePath: string, contents: Uint8Array): void {
    this.nodes.set(filePath, nodeWith(contents, true));
  }

  /** Paths of all files, sorted. */
  filePaths(): string[] {
    return [...this.nodes.keys()].sort();
  }

  // Every call goes through here: counting, power cut, injected faults.
  private async enter(operation: FileOperation, filePath: string, generation = this.generation): Promise<void> {
    this.calls[operation]++;
    if (this.powerIsCut) return NEVER;
    if (generation !== this.generation) throw ioError('EBADF', operation, filePath);
    if (MUTATING.has(operation) && this.mutationsUntilPowerCut !== undefined) {
      this.mutationsUntilPowerCut--;
      if (this.mutationsUntilPowerCut <= 0) {
        this.powerIsCut = true;
        this.reportPowerCut?.();
        return NEVER;
      }
    }
    for (const fault of this.faults) {
      if (fault.operation !== operation) continue;
      fault.remaining--;
      if (fault.remaining === 0) {
        this.faults = this.faults.filter((other) => other !== fault);
        throw ioError(fault.code, operation, filePath);
      }
    }
    await Promise.resolve(); // always asynchronous, like real I/O
  }

  private node(filePath: string, operation: FileOperation): MemoryNode {
    const node = this.nodes.get(filePath);
    if (!node) throw ioError('ENOENT', operation, filePath);
    return node;
  }

  async ensureDirectory(directory: string): Promise<void> {
    await this.enter('ensureDirectory', directory);
    for (let dir = directory; !this.directories.has(dir); dir = path.dirname(dir)) {
      this.directories.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }

  async listDirectory(directory: string): Promise<string[]> {
    await this.enter('listDirectory', directory);
    if (!this.directories.has(directory)) throw ioError('ENOENT', 'listDirectory', directory);
    return [...this.nodes.keys()].filter((p) => path.dirname(p) === directory).map((p) => path.basename(p));
  }

  async syncDirectory(directory: string): Promise<void> {
    await this.enter('syncDirectory', directory);
    for (const [filePath, node] of this.nodes) if (path.dirname(filePath) === directory) node.entryDurable = true;
    for (const filePath of [...this.removed.keys()]) {
      if (path.dirname(filePath) === directory) this.removed.delete(filePath);
    }
  }

  async removeFile(filePath: string): Promise<void> {
    await this.enter('removeFile', filePath);
    const node = this.node(filePath, 'removeFile');
    this.nodes.delete(filePath);
    if (node.entryDurable) this.removed.set(filePath, node);
  }

  async openFile(filePath: string, mode: 'read' | 'write' | 'create'): Promise<JournalFile> {
    await this.enter('openFile', filePath);
    if (mode === 'create') {
      if (this.nodes.has(filePath)) throw ioError('EEXIST', 'openFile', filePath);
      if (!this.directories.has(path.dirname(filePath))) throw ioError('ENOENT', 'openFile', filePath);
      this.nodes.set(filePath, nodeWith(new Uint8Array(0), false));
    } else {
      this.node(filePath, 'openFile');
    }
    return this.handle(filePath, this.generation);
  }

  private handle(filePath: string, generation: number): JournalFile {
    const enter = (operation: FileOperation) => this.enter(operation, filePath, generation);
    const node = () => this.node(filePath, 'read');
    return {
      size: async () => {
        await enter('size');
        return node().length;
      },
      read: async (target, offset, length, position) => {
        await enter('read');
        const source = writtenBytes(node()).subarray(position, position + length);
        target.set(source, offset);
        return source.length;
      },
      write: async (data, position) => {
        await enter('write');
        const current = node();
        const end = position + data.length;
        if (end > current.storage.length) {
          const grown = new Uint8Array(Math.max(end, current.storage.length * 2));
          grown.set(writtenBytes(current));
          current.storage = grown;
        }
        if (position > current.length) current.storage.fill(0, current.length, position);
        current.storage.set(data, position);
        current.length = Math.max(current.length, end);
      },
      datasync: async () => {
        const snapshot = writtenBytes(node()).slice();
        await enter('datasync');
        const hold = this.datasyncHold;
        if (hold) {
          hold.reportStarted();
          await hold.released;
        }
        if (generation === this.generation) node().durable = snapshot;
      },
      truncate: async (length) => {
        await enter('truncate');
        const current = node();
        if (length > current.storage.length) {
          const grown = new Uint8Array(length);
          grown.set(writtenBytes(current));
          current.storage = grown;
        } else if (length > current.length) {
          current.storage.fill(0, current.length, length);
        }
        current.length = length;
      },
      close: async () => {
        await enter('close');
      },
    };
  }
}
