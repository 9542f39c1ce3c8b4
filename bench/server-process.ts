import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serverCpuPrefix } from './pinning.js';
import type { ParentToServer, ServerSpec, ServerToParent, ServerUsage } from './server-protocol.js';

const CHILD_ENTRY = fileURLToPath(new URL('./server-child.ts', import.meta.url));

export interface ServerProcess {
  readonly port: number;
  readonly pid: number;
  readonly ready: Extract<ServerToParent, { type: 'ready' }>;
  /** `ws://127.0.0.1:port/device` */
  readonly deviceUrl: string;
  readonly liveUrl: string;
  usage(): Promise<ServerUsage>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** Write a V8 CPU profile of the server child into this directory (`node --cpu-prof`). */
  cpuProfileDir?: string;
  /** Milliseconds to wait for 'ready' (start-up replay of a simulated year takes a while). */
  readyTimeoutMs?: number;
}

function waitFor<T extends ServerToParent['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<ServerToParent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`server child: no '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: ServerToParent): void => {
      if (message.type === 'failed') finish(new Error(`server child failed: ${message.message}`));
      else if (message.type === type) finish(undefined, message as Extract<ServerToParent, { type: T }>);
    };
    const onExit = (code: number | null): void => finish(new Error(`server child exited (${code}) before '${type}'`));
    const finish = (error: Error | undefined, message?: Extract<ServerToParent, { type: T }>): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Starts a server child on the server CPU (taskset where available) and waits until it listens. */
export async function spawnServer(spec: ServerSpec, options: SpawnOptions = {}): Promise<ServerProcess> {
  const nodeArgs = ['--import', 'tsx'];
  if (options.cpuProfileDir !== undefined) nodeArgs.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir);
  const argv = [...serverCpuPrefix(), process.execPath, ...nodeArgs, CHILD_ENTRY, JSON.stringify(spec)];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let ready: Extract<ServerToParent, { type: 'ready' }>;
  try {
    ready = await waitFor(child, 'ready', options.readyTimeoutMs ?? 120_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const request = (message: ParentToServer): void => void child.send(message);
  return {
    port: ready.port,
    pid: ready.pid,
    ready,
    deviceUrl: `ws://127.0.0.1:${ready.port}/device`,
    liveUrl: `ws://127.0.0.1:${ready.port}/live`,
    async usage() {
      const reply = waitFor(child, 'usage', 10_000);
      request({ type: 'usage' });
      return (await reply).usage;
    },
    async stop() {
      if (child.exitCode === null && child.connected) request({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
