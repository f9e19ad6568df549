// `cybernetes serve`: run the control plane until SIGINT/SIGTERM.
import { onTerminate, setExitCode } from '../platform/index.js';
import { serve } from '../serve.js';
import { parseFlags, wholeNumber } from './flags.js';

export const SERVE_USAGE = `  serve   run the control plane: the Kubernetes API, the journal, the actor runtime
          --host HOST      address to listen on (default 127.0.0.1)
          --port PORT      port (default 8080; 0 picks a free one)
          --data-dir DIR   journal directory (default ./data)
          --nodes N        simulated Node objects registered at start (default 3)
          --workers N      actor worker threads (default: cores - 1)
          --node-monitor-grace-period S
                           seconds without a Lease renewal before a node goes Unknown (default 40)`;

export async function serveCommand(args: string[]): Promise<void> {
  const { flags: f, positional } = parseFlags(args, ['host', 'port', 'data-dir', 'nodes', 'workers', 'node-monitor-grace-period']);
  if (positional.length) throw new Error(`unexpected argument "${positional[0]}"; options look like --name value`);
  const server = await serve({
    host: f.get('host'),
    port: wholeNumber(f, 'port', 65535),
    dataDir: f.get('data-dir') ?? 'data',
    nodes: wholeNumber(f, 'nodes'),
    workers: wholeNumber(f, 'workers'),
    nodeMonitorGracePeriodMs: (() => { const s = wholeNumber(f, 'node-monitor-grace-period'); return s === undefined ? undefined : s * 1000; })(),
    log: (line) => console.log(line),
  });
  onTerminate(async (signal) => {
    console.log(`${signal}: draining requests and watches, flushing the journal`);
    await server.close();
    setExitCode(0);
  });
}
