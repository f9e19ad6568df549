#!/usr/bin/env node
// `cybernetes <command>`: the server today; apply/get/describe/... come with the API.
import { commandArgs, isInteractive, onTerminate, setExitCode } from './platform/index.js';
import { serve } from './serve.js';

const USAGE = `usage: cybernetes <command> [options]

commands:
  serve [--workers N] [--data DIR]   run the control plane (runtime + journal) until Ctrl-C
  help                               this text`;

function flags(argv: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"; options look like --name value`);
    const eq = a.indexOf('=');
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else out.set(a.slice(2), argv[++i] ?? '');
  }
  return out;
}

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'serve': {
      const f = flags(rest);
      const workers = f.has('workers') ? Number(f.get('workers')) : undefined;
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) throw new Error(`--workers must be a whole number ≥ 0, got "${f.get('workers')}"`);
      const server = await serve({ workers, dataDir: f.get('data') ?? 'cybernetes-data', log: (line) => console.log(line), live: isInteractive() });
      onTerminate(async (signal) => {
        console.log(`cybernetes: ${signal}, closing`);
        await server.close();
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
