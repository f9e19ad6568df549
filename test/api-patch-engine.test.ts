// The patch engine alone: strategic merge patch directives, FieldsV1 sets and
// server-side apply, table-driven from Kubernetes' documented behaviour.
import t from 'tap';
import { kindCursor } from '../src/api/openapi/schemas.js';
import { PatchError, strategicMerge as smp0, type PatchSchema } from '../src/api/patch/strategic.js';
import { FieldSet, decodeFieldsV1, encodeFieldsV1, fieldSetOf, pathString } from '../src/api/patch/fieldsets.js';
import { ApplyConflictError, applyConfiguration, recordUpdate, type ApplyRequest } from '../src/api/patch/apply.js';

const strategicMerge = (o: unknown, p: unknown, s: PatchSchema): any => smp0(o, p, s);
const deploySchema = kindCursor('apps/v1', 'Deployment')!;
const podSchema = kindCursor('v1', 'Pod')!;

const dep = (spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web' }, ...metadata },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          { name: 'side', image: 'busybox:1.36' },
        ],
        tolerations: [{ key: 'k1', operator: 'Exists' }],
        volumes: [{ name: 'data', emptyDir: {} }],
      },
    },
    ...spec,
  },
});

const podSpec = (o: any) => o.spec.template.spec;

t.test('strategic merge patch: directives and strategies', async (t) => {
  type Case = { name: string; patch: unknown; check: (out: any) => void };
  const cases: Case[] = [
    {
      name: 'maps merge key by key; null deletes',
      patch: { metadata: { labels: { tier: 'front', app: null } } },
      check: (o) => t.same(o.metadata.labels, { tier: 'front' }),
    },
    {
      name: 'containers merge by name: one field changes, the rest stays',
      patch: { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } },
      check: (o) => {
        t.same(podSpec(o).containers.map((c: any) => [c.name, c.image]), [['main', 'nginx:1.28'], ['side', 'busybox:1.36']]);
        t.same(podSpec(o).containers[0].env, [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], 'untouched fields of the element stay');
      },
    },
    {
      name: 'a new element by merge key comes before the server\'s others (as the kubectl patch docs show)',
      patch: { spec: { template: { spec: { containers: [{ name: 'new', image: 'redis' }] } } } },
      check: (o) => t.same(podSpec(o).containers.map((c: any) => c.name), ['new', 'main', 'side']),
    },
    {
      name: 'nested lists with merge keys: env by name, ports by containerPort',
      patch: { spec: { template: { spec: { containers: [{ name: 'main', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }], ports: [{ containerPort: 443 }] }] } } } },
      check: (o) => {
        const main = podSpec(o).containers[0];
        t.same(main.env, [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }]);
        t.same(main.ports.map((p: any) => p.containerPort).sort(), [443, 80]);
      },
    },
    {
      name: '$patch: delete in a list element removes it by merge key',
      patch: { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } },
      check: (o) => t.same(podSpec(o).containers.map((c: any) => c.name), ['main']),
    },
    {
      name: '$patch: replace as a list element makes the patch the whole list',
      patch: { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } } },
      check: (o) => t.same(podSpec(o).containers, [{ name: 'only', image: 'x' }]),
    },
    {
      name: '$patch: replace in a map replaces the map',
      patch: { spec: { template: { metadata: { labels: { $patch: 'replace', fresh: 'yes' } } } } },
      check: (o) => t.same(o.spec.template.metadata.labels, { fresh: 'yes' }),
    },
    {
      name: '$patch: delete in a map removes the map',
      patch: { spec: { strategy: { rollingUpdate: { $patch: 'delete' } } } },
      check: (o) => t.same(o.spec.strategy, { type: 'RollingUpdate' }),
    },
    {
      name: 'explicit $patch: merge is the default',
      patch: { metadata: { labels: { $patch: 'merge', x: 'y' } } },
      check: (o) => t.same(o.metadata.labels, { app: 'web', x: 'y' }),
    },
    {
      name: 'tolerations have no patch strategy: replaced whole',
      patch: { spec: { template: { spec: { tolerations: [{ key: 'k2', operator: 'Exists' }] } } } },
      check: (o) => t.same(podSpec(o).tolerations, [{ key: 'k2', operator: 'Exists' }]),
    },
    {
      name: 'container args (atomic list of primitives) replaced whole',
      patch: { spec: { template: { spec: { containers: [{ name: 'side', args: ['b'] }] } } } },
      check: (o) => t.same(podSpec(o).containers[1].args, ['b']),
    },
    {
      name: '$retainKeys with a union: strategy Recreate drops rollingUpdate',
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      check: (o) => t.same(o.spec.strategy, { type: 'Recreate' }),
    },
    {
      name: 'volumes merge by name with retainKeys: the source changes type',
      patch: { spec: { template: { spec: { volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }] } } } },
      check: (o) => t.same(podSpec(o).volumes, [{ name: 'data', configMap: { name: 'cm' } }]),
    },
  ];
  cases.push({
    name: '$setElementOrder/containers reorders, server-only elements keep their relative place',
    patch: { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'side' }, { name: 'main' }], containers: [{ name: 'main', image: 'nginx:2' }] } } } },
    check: (o) => {
      t.same(podSpec(o).containers.map((c: any) => c.name), ['side', 'main']);
      t.equal(podSpec(o).containers[1].image, 'nginx:2');
    },
  });
  for (const c of cases) {
    const before = dep();
    const snapshot = JSON.stringify(before);
    const out = strategicMerge(before, c.patch, deploySchema);
    t.test(c.name, async () => c.check(out));
    t.equal(JSON.stringify(before), snapshot, `${c.name}: the original is not modified`);
  }
});

