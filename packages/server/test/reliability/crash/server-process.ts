import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const SERVE_ENTRY = fileURLToPath(new URL('../../../src/cli/serve.ts', import.meta.url));

/** The JSON line `serve.ts` prints once it listens. */
export interface ServeReady {
  url: string;
  port: number;
  pid: number;
  replayedRecords: number;
  replayMs: number;
}

export interface ServerProcessOptions {
  dataDir: string;
  /** 0 for an ephemeral port on the first start; restarts reuse the port so devices reconnect to the same URL. */
  port?: number;
  /** Merged into the server configuration (MEDTEK_SERVE_CONFIG). */
  config?: Record<string, unknown>;
  /** Extra environment (e.g. MEDTEK_FAIL_JOURNAL). */
  env?: Record<string, string>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * One run of `serve.ts` as a child process (node --import tsx, no wrapper process, so SIGKILL hits the server itself).
 * Resolves `start()` with the ready line; `exited` settles when the process ends, however it ends.
 */
export class ServerProcess {
  readonly exited: Promise<Exit>;
  readonly stderr: string[] = [];
  private readonly child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => this.stderr.push(text));
  }

  static async start(options: ServerProcessOptions): Promise<{ process: ServerProcess; ready: ServeReady }> {
    const args = ['--import', 'tsx', SERVE_ENTRY, '--data-dir', options.dataDir, '--port', String(options.port ?? 0)];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        MEDTEK_SERVE_CONFIG: JSON.stringify(options.config ?? {}),
        ...options.env,
      },
    });
    const server = new ServerProcess(child);
    const lines = createInterface({ input: child.stdout });
    const ready = await new Promise<ServeReady>((resolve, reject) => {
      lines.once('line', (line) => resolve(JSON.parse(line) as ServeReady));
      void server.exited.then((exit) =>
        reject(new Error(`serve.ts exited before it was ready (${JSON.stringify(exit)}): ${server.stderr.join('')}`)),
      );
    });
    return { process: server, ready };
  }

  get pid(): number {
    return this.child.pid!;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** SIGKILL and wait until the process is gone (the port is free again). */
  async kill(): Promise<Exit> {
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM: graceful stop (flush the journal, close sockets); resolves with the exit. */
  async stop(): Promise<Exit> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}
