// `cybernetes scale --replicas N TYPE/NAME`: a merge patch on the scale
// subresource, as kubectl sends it.
import { COMMON_FLAGS, COMMON_SHORT, connect, print, warn } from './common.js';
import { alreadyReported, CliError, isPerObject, usageError } from './errors.js';
import { parseFlags, wholeNumber } from './flags.js';
import { kindName, resourceName, resourcePath } from './resources.js';
import { resolveTargets } from './targets.js';

export const SCALE_USAGE = `  scale   set the number of replicas: scale --replicas N TYPE/NAME... | TYPE NAME...`;

export async function scaleCommand(args: string[]): Promise<void> {
  const { flags, positional } = parseFlags(args, [...COMMON_FLAGS, 'replicas'], [], COMMON_SHORT);
  const replicas = wholeNumber(flags, 'replicas', 2 ** 31 - 1);
  if (replicas === undefined) throw usageError('scale needs --replicas N');
  const ctx = connect(flags);
  const targets = await resolveTargets(ctx, positional, 'scale');
  let failed = 0;
  for (const { info, names } of targets) {
    if (names.length === 0) throw usageError(`scale needs the name of the ${info.singularName} (e.g. "cybernetes scale --replicas ${replicas} ${info.shortNames[0] ?? info.name}/NAME")`);
    if (!info.subresources.includes('scale')) throw new CliError(`${resourceName(info)} cannot be scaled: the server has no ${info.name}/scale subresource`);
    for (const name of names) {
      try {
        await ctx.client.json('PATCH', resourcePath(info, ctx.namespace, name, 'scale'), {
          query: { fieldManager: 'cybernetes-scale' },
          body: JSON.stringify({ spec: { replicas } }), contentType: 'application/merge-patch+json',
        });
        print(`${kindName(info)}/${name} scaled`);
      } catch (err) {
        if (!isPerObject(err)) throw err;
        warn(err.message);
        failed++;
      }
    }
  }
  if (failed) throw alreadyReported();
}
