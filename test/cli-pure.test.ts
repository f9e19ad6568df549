// The CLI's pure logic, in tables: flags, resource names, kubectl's
// tabwriter, Table printing, rollout messages and rollback, manifests, describe.
import t from 'tap';
import { booleanFlag, durationFlag, parseFlags } from '../src/cli/flags.js';
import { findResource, parseResourceArgs, resolveType, resourceForKind, resourcePath, resourcesFromDiscovery, singleObjectArg } from '../src/cli/resources.js';
import { tabwrite, TabWriter, GET_TABS } from '../src/cli/tabwriter.js';
import { tableText, rowLines, headerLine, type Table } from '../src/cli/table.js';
import { deploymentRolloutStatus, historyText, rollbackPatch, rollbackTarget } from '../src/cli/rollout-logic.js';
import { propagationPolicy } from '../src/cli/delete.js';
import { parseManifests } from '../src/cli/manifests.js';
import { describePage, titleCase } from '../src/cli/describe-kinds.js';
import { eventAge } from '../src/cli/describe-text.js';
import { labelSelectorString } from '../src/cli/selector.js';
import { CliError } from '../src/cli/errors.js';

/** A usage mistake: a CliError with exit code 2. */
const USAGE = { name: 'CliError', exitCode: 2 } as unknown as Error;

t.test('flags: long, short, bundled, values attached', async (t) => {
  const short = { o: 'output', A: 'all', w: 'watch', n: 'namespace' };
  const cases: [string[], Record<string, string>, string[]][] = [
    [['pods', '-o', 'yaml'], { output: 'yaml' }, ['pods']],
    [['-oyaml', 'pods'], { output: 'yaml' }, ['pods']],
    [['-o=json'], { output: 'json' }, []],
    [['-Aw', 'x'], { all: 'true', watch: 'true' }, ['x']],
    [['-An', 'ns1'], { all: 'true', namespace: 'ns1' }, []],
    [['--output=wide', '--watch=false'], { output: 'wide', watch: 'false' }, []],
        [['-', '-1'], {}, ['-', '-1']],
  ];
  for (const [argv, flags, positional] of cases) {
    const r = parseFlags(argv, ['output', 'namespace'], ['all', 'watch'], short);
    t.same(Object.fromEntries(r.flags), flags, argv.join(' '));
    t.same(r.positional, positional);
  }
  t.throws(() => parseFlags(['-x'], [], [], short), { message: /unknown option -x; known short options: -o, -A, -w, -n/, exitCode: 2 });
  t.throws(() => parseFlags(['-o'], ['output'], [], short), { message: '-o needs a value', exitCode: 2 });
  t.throws(() => parseFlags(['--nope'], ['output']), USAGE);
  const dur: [string, number][] = [['30s', 30_000], ['5m', 300_000], ['1h', 3_600_000], ['1m30s', 90_000], ['250ms', 250], ['2', 2000]];
  for (const [v, ms] of dur) t.equal(durationFlag(new Map([['timeout', v]]), 'timeout'), ms, v);
  for (const v of ['soon', '5x', '1m soon']) t.throws(() => durationFlag(new Map([['timeout', v]]), 'timeout'), USAGE, v);
  t.equal(booleanFlag(new Map(), 'wait', true), true);
  t.equal(booleanFlag(new Map([['wait', 'false']]), 'wait', true), false);
  t.throws(() => booleanFlag(new Map([['wait', 'maybe']]), 'wait', true), USAGE);
});

