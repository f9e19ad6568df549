#!/usr/bin/env node
// `cybernetes <command>`: one module per command under src/cli/.
import { commandArgs, setExitCode } from './platform/index.js';
import { APPLY_USAGE, applyCommand } from './cli/apply.js';
import { COMMON_USAGE } from './cli/common.js';
import { DELETE_USAGE, deleteCommand } from './cli/delete.js';
import { DESCRIBE_USAGE, describeCommand } from './cli/describe.js';
import { exitCodeOf, usageError } from './cli/errors.js';
import { GET_USAGE, getCommand } from './cli/get.js';
import { LOGS_USAGE, logsCommand } from './cli/logs.js';
import { ROLLOUT_USAGE, rolloutCommand } from './cli/rollout.js';
import { SCALE_USAGE, scaleCommand } from './cli/scale.js';

// The server's modules load only for `serve` and `help`: client verbs start fast without them.
const serveModule = () => import('./cli/serve-command.js');

/** The client commands' lines of the usage text, in the order `help` lists them. */
const CLIENT_USAGES: Record<string, string> = {
  apply: APPLY_USAGE, get: GET_USAGE, describe: DESCRIBE_USAGE, delete: DELETE_USAGE,
  scale: SCALE_USAGE, rollout: ROLLOUT_USAGE, logs: LOGS_USAGE,
};

const usage = async (): Promise<string> => `usage: cybernetes <command> [options]

commands:
${(await serveModule()).SERVE_USAGE}
${Object.values(CLIENT_USAGES).join('\n')}
  help    this text

${COMMON_USAGE}
exit codes: 0 done, 1 the operation failed, 2 the command line is wrong`;

/** One command's lines of the usage text. */
async function commandUsage(command: string): Promise<string | undefined> {
  const text = command === 'serve' ? (await serveModule()).SERVE_USAGE : CLIENT_USAGES[command];
  return text === undefined ? undefined : `usage: cybernetes ${command} [options]\n\n${text}\n\n${COMMON_USAGE}`;
}

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  // `cybernetes get --help`: that command's usage, as any command-line tool answers.
  if (rest.includes('--help') || rest.includes('-h')) {
    const text = await commandUsage(command);
    if (text !== undefined) { console.log(text); return; }
  }
  switch (command) {
    case 'serve': return (await serveModule()).serveCommand(rest);
    case 'apply': return applyCommand(rest);
    case 'get': return getCommand(rest);
    case 'describe': return describeCommand(rest);
    case 'delete': return deleteCommand(rest);
    case 'scale': return scaleCommand(rest);
    case 'rollout': return rolloutCommand(rest);
    case 'logs': return logsCommand(rest);
    case 'help': case '--help': case '-h':
      console.log(await usage());
      return;
    default:
      throw usageError(`unknown command "${command}"; run "cybernetes help" for the list`);
  }
}

main(commandArgs()).catch((err: Error) => {
  // An empty message: the command already reported its failures line by line.
  if (err.message) console.error(`cybernetes: ${err.message}`);
  setExitCode(exitCodeOf(err));
});