t.test('strategic merge patch: lists of primitives', async (t) => {
  const obj = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', finalizers: ['a/x', 'b/y'] }, spec: { containers: [{ name: 'c', image: 'i', command: ['sh', '-c'] }] } };
  t.same(strategicMerge(obj, { metadata: { finalizers: ['c/z'] } }, podSchema).metadata.finalizers.sort(), ['a/x', 'b/y', 'c/z'], 'finalizers (merge strategy) are a union');
  t.same(strategicMerge(obj, { metadata: { finalizers: ['a/x'] } }, podSchema).metadata.finalizers, ['a/x', 'b/y'], 'no duplicates');
  t.same(strategicMerge(obj, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/x'] } }, podSchema).metadata.finalizers, ['b/y'], '$deleteFromPrimitiveList removes values');
  const both = strategicMerge(obj, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/x'], finalizers: ['d/w'], '$setElementOrder/finalizers': ['d/w', 'b/y'] } }, podSchema) as any;
  t.same(both.metadata.finalizers, ['d/w', 'b/y'], 'delete, add and order together');
  t.same(strategicMerge(obj, { spec: { containers: [{ name: 'c', command: ['bash'] }] } }, podSchema).spec.containers[0].command, ['bash'], 'command (no strategy) is replaced');
  const owners = { metadata: { name: 'p', ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'a', uid: 'u1' }, { apiVersion: 'v1', kind: 'X', name: 'b', uid: 'u2' }] } };
  const o2 = strategicMerge(owners, { metadata: { ownerReferences: [{ uid: 'u2', name: 'b2', apiVersion: 'v1', kind: 'X' }, { uid: 'u1', $patch: 'delete' }] } }, podSchema) as any;
  t.same(o2.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'X', name: 'b2', uid: 'u2' }], 'ownerReferences merge and delete by uid');
  const status = { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] } };
  const o3 = strategicMerge(status, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, podSchema) as any;
  t.same(o3.status.conditions, [{ type: 'Ready', status: 'True' }, { type: 'PodScheduled', status: 'True' }], 'conditions merge by type');
});

