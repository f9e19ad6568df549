// `cybernetes serve`: run the control plane until SIGINT/SIGTERM.
import { onTerminate, setExitCode } from '../platform/index.js';
import { serve } from '../serve.js';
import { booleanFlag, parseFlags, wholeNumber } from './flags.js';
import { usageError } from './errors.js';

export const SERVE_USAGE = `  serve   run the control plane: the Kubernetes API, the journal, the actor runtime
          --host HOST      address to listen on (default 127.0.0.1)
          --port PORT      port (default 8080; 0 picks a free one)
          --data-dir DIR   journal directory (default ./data)
          --nodes N        simulated Node objects registered at start (default 3)
          --workers N      actor worker threads (default: cores - 1)
          --node-monitor-grace-period S
                           seconds without a Lease renewal before a node goes Unknown (default 40)
          --max-requests-inflight N
                           read-only requests at once, past which 429 (default 400; 0: no limit)
          --max-mutating-requests-inflight N
                           mutating requests at once, past which 429 (default 200; 0: no limit)
          --max-watches N  watches and other long-running requests open at once (default 1000; 0: no limit)
          --token-file FILE
                           require a bearer token from this CSV (token,user,uid,"group1,group2") and authorize with RBAC
          --insecure-allow-anonymous
                           serve without --token-file on a non-loopback --host (otherwise refused)
          --tls-cert-file FILE, --tls-private-key-file FILE
                           serve HTTPS with this PEM certificate and key (kubectl sends tokens only over HTTPS)`;

export async function serveCommand(args: string[]): Promise<void> {
  const { flags: f, positional } = parseFlags(args, ['host', 'port', 'data-dir', 'nodes', 'workers', 'node-monitor-grace-period',
    'max-requests-inflight', 'max-mutating-requests-inflight', 'max-watches', 'token-file', 'tls-cert-file', 'tls-private-key-file'], ['insecure-allow-anonymous']);
  if (positional.length) throw usageError(`unexpected argument "${positional[0]}"; options look like --name value`);
  const server = await serve({
    host: f.get('host'),
    port: wholeNumber(f, 'port', 65535),
    dataDir: f.get('data-dir') ?? 'data',
    nodes: wholeNumber(f, 'nodes'),
    workers: wholeNumber(f, 'workers'),
    nodeMonitorGracePeriodMs: (() => { const s = wholeNumber(f, 'node-monitor-grace-period'); return s === undefined ? undefined : s * 1000; })(),
    maxRequestsInflight: wholeNumber(f, 'max-requests-inflight'),
    maxMutatingRequestsInflight: wholeNumber(f, 'max-mutating-requests-inflight'),
    maxWatches: wholeNumber(f, 'max-watches'),
    tokenFile: f.get('token-file'),
    insecureAllowAnonymous: booleanFlag(f, 'insecure-allow-anonymous', false),
    tlsCertFile: f.get('tls-cert-file'),
    tlsPrivateKeyFile: f.get('tls-private-key-file'),
    log: (line) => console.log(line),
  });
  onTerminate(async (signal) => {
    console.log(`${signal}: draining requests and watches, flushing the journal`);
    await server.close();
    setExitCode(0);
  });
}
