import { OpenLoopRunner } from './open-loop.js';
import type { ParentToWorker, WorkerToParent } from './worker-protocol.js';

/** Entry point of one load-generator process (forked by runLoad). Talks to the parent over IPC only. */
function send(message: WorkerToParent): void {
  process.send?.(message);
}

let runner: OpenLoopRunner | undefined;
let progressTimer: NodeJS.Timeout | undefined;

process.on('message', (message: ParentToWorker) => {
  void handle(message).catch((error: unknown) => {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  });
});

async function handle(message: ParentToWorker): Promise<void> {
  if (message.type === 'connect') {
    runner = new OpenLoopRunner(message.config);
    const { connected, connectFailures } = await runner.connect();
    send({ type: 'ready', connected, connectFailures });
    return;
  }
  if (!runner) throw new Error('go before connect');
  const active = runner;
  progressTimer = setInterval(() => send({ type: 'progress', progress: active.progress() }), 500);
  const result = await active.run(message.startAtEpochMs);
  clearInterval(progressTimer);
  send({ type: 'done', result });
  process.disconnect?.();
}
