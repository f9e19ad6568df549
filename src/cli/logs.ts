// `cybernetes logs POD`: simulated pods run no containers and the server has no
// pods/log subresource, so the verb checks the pod and says so in one line
// instead of failing obscurely.
import { COMMON_FLAGS, COMMON_SHORT, connect } from './common.js';
import { CliError, usageError } from './errors.js';
import { parseFlags } from './flags.js';
import { findResource, resourcePath } from './resources.js';

export const LOGS_USAGE = `  logs    a container's log: logs POD | pod/NAME
          (simulated pods have no logs yet, and the server no pods/log: this says so)`;

export async function logsCommand(args: string[]): Promise<void> {
  const { flags, positional } = parseFlags(args, COMMON_FLAGS, [], COMMON_SHORT);
  if (positional.length !== 1) throw usageError('logs takes one pod: "cybernetes logs NAME" or "cybernetes logs pod/NAME"');
  const arg = positional[0]!;
  const slash = arg.indexOf('/');
  if (slash >= 0 && !['pod', 'pods', 'po'].includes(arg.slice(0, slash).toLowerCase())) throw usageError(`logs reads pods, not "${arg.slice(0, slash)}"`);
  const name = slash >= 0 ? arg.slice(slash + 1) : arg;
  const ctx = connect(flags);
  const pods = findResource(await ctx.resources(), 'pods');
  if (!pods) throw new CliError('the server does not serve pods');
  // The pod first: a wrong name is "not found", whatever the server can do with logs.
  await ctx.client.json('GET', resourcePath(pods, ctx.namespace, name));
  // No server serves pods/log yet: streaming it (with kubectl's -c and -f) is to be written when one does.
  throw new CliError(`simulated pods have no container logs yet: this server runs no containers and has no pods/log subresource (see "cybernetes describe pod/${name}" for what happened to the pod)`);
}