t.test('strategic merge patch: malformed patches are refused', async (t) => {
  t.throws(() => strategicMerge(dep(), { spec: { template: { spec: { containers: [{ image: 'no-name' }] } } } }, deploySchema), PatchError, 'an element without its merge key');
  t.throws(() => strategicMerge(dep(), { metadata: { labels: { $patch: 'explode' } } }, deploySchema), PatchError, 'an unknown $patch');
  t.throws(() => strategicMerge(dep(), { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: { maxSurge: 1 } } } }, deploySchema), PatchError, 'a field outside $retainKeys');
  t.throws(() => strategicMerge(dep(), [], deploySchema), PatchError, 'not an object');
});

t.test('FieldsV1: encoding, set algebra, paths', async (t) => {
  const obj = dep();
  const set = fieldSetOf(obj, deploySchema);
  const enc = encodeFieldsV1(set) as any;
  t.same(enc['f:spec']['f:selector'], {}, 'selector (an atomic struct) is a leaf');
  t.same(enc['f:metadata']['f:labels'], { 'f:app': {} }, 'map entries are members, the map itself is not');
  const main = enc['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"main"}'];
  t.same(main['.'], {}, 'a list-map element is a member');
  t.ok(main['f:ports']['k:{"containerPort":80,"protocol":"TCP"}'], 'multi-key elements: keys sorted, JSON');
  t.same(enc['f:spec']['f:template']['f:spec']['f:tolerations'], {}, 'atomic lists are leaves');
  t.ok(decodeFieldsV1(enc).equals(set), 'decode(encode(s)) = s');
  const a = FieldSet.fromPaths([['f:a'], ['f:b', 'f:c'], ['f:b', 'f:d']]);
  const b = FieldSet.fromPaths([['f:b', 'f:c'], ['f:e']]);
  t.same(a.union(b).paths(), [['f:a'], ['f:b', 'f:c'], ['f:b', 'f:d'], ['f:e']]);
  t.same(a.difference(b).paths(), [['f:a'], ['f:b', 'f:d']]);
  t.same(a.intersection(b).paths(), [['f:b', 'f:c']]);
  t.equal(pathString(['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"main"}', 'f:image']), '.spec.template.spec.containers[name="main"].image');
  t.equal(pathString(['f:metadata', 'f:finalizers', 'v:"a/x"']), '.metadata.finalizers[="a/x"]');
  const fin = encodeFieldsV1(fieldSetOf({ metadata: { finalizers: ['a/x'] } }, podSchema)) as any;
  t.same(fin, { 'f:metadata': { 'f:finalizers': { 'v:"a/x"': {} } } }, 'set elements are v: entries');
  t.throws(() => decodeFieldsV1({ 'x:bad': {} }), 'unknown path element kinds are refused');
});

const NOW = '2025-01-01T00:00:00Z';
const own = (manager: string, force = false): ApplyRequest => ({ schema: deploySchema, manager, apiVersion: 'apps/v1', scope: 'main', time: NOW, force });
const config = (replicas: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx' }] } }, ...extra },
});