const DISCOVERY = resourcesFromDiscovery([
  { groupVersion: 'v1', preferred: true, resources: [
    { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', shortNames: ['po'], categories: ['all'] },
    { name: 'pods/binding', namespaced: true, kind: 'Binding' },
    { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', shortNames: ['no'] },
  ] },
  { groupVersion: 'apps/v1', preferred: true, resources: [
    { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', shortNames: ['deploy'], categories: ['all'] },
    { name: 'deployments/scale', namespaced: true, kind: 'Scale' },
  ] },
  { groupVersion: 'coordination.k8s.io/v1', preferred: true, resources: [{ name: 'leases', singularName: 'lease', namespaced: true, kind: 'Lease' }] },
  { groupVersion: 'autoscaling/v2', preferred: true, resources: [{ name: 'horizontalpodautoscalers', singularName: 'horizontalpodautoscaler', namespaced: true, kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'] }] },
  { groupVersion: 'autoscaling/v1', preferred: false, resources: [{ name: 'horizontalpodautoscalers', singularName: 'horizontalpodautoscaler', namespaced: true, kind: 'HorizontalPodAutoscaler', shortNames: ['hpa'] }] },
]);

t.test('resource names resolve as kubectl resolves them', async (t) => {
  const cases: [string, string | undefined][] = [
    ['po', 'v1 pods'], ['pod', 'v1 pods'], ['pods', 'v1 pods'], ['Pod', 'v1 pods'], ['PODS', 'v1 pods'],
    ['deploy', 'apps/v1 deployments'], ['deployment', 'apps/v1 deployments'], ['deployments.apps', 'apps/v1 deployments'],
    ['deployment.v1.apps', 'apps/v1 deployments'], ['leases.coordination.k8s.io', 'coordination.k8s.io/v1 leases'],
    ['hpa', 'autoscaling/v2 horizontalpodautoscalers'], ['hpa.v1.autoscaling', 'autoscaling/v1 horizontalpodautoscalers'],
    ['deployments.core', undefined], ['widgets', undefined], ['binding', undefined],
  ];
  for (const [arg, want] of cases) {
    const r = findResource(DISCOVERY, arg);
    t.equal(r ? `${r.group ? `${r.group}/` : ''}${r.version} ${r.name}` : undefined, want, arg);
  }
  t.same(findResource(DISCOVERY, 'deploy')!.subresources, ['scale']);
  t.same(resolveType(DISCOVERY, 'all').map((r) => r.name), ['pods', 'deployments'], 'a category');
  t.throws(() => resolveType(DISCOVERY, 'widgets'), { message: 'the server doesn\'t have a resource type "widgets"' });
  t.equal(resourceForKind(DISCOVERY, 'autoscaling/v1', 'HorizontalPodAutoscaler').version, 'v1');
  t.throws(() => resourceForKind(DISCOVERY, 'apps/v2', 'Deployment'), { message: /no matches for kind "Deployment" in version "apps\/v2"/ });
  const deploy = findResource(DISCOVERY, 'deploy')!;
  const node = findResource(DISCOVERY, 'no')!;
  t.equal(resourcePath(deploy, 'ns', 'web', 'scale'), '/apis/apps/v1/namespaces/ns/deployments/web/scale');
  t.equal(resourcePath(deploy, undefined), '/apis/apps/v1/deployments');
  t.equal(resourcePath(node, 'ignored', 'n 1'), '/api/v1/nodes/n%201');

  t.same(parseResourceArgs(['pods', 'a', 'b'], 'get'), { form: 'types', types: ['pods'], names: ['a', 'b'] });
  t.same(parseResourceArgs(['po,deploy'], 'get'), { form: 'types', types: ['po', 'deploy'], names: [] });
  t.same(parseResourceArgs(['deploy/a', 'po/b'], 'get'), { form: 'pairs', pairs: [{ type: 'deploy', name: 'a' }, { type: 'po', name: 'b' }] });
  for (const bad of [['deploy', 'po/b'], ['deploy/'], ['/x'], []]) t.throws(() => parseResourceArgs(bad, 'get'), USAGE, bad.join(' '));
  t.same(singleObjectArg(['deploy', 'web'], 'scale'), { type: 'deploy', name: 'web' });
  t.throws(() => singleObjectArg(['deploy', 'a', 'b'], 'scale'), USAGE);
});

t.test("tabwriter: Go's rules, kubectl's settings", async (t) => {
  const cases: [string, string][] = [
    ['NAME\tAGE\nweb\t5s\n', 'NAME   AGE\nweb    5s\n'], // minimum width 6
    ['NAME\tREADY\nservice-a\t3/3\n', 'NAME        READY\nservice-a   3/3\n'],
    ['a\tb\tc\nlonger-cell\tb\tc\n', 'a             b     c\nlonger-cell   b     c\n'],
    ['no tabs\nx\ty\n', 'no tabs\nx     y\n'],
  ];
  for (const [input, want] of cases) t.equal(tabwrite(input, GET_TABS), want, JSON.stringify(input));
  // Blocks: a line without the column ends the block, as in describe pages.
  t.equal(tabwrite('Name:\tx\nLonger Key:\ty\nSection:\n  Inner:\tz\n', { minWidth: 0, padding: 2 }), 'Name:        x\nLonger Key:  y\nSection:\n  Inner:  z\n');
  const remembering = new TabWriter({ ...GET_TABS, rememberWidths: true });
  t.equal(remembering.format('NAME\tREADY\nlong-name-here\t1/1\n'), 'NAME             READY\nlong-name-here   1/1\n');
  t.equal(remembering.format('x\t0/1\n'), 'x                0/1\n', 'a later row keeps the widths seen so far');
});

t.test('Tables: wide columns, NAMESPACE, kind/name', async (t) => {
  const table: Table = {
    columnDefinitions: [{ name: 'Name', format: 'name' }, { name: 'Ready' }, { name: 'Node', priority: 1 }, { name: 'Age' }],
    rows: [{ cells: ['web-1', '1/1', null, '5s'], object: { metadata: { namespace: 'prod' } } }],
  };
  t.equal(tabwrite(tableText(table), GET_TABS), 'NAME    READY   AGE\nweb-1   1/1     5s\n');
  t.equal(tabwrite(tableText(table, { wide: true }), GET_TABS), 'NAME    READY   NODE     AGE\nweb-1   1/1     <none>   5s\n');
  t.equal(headerLine(table, { withNamespace: true }), 'NAMESPACE\tNAME\tREADY\tAGE\n');
  t.equal(rowLines(table, { withNamespace: true, kindPrefix: 'pod' }), 'prod\tpod/web-1\t1/1\t5s\n');
});

const deployment = (over: any = {}) => ({
  metadata: { name: 'web', generation: 2, uid: 'd1', annotations: { 'deployment.kubernetes.io/revision': '2', 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, ...over.metadata },
  spec: { replicas: 3, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:2' }] } }, ...over.spec },
  status: { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3, ...over.status },
});

t.test("rollout status: kubectl's messages", async (t) => {
  const cases: [any, string, boolean][] = [
    [{ status: { observedGeneration: 1 } }, 'Waiting for deployment spec update to be observed...', false],
    [{ status: { updatedReplicas: 1 } }, 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...', false],
    [{ status: { replicas: 4 } }, 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...', false],
    [{ status: { availableReplicas: 1 } }, 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...', false],
    [{}, 'deployment "web" successfully rolled out', true],
  ];
  for (const [over, message, done] of cases) t.same(deploymentRolloutStatus(deployment(over)), { message, done }, message);
  t.equal(deploymentRolloutStatus(deployment({ status: { conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] } })).error, 'deployment "web" exceeded its progress deadline');
});

const rs = (name: string, revision: string, image: string, annotations: Record<string, string> = {}) => ({
  metadata: { name, annotations: { 'deployment.kubernetes.io/revision': revision, ...annotations }, ownerReferences: [{ uid: 'd1', controller: true }] },
  spec: { template: { metadata: { labels: { app: 'web', 'pod-template-hash': name } }, spec: { containers: [{ name: 'web', image }] } } },
});

t.test('rollout history and undo', async (t) => {
  const sets = [rs('b', '2', 'web:2', { 'kubernetes.io/change-cause': 'image 2' }), rs('a', '1', 'web:1', { 'team': 'x' }), { metadata: { name: 'stray' } }];
  t.equal(tabwrite(historyText(sets), { minWidth: 0, padding: 2 }), 'REVISION  CHANGE-CAUSE\n1         <none>\n2         image 2\n');
  t.equal(rollbackTarget(sets, 0, 'web').metadata.name, 'a', 'the revision before the latest');
  t.equal(rollbackTarget(sets, 2, 'web').metadata.name, 'b');
  t.throws(() => rollbackTarget(sets, 7, 'web'), { message: /^unable to find specified revision 7 in history/ });
  t.throws(() => rollbackTarget([sets[0]], 0, 'web'), { message: /^no rollout history found for deployment "web"/ });

  const patch = rollbackPatch(deployment(), sets[1]);
  t.same(patch, { skip: false, patch: [
    { op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
    { op: 'replace', path: '/metadata/annotations', value: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'deployment.kubernetes.io/revision': '2', team: 'x' } },
  ] }, 'template without the hash label; annotations from the ReplicaSet, bookkeeping ones kept');
  t.same(rollbackPatch(deployment(), sets[0]), { skip: true, revision: 2 }, 'already that template');
  t.throws(() => rollbackPatch(deployment({ spec: { paused: true } }), sets[1]), CliError);
});

t.test('delete --cascade, selectors, manifests', async (t) => {
  for (const [v, p] of [[undefined, 'Background'], ['background', 'Background'], ['true', 'Background'], ['foreground', 'Foreground'], ['orphan', 'Orphan'], ['false', 'Orphan']] as const) t.equal(propagationPolicy(v), p, String(v));
  t.throws(() => propagationPolicy('sideways'), USAGE);
  t.equal(labelSelectorString({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'x', operator: 'DoesNotExist' }] }), 'app=web,tier in (a,b),!x');

  const docs = await parseManifests('---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n\n---\n{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Secret","metadata":{"name":"b"}}]}\n', 'f.yaml');
  t.same(docs.map((d) => `${d.object.kind}/${d.object.metadata.name}`), ['ConfigMap/a', 'Secret/b']);
  await t.rejects(parseManifests('kind: ConfigMap\nmetadata: {name: a}\n', 'f.yaml'), { message: 'f.yaml: an object has no apiVersion; every object needs apiVersion and kind' });
  await t.rejects(parseManifests('apiVersion: v1\nkind: ConfigMap\n', 'f.yaml'), { message: 'f.yaml: the ConfigMap has no metadata.name, which apply needs' });
  await t.rejects(parseManifests('- a\n- b\n', 'f.yaml'), { message: /a document is not an object/ });
});

t.test('describe: kubectl-like pages with Events', async (t) => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  t.equal(eventAge({ lastTimestamp: '2026-01-01T00:09:55Z', firstTimestamp: '2026-01-01T00:00:00Z', count: 3 }, now), '5s (x3 over 10m)');
  t.equal(eventAge({ lastTimestamp: '2026-01-01T00:09:55Z', count: 1 }, now), '5s');
  t.equal(titleCase('creationTimestamp'), 'Creation Timestamp');
  t.equal(titleCase('podIPs'), 'Pod IPs');
  const secret = describePage({ obj: { kind: 'Secret', metadata: { name: 's', namespace: 'd' }, type: 'Opaque', data: { k: 'MjkzNA==' } }, events: [], now });
  t.match(secret, /^Data\n====\nk:  4 bytes$/m, 'a Secret shows sizes, never values');
  t.notMatch(secret, /Mjkz/);
  const page = describePage({
    obj: { kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd', labels: { b: '2', a: '1' } }, data: { key: 'value' } },
    events: [
      { type: 'Warning', reason: 'Later', message: 'second', lastTimestamp: '2026-01-01T00:09:00Z', source: { component: 'me' } },
      { type: 'Normal', reason: 'First', message: 'one\nline', lastTimestamp: '2026-01-01T00:08:00Z', source: { component: 'kubelet', host: 'node-1' } },
    ],
    now,
  });
  t.equal(page, [
    'Name:         c',
    'Namespace:    d',
    'Labels:       a=1',
    '              b=2',
    'Annotations:  <none>',
    '',
    'Data',
    '====',
    'key:',
    '----',
    'value',
    '',
    '',
    'Events:',
    '  Type     Reason  Age   From             Message',
    '  ----     ------  ----  ----             -------',
    '  Normal   First   2m    kubelet, node-1  one line',
    '  Warning  Later   60s   me               second',
    '',
  ].join('\n'));
});
