#!/usr/bin/env node
// `cybernetes <command>`: the server today; apply/get/describe/... come with the CLI issue.
import { commandArgs, onTerminate, setExitCode } from './platform/index.js';
import { serve } from './serve.js';

const USAGE = `usage: cybernetes <command> [options]

commands:
  serve   run the control plane: the Kubernetes API, the journal, the actor runtime
          --host HOST      address to listen on (default 127.0.0.1)
          --port PORT      port (default 8080; 0 picks a free one)
          --data-dir DIR   journal directory (default ./data)
          --nodes N        simulated Node objects registered at start (default 3)
          --workers N      actor worker threads (default: cores - 1)
          --node-monitor-grace-period S
                           seconds without a Lease renewal before a node goes Unknown (default 40)
  help    this text`;

function flags(argv: string[], known: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"; options look like --name value`);
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.includes(name)) throw new Error(`unknown option --${name}; known: ${known.map((k) => `--${k}`).join(', ')}`);
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    out.set(name, value);
  }
  return out;
}

function wholeNumber(f: Map<string, string>, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = f.get(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > max) throw new Error(`--${name} must be a whole number from 0 to ${max}, got "${v}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'serve': {
      const f = flags(rest, ['host', 'port', 'data-dir', 'nodes', 'workers', 'node-monitor-grace-period']);
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
      return;
    }
    case 'help': case '--help': case '-h':
      console.log(USAGE);
      return;
    default:
      throw new Error(`unknown command "${command}"; run "cybernetes help" for the list`);
  }
}

main(commandArgs()).catch((err: Error) => {
  console.error(`cybernetes: ${err.message}`);
  setExitCode(1);
});