t.test('server-side apply: ownership, conflicts, force, removal', async (t) => {
  const first = applyConfiguration(undefined, config(2), own('alice'));
  const mf = (first.metadata as any).managedFields;
  t.equal(mf.length, 1);
  t.match(mf[0], { manager: 'alice', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1', time: NOW });
  t.same(mf[0].fieldsV1['f:spec']['f:replicas'], {});
  t.notOk(mf[0].fieldsV1['f:metadata']?.['f:name'], 'identity fields are not owned');

  const same = applyConfiguration(first, config(2), own('bob')) as any;
  t.same(same.spec, (first as any).spec, 'same values: no conflict, nothing changes');
  const shared = same.metadata.managedFields;
  t.same(shared.map((m: any) => m.manager), ['alice', 'bob'], 'both own the fields they agree on');

  const err = t.throws(() => applyConfiguration(first, config(5), own('bob'))) as unknown as ApplyConflictError;
  t.ok(err instanceof ApplyConflictError);
  t.equal(err.message, 'Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
  t.same(err.causes(), [{ reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' }]);

  const forced = applyConfiguration(first, config(5), own('bob', true)) as any;
  t.equal(forced.spec.replicas, 5, 'force wins');
  const alice = forced.metadata.managedFields.find((m: any) => m.manager === 'alice');
  t.notOk(alice.fieldsV1['f:spec']['f:replicas'], 'the other manager lost the field');

  // A field dropped from alice's configuration goes, unless bob still owns it.
  const withPaused = applyConfiguration(undefined, config(2, { paused: true, minReadySeconds: 5 }), own('alice'));
  const bobToo = applyConfiguration(withPaused, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { minReadySeconds: 5 } }, own('bob'));
  const dropped = applyConfiguration(bobToo, config(2), own('alice')) as any;
  t.notOk('paused' in dropped.spec, 'paused (only alice owned it) is removed');
  t.equal(dropped.spec.minReadySeconds, 5, 'minReadySeconds (bob owns it too) stays');

  // Sharing a list element does not keep what is inside it: each field goes when its last owner drops it.
  const env = (vars: string[]) => config(2, { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx', env: vars.map((n) => ({ name: n, value: n })) }] } } });
  let shared2 = applyConfiguration(undefined, env(['A', 'B']), own('alice'));
  shared2 = applyConfiguration(shared2, env(['A', 'B']), own('bob'));
  shared2 = applyConfiguration(shared2, env(['A']), own('alice'));
  t.same((shared2 as any).spec.template.spec.containers[0].env.map((e: any) => e.name), ['A', 'B'], 'B kept: bob still applies it');
  shared2 = applyConfiguration(shared2, env(['A']), own('bob'));
  t.same((shared2 as any).spec.template.spec.containers[0].env.map((e: any) => e.name), ['A'], 'B removed once nobody applies it');

  // Conflicts with an updater name its API version; several conflicts are listed per manager.
  const updated = { ...first, metadata: { ...(first.metadata as object), managedFields: recordUpdate(first as any, { ...first, spec: { ...(first as any).spec, replicas: 3, paused: true } }, { schema: deploySchema, manager: 'kubectl-edit', apiVersion: 'apps/v1', scope: 'main', time: NOW }) } };
  (updated as any).spec = { ...(first as any).spec, replicas: 3, paused: true };
  const two = t.throws(() => applyConfiguration(updated, config(4, { paused: false }), own('carol'))) as unknown as ApplyConflictError;
  t.equal(two.message, 'Apply failed with 2 conflicts: conflicts with "kubectl-edit" using apps/v1:\n- .spec.paused\n- .spec.replicas');
});

t.test('server-side apply: status scope and managedFields in the configuration', async (t) => {
  const live = applyConfiguration(undefined, config(2), own('alice'));
  const withStatus = applyConfiguration(live, { ...config(2), status: { replicas: 9 } }, own('alice')) as any;
  t.notOk(withStatus.status, 'status in a main-resource apply is ignored');
  const st = applyConfiguration(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, status: { replicas: 2 } }, { ...own('ctrl'), scope: 'status', subresource: 'status' }) as any;
  t.equal(st.status.replicas, 2);
  const entry = st.metadata.managedFields.find((m: any) => m.manager === 'ctrl');
  t.same(entry.subresource, 'status');
  t.same(Object.keys(entry.fieldsV1), ['f:status']);
  t.throws(() => applyConfiguration(live, { ...config(2), metadata: { name: 'web', managedFields: [] } }, own('x')), /managedFields must be nil/);
});

t.test('round trips: apply A then B equals apply B fresh', async (t) => {
  const A = config(2, { paused: true });
  (A.metadata as any).labels = { app: 'web', team: 'a' };
  (A.spec.template.spec.containers[0] as any).env = [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }];
  const B = config(3);
  (B.metadata as any).labels = { app: 'web' };
  (B.spec.template.spec.containers[0] as any).env = [{ name: 'X', value: '1' }];
  const strip = (o: any) => { const c = structuredClone(o); delete c.metadata.managedFields; return c; };
  const viaA = applyConfiguration(applyConfiguration(undefined, A, own('m')), B, own('m'));
  const fresh = applyConfiguration(undefined, B, own('m'));
  t.same(strip(viaA), strip(fresh), 'server-side apply');
  t.same((viaA.metadata as any).managedFields, (fresh.metadata as any).managedFields, 'and the same ownership');

  // Client-side apply's three-way patch for the same change, as kubectl computes it.
  const smp = {
    metadata: { labels: { team: null } },
    spec: {
      paused: null, replicas: 3,
      template: { spec: { '$setElementOrder/containers': [{ name: 'main' }], containers: [{ name: 'main', '$setElementOrder/env': [{ name: 'X' }], env: [{ name: 'Y', $patch: 'delete' }] }] } },
    },
  };
  t.same(strategicMerge(A, smp, deploySchema), B, 'strategic merge patch');
});

t.test('strategic merge patch: x-kubernetes-patch-strategy replace on a map (no served schema has one)', async (t) => {
  // A synthetic schema: an object with `conf` (a map, strategy replace) and `extra` (a map, no strategy).
  const node = (meta: PatchSchema['meta'], fields: Record<string, PatchSchema> = {}, values?: PatchSchema): PatchSchema => ({
    meta, field: (n) => fields[n], items: () => undefined, values: () => values,
  });
  const str = node({ kind: 'scalar', patchStrategies: [] });
  const schema = node({ kind: 'object', patchStrategies: [] }, {
    conf: node({ kind: 'map', patchStrategies: ['replace'] }, {}, str),
    extra: node({ kind: 'map', patchStrategies: [] }, {}, str),
  });
  const obj = { conf: { a: '1', b: '2' }, extra: { a: '1', b: '2' } };
  const out = strategicMerge(obj, { conf: { c: '3' }, extra: { c: '3' } }, schema);
  t.same(out.conf, { c: '3' }, 'replace: the patch\'s map is the whole map');
  t.same(out.extra, { a: '1', b: '2', c: '3' }, 'no strategy: merged key by key');
  t.same(strategicMerge(obj, { conf: { $patch: 'replace', d: '4' } }, schema).conf, { d: '4' }, 'an explicit $patch: replace there says the same');
  t.same(obj, { conf: { a: '1', b: '2' }, extra: { a: '1', b: '2' } }, 'the original is not modified');
});

t.test('server-side apply: an applier that owns a map or list itself (as kubectl\'s client-side migration leaves it) keeps it while it applies what is in it', async (t) => {
  // kubectl moves a client-side applier's Update set, "." members included, into its Apply entry, then applies again.
  const live = config(2, { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }] } } });
  (live.metadata as any).labels = { app: 'web', team: 'a' };
  (live.metadata as any).managedFields = [{
    manager: 'kubectl', operation: 'Apply', apiVersion: 'apps/v1', time: NOW, fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {}, 'f:team': {} } },
      'f:spec': {
        'f:replicas': {}, 'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': { 'f:containers': { '.': {}, 'k:{"name":"main"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:env': { '.': {}, 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} }, 'k:{"name":"B"}': { '.': {}, 'f:name': {}, 'f:value': {} } } } } },
        },
      },
    },
  }];
  const again = config(2, { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx', env: [{ name: 'A', value: '1' }] }] } } });
  (again.metadata as any).labels = { app: 'web' };
  const out = applyConfiguration(live, again, own('kubectl')) as any;
  t.same(out.metadata.labels, { app: 'web' }, 'the dropped label goes, the labels map stays');
  t.same(out.spec.template.metadata.labels, { app: 'web' }, 'the template labels stay');
  t.same(out.spec.template.spec.containers, [{ name: 'main', image: 'nginx', env: [{ name: 'A', value: '1' }] }], 'the containers list stays; only the dropped env var goes');
  const mine = out.metadata.managedFields.find((m: any) => m.manager === 'kubectl');
  t.notOk(mine.fieldsV1['f:metadata']['f:labels']['.'], 'the applier\'s set is its configuration\'s again');
  // With nothing left in it, a map the applier owned itself goes.
  const none = config(2, { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx', env: [{ name: 'A', value: '1' }] }] } } });
  t.notOk('labels' in (applyConfiguration(live, none, own('kubectl')) as any).metadata, 'no label applied any more: the labels map goes');
});
