#!/usr/bin/env node
// `cybernetes <command>`: one module per command under src/cli/.
import { commandArgs, setExitCode } from './platform/index.js';
import { SERVE_USAGE, serveCommand } from './cli/serve-command.js';

const USAGE = `usage: cybernetes <command> [options]

commands:
${SERVE_USAGE}
  help    this text`;

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  switch (command) {
    case 'serve': return serveCommand(rest);
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
