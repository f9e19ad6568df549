// The server process: the actor runtime and the journal, opened together and
// closed together. The Kubernetes API and the controllers join it as their
// issues land.
import { createRuntime, type Runtime } from './runtime/runtime.js';
import { openStore, type JournalStore } from './store/index.js';

export interface ServeOptions {
  workers?: number;
  /** Directory of the LevelDB journal. */
  dataDir: string;
  log: (line: string) => void;
  /** Print a status line every few seconds (on a terminal). */
  live?: boolean;
}

export interface Server {
  runtime: Runtime;
  store: JournalStore;
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<Server> {
  const store = await openStore({ path: options.dataDir });
  let runtime: Runtime;
  try {
    runtime = await createRuntime({ workers: options.workers });
  } catch (err) {
    await store.close();
    throw err;
  }
  options.log(`cybernetes: runtime up on ${runtime.workers} worker thread(s); journal ${options.dataDir} at revision ${store.revision}`);
  options.log('cybernetes: the Kubernetes API and controllers are not served yet; Ctrl-C stops');
  let timer: ReturnType<typeof setInterval> | undefined;
  if (options.live) {
    timer = setInterval(async () => {
      const s = await runtime.stats();
      options.log(`cybernetes: ${s.actors} actors, ${s.threads.map((t) => `${Math.round(t.messagesPerSec)} msg/s`).join(' / ')}, revision ${store.revision}`);
    }, 5000);
  }
  return {
    runtime,
    store,
    async close() {
      if (timer) clearInterval(timer);
      await runtime.close();
      await store.close();
    },
  };
}
