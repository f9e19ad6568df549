// `cybernetes logs POD`: the pods/log subresource when the server has one.
// Simulated pods run no containers, so today's server has none and the verb
// says so in one line instead of failing obscurely.
import { COMMON_FLAGS, COMMON_SHORT, connect, print } from './common.js';
import { CliError, usageError } from './errors.js';
import { booleanFlag, parseFlags } from './flags.js';
import { httpError } from './client.js';
import { findResource, resourcePath } from './resources.js';

export const LOGS_USAGE = `  logs    a container's log: logs POD | pod/NAME  [-c CONTAINER] [-f]
          (simulated pods have no logs yet: this answers so unless the server has pods/log)`;

export async function logsCommand(args: string[]): Promise<void> {
  const { flags, positional } = parseFlags(args, [...COMMON_FLAGS, 'container'], ['follow'], { ...COMMON_SHORT, c: 'container', f: 'follow' });
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
  if (!pods.subresources.includes('log')) {
    throw new CliError(`simulated pods have no container logs yet: this server runs no containers and has no pods/log subresource (see "cybernetes describe pod/${name}" for what happened to the pod)`);
  }
  const res = await ctx.client.fetch('GET', resourcePath(pods, ctx.namespace, name, 'log'), {
    accept: 'text/plain', query: { container: flags.get('container'), follow: booleanFlag(flags, 'follow', false) ? 'true' : undefined },
  });
  if (!res.ok) {
    const text = await res.text();
    let body: unknown;
    try { body = JSON.parse(text); } catch { /* plain text */ }
    throw httpError(res, body, 'GET', `pods/${name}/log`);
  }
  if (!res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    pending += value;
    const nl = pending.lastIndexOf('\n');
    if (nl >= 0) { print(pending.slice(0, nl + 1)); pending = pending.slice(nl + 1); }
  }
  print(pending);
}
