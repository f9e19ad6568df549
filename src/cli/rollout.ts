// `cybernetes rollout status|history|undo TYPE/NAME`: Deployments, as
// kubectl does them: status follows a watch until the rollout is done,
// history and undo read the ReplicaSets the Deployment controls.
import { COMMON_FLAGS, COMMON_SHORT, connect, print, type Context } from './common.js';
import { CliError, usageError } from './errors.js';
import { booleanFlag, durationFlag, parseFlags, wholeNumber } from './flags.js';
import { controlledBy, deploymentRolloutStatus, historyText, rollbackPatch, rollbackTarget } from './rollout-logic.js';
import { findResource, kindName, resourceName, resourcePath, singleObjectArg, type ResourceInfo } from './resources.js';
import { labelSelectorString } from './selector.js';
import { DESCRIBE_TABS, tabwrite } from './tabwriter.js';

export const ROLLOUT_USAGE = `  rollout manage a Deployment's rollout: rollout status|history|undo deploy/NAME
          status: waits until it is done (--timeout 5m, --watch=false for one look)
          undo: back to the previous revision, or --to-revision N`;

export async function rolloutCommand(args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  const { flags, positional } = parseFlags(rest, [...COMMON_FLAGS, 'timeout', 'to-revision'], ['watch'], { ...COMMON_SHORT, w: 'watch' });
  if (sub !== 'status' && sub !== 'history' && sub !== 'undo') {
    throw usageError(`rollout needs status, history or undo, got ${sub === undefined ? 'nothing' : `"${sub}"`} (e.g. "cybernetes rollout status deploy/web")`);
  }
  const ctx = connect(flags);
  const { type, name } = singleObjectArg(positional, `rollout ${sub}`);
  const info = findResource(await ctx.resources(), type);
  if (!info) throw new CliError(`the server doesn't have a resource type "${type}"`);
  if (info.kind !== 'Deployment') throw new CliError(`rollout ${sub} works on deployments only, not ${resourceName(info)}`);
  const path = resourcePath(info, ctx.namespace, name);
  if (sub === 'status') return rolloutStatus(ctx, info, name, durationFlag(flags, 'timeout'), booleanFlag(flags, 'watch', true));
  const deployment = await ctx.client.json('GET', path);
  const replicaSets = await ownedReplicaSets(ctx, deployment);
  if (sub === 'history') {
    print(`${kindName(info)}/${name}\n${tabwrite(historyText(replicaSets), DESCRIBE_TABS)}`);
    return;
  }
  const target = rollbackTarget(replicaSets, wholeNumber(flags, 'to-revision') ?? 0, name);
  const rollback = rollbackPatch(deployment, target);
  if (rollback.skip) {
    print(`${kindName(info)}/${name} skipped rollback (current template already matches revision ${rollback.revision})`);
    return;
  }
  await ctx.client.json('PATCH', path, { query: { fieldManager: 'cybernetes-rollout' }, body: JSON.stringify(rollback.patch), contentType: 'application/json-patch+json' });
  print(`${kindName(info)}/${name} rolled back`);
}

async function ownedReplicaSets(ctx: Context, deployment: any): Promise<any[]> {
  const all = await ctx.resources();
  const rsInfo = all.find((r) => r.preferred && r.kind === 'ReplicaSet' && r.group === 'apps');
  if (!rsInfo) throw new CliError('the server does not serve apps/v1 ReplicaSets, which rollout history needs');
  const list = await ctx.client.json('GET', resourcePath(rsInfo, deployment.metadata.namespace), { query: { labelSelector: labelSelectorString(deployment.spec?.selector) || undefined } });
  return controlledBy(list.items ?? [], deployment);
}

/** Prints each new status message until done; the watch is re-opened if the server ends it. */
async function rolloutStatus(ctx: Context, info: ResourceInfo, name: string, timeoutMs: number | undefined, watch: boolean): Promise<void> {
  const abort = new AbortController();
  const timer = timeoutMs ? setTimeout(() => abort.abort(), timeoutMs) : undefined;
  let last = '';
  const show = (d: any): boolean => {
    const s = deploymentRolloutStatus(d);
    if (s.error) throw new CliError(s.error);
    if (s.message !== last) print(s.message);
    last = s.message;
    return s.done;
  };
  try {
    for (;;) {
      const d = await ctx.client.json('GET', resourcePath(info, ctx.namespace, name), { signal: abort.signal });
      if (show(d) || !watch) return;
      const events = ctx.client.watch(resourcePath(info, ctx.namespace), {
        fieldSelector: `metadata.name=${name}`, resourceVersion: d.metadata.resourceVersion,
      }, { signal: abort.signal });
      for await (const ev of events) {
        if (ev.type === 'DELETED') throw new CliError(`deployment "${name}" was deleted while waiting for its rollout`);
        if (ev.type === 'ERROR') break; // too old: read it again and watch from there
        if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && show(ev.object)) return;
      }
      if (abort.signal.aborted) break;
    }
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  } finally {
    clearTimeout(timer);
  }
  throw new CliError(`timed out waiting for deployment "${name}" to roll out (last: ${last || 'nothing yet'}); raise --timeout or see "cybernetes describe deploy/${name}"`);
}
