// Authentication and RBAC over HTTP: for every verb, no token → 401, a token
// without the right → 403 worded as Kubernetes words it, the right token →
// success; a namespaced Role confines its user to its namespace, watch included;
// the self reviews (can-i, can-i --list, whoami) answer by the same policy.
import t, { type Test } from 'tap';
import { eventReader, startServer, type TestServer } from './helpers/api.js';

const TOKENS = [
  { token: 'admin-token', user: 'admin', uid: '1', groups: ['system:masters'] },
  { token: 'alice-token', user: 'alice', uid: '2', groups: [] },
  { token: 'dev-token', user: 'dev', uid: '3', groups: ['developers'] },
  { token: 'bot-token', user: 'system:serviceaccount:team-a:bot', uid: '4', groups: [] },
];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const UNAUTHORIZED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };
const cm = (name: string, namespace: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { a: '1' } });

async function setup(t: Test): Promise<TestServer> {
  const s = await startServer(t, { tokens: TOKENS });
  const admin = bearer('admin-token');
  for (const ns of ['team-a', 'team-b']) {
    t.equal((await s.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, admin)).status, 201);
  }
  // dev (through its group) may do everything to configmaps, in team-a only.
  t.equal((await s.request('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/roles', {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'configmap-editor', namespace: 'team-a' },
    rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] }],
  }, admin)).status, 201);
  const rb = await s.request('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'developers', namespace: 'team-a' },
    roleRef: { kind: 'Role', name: 'configmap-editor' }, subjects: [{ kind: 'Group', name: 'developers' }],
  }, admin);
  t.equal(rb.status, 201);
  t.same(rb.body.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'configmap-editor' }, 'roleRef.apiGroup defaulted');
  t.same(rb.body.subjects, [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'developers' }], 'subject apiGroup defaulted');
  for (const ns of ['team-a', 'team-b']) for (const n of ['one', 'two']) t.equal((await s.request('POST', `/api/v1/namespaces/${ns}/configmaps`, cm(n, ns), admin)).status, 201);
  return s;
}

/** Each verb as a request on configmaps in `ns`. */
function verbs(ns: string): [verb: string, method: string, path: string, body: unknown, headers: Record<string, string>, name: string][] {
  const base = `/api/v1/namespaces/${ns}/configmaps`;
  return [
    ['get', 'GET', `${base}/one`, undefined, {}, 'one'],
    ['list', 'GET', base, undefined, {}, ''],
    ['watch', 'GET', `${base}?watch=1&timeoutSeconds=1`, undefined, {}, ''],
    ['create', 'POST', base, cm('three', ns), {}, ''],
    ['update', 'PUT', `${base}/one`, cm('one', ns), {}, 'one'],
    ['patch', 'PATCH', `${base}/one`, { data: { b: '2' } }, { 'content-type': 'application/merge-patch+json' }, 'one'],
    ['delete', 'DELETE', `${base}/two`, undefined, {}, 'two'],
    ['deletecollection', 'DELETE', base, undefined, {}, ''],
  ];
}

t.test('every verb: no token 401, a token without the right 403, the right token succeeds', async (t) => {
  const s = await setup(t);
  for (const [verb, method, path, body, headers, name] of verbs('team-a')) {
    const none = await s.request(method, path, body, headers);
    t.equal(none.status, 401, `${verb}: no token`);
    t.same(none.body, UNAUTHORIZED, `${verb}: the 401 Status`);
    t.equal((await s.request(method, path, body, { ...headers, authorization: 'Bearer nope' })).status, 401, `${verb}: unknown token`);
    t.equal((await s.request(method, path, body, { ...headers, authorization: 'Basic YTpi' })).status, 401, `${verb}: not a bearer token`);

    const denied = await s.request(method, path, body, { ...headers, ...bearer('alice-token') });
    t.equal(denied.status, 403, `${verb}: alice has no right`);
    const what = name ? `configmaps "${name}" is forbidden` : 'configmaps is forbidden';
    t.same(denied.body, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: `${what}: User "alice" cannot ${verb} resource "configmaps" in API group "" in the namespace "team-a"`,
      reason: 'Forbidden', details: { ...(name ? { name } : {}), kind: 'configmaps' }, code: 403,
    }, `${verb}: the 403 Status`);

    const ok = await s.request(method, path, body, { ...headers, ...bearer('dev-token') });
    t.ok(ok.status >= 200 && ok.status < 300, `${verb}: dev may (${ok.status} ${ok.status >= 300 ? ok.text : ''})`);
  }
  // The writes really happened: deletecollection left team-a empty, team-b untouched.
  const admin = bearer('admin-token');
  t.same((await s.request('GET', '/api/v1/namespaces/team-a/configmaps', undefined, admin)).body.items, []);
  t.equal((await s.request('GET', '/api/v1/namespaces/team-b/configmaps', undefined, admin)).body.items.length, 2);
});

t.test('a namespaced Role confines its user to its namespace, watch included', async (t) => {
  const s = await setup(t);
  const dev = bearer('dev-token');
  for (const [verb, method, path, body, headers, name] of verbs('team-b')) {
    const r = await s.request(method, path, body, { ...headers, ...dev });
    t.equal(r.status, 403, `${verb} in team-b`);
    t.equal(r.body.message, `${name ? `configmaps "${name}"` : 'configmaps'} is forbidden: User "dev" cannot ${verb} resource "configmaps" in API group "" in the namespace "team-b"`);
  }
  const all = await s.request('GET', '/api/v1/configmaps?watch=1', undefined, dev);
  t.equal(all.status, 403);
  t.equal(all.body.message, 'configmaps is forbidden: User "dev" cannot watch resource "configmaps" in API group "" at the cluster scope');
  t.equal((await s.request('GET', '/api/v1/namespaces/team-a/secrets', undefined, dev)).status, 403, 'only configmaps');

  // A watch in team-a streams team-a's changes.
  const ac = new AbortController();
  const res = await fetch(`${s.url}/api/v1/namespaces/team-a/configmaps?watch=1&resourceVersion=0`, { headers: dev, signal: ac.signal });
  t.equal(res.status, 200);
  const events = eventReader(res);
  const seen: string[] = [];
  while (seen.length < 2) {
    const e = await events.next();
    if (!e) break;
    seen.push(`${e.type} ${e.object.metadata.namespace}/${e.object.metadata.name}`);
  }
  ac.abort();
  await events.cancel();
  t.same(seen.sort(), ['ADDED team-a/one', 'ADDED team-a/two']);
});

t.test('subresources, resourceNames, service accounts, dangling bindings', async (t) => {
  const s = await startServer(t, { tokens: TOKENS });
  const admin = bearer('admin-token');
  const alice = bearer('alice-token');
  const create = async (path: string, body: unknown) => t.equal((await s.request('POST', path, body, admin)).status, 201, path);
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  await create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } });
  await create('/api/v1/namespaces/default/configmaps', cm('mine', 'default'));
  await create('/api/v1/namespaces/default/configmaps', cm('theirs', 'default'));
  await create('/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
  await create(`${rbac}/clusterroles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'pod-status-and-one-configmap' }, rules: [
    { apiGroups: [''], resources: ['pods/status'], verbs: ['get', 'patch'] },
    { apiGroups: [''], resources: ['configmaps'], resourceNames: ['mine'], verbs: ['get', 'watch', 'list'] },
  ] });
  await create(`${rbac}/clusterrolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'alice' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pod-status-and-one-configmap' }, subjects: [{ kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' }] });

  const patchStatus = await s.request('PATCH', '/api/v1/namespaces/default/pods/web/status', { status: { phase: 'Running' } }, { ...alice, 'content-type': 'application/merge-patch+json' });
  t.equal(patchStatus.status, 200, 'pods/status may be patched');
  const patchPod = await s.request('PATCH', '/api/v1/namespaces/default/pods/web', { metadata: { labels: { a: 'b' } } }, { ...alice, 'content-type': 'application/merge-patch+json' });
  t.equal(patchPod.body.message, 'pods "web" is forbidden: User "alice" cannot patch resource "pods" in API group "" in the namespace "default"', 'but not the pod');
  const bind = await s.request('POST', '/api/v1/namespaces/default/pods/web/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web' }, target: { kind: 'Node', name: 'node-1' } }, alice);
  t.equal(bind.body.message, 'pods "web" is forbidden: User "alice" cannot create resource "pods/binding" in API group "" in the namespace "default"');

  t.equal((await s.request('GET', '/api/v1/namespaces/default/configmaps/mine', undefined, alice)).status, 200, 'the named configmap');
  t.equal((await s.request('GET', '/api/v1/namespaces/default/configmaps/theirs', undefined, alice)).status, 403, 'not another');
  t.equal((await s.request('GET', '/api/v1/namespaces/default/configmaps', undefined, alice)).status, 403, 'no list of all');
  const one = await s.request('GET', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dmine', undefined, alice);
  t.equal(one.status, 200, 'a list of that one name');
  t.same(one.body.items.map((i: any) => i.metadata.name), ['mine']);
  t.equal((await s.request('GET', '/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=1&fieldSelector=metadata.name%3Dmine', undefined, alice)).status, 200, 'a watch of that one name');

  // A ServiceAccount subject names the user system:serviceaccount:<ns>:<name>.
  const bot = bearer('bot-token');
  t.equal((await s.request('GET', '/api/v1/namespaces/team-a/pods', undefined, bot)).status, 403);
  await create(`${rbac}/namespaces/team-a/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'bot-view', namespace: 'team-a' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }] });
  t.equal((await s.request('GET', '/api/v1/namespaces/team-a/pods', undefined, bot)).status, 200, 'the built-in view role, bound in team-a');
  t.equal((await s.request('GET', '/api/v1/namespaces/team-a/secrets', undefined, bot)).status, 403, 'view reads no secrets');

  // Removing the binding takes the right away at once.
  t.equal((await s.request('DELETE', `${rbac}/namespaces/team-a/rolebindings/bot-view`, undefined, admin)).status, 200);
  t.equal((await s.request('GET', '/api/v1/namespaces/team-a/pods', undefined, bot)).status, 403, 'binding deleted');

  await create(`${rbac}/namespaces/team-a/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'dangling', namespace: 'team-a' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'missing' }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }] });
  t.equal((await s.request('GET', '/api/v1/namespaces/team-a/pods', undefined, bot)).body.message,
    'pods is forbidden: User "system:serviceaccount:team-a:bot" cannot list resource "pods" in API group "" in the namespace "team-a": RBAC: role.rbac.authorization.k8s.io "missing" not found');
});

t.test('discovery for every authenticated user; probes open; the inspector needs a token and a right', async (t) => {
  const s = await startServer(t, { tokens: TOKENS });
  const alice = bearer('alice-token');
  for (const p of ['/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/apis/rbac.authorization.k8s.io/v1', '/openapi/v3', '/openapi/v3/api/v1', '/version']) {
    t.equal((await s.request('GET', p)).status, 401, `${p} without a token`);
    t.equal((await s.request('GET', p, undefined, alice)).status, 200, `${p} for alice`);
  }
  for (const p of ['/healthz', '/livez', '/readyz']) t.equal((await s.request('GET', p)).status, 200, `${p} is open`);

  t.equal((await s.request('GET', '/inspector/')).status, 200, 'the page shell is open (no data in it)');
  t.equal((await s.request('GET', '/inspector/app.js')).status, 200);
  t.equal((await s.request('GET', '/inspector/api/summary')).status, 401);
  const denied = await s.request('GET', '/inspector/api/summary', undefined, alice);
  t.equal(denied.status, 403);
  t.equal(denied.body.message, 'forbidden: User "alice" cannot get path "/inspector/api/summary"');
  t.equal((await s.request('GET', '/inspector/api/summary', undefined, bearer('admin-token'))).status, 200);
  t.equal((await s.request('GET', '/inspector/api/summary?access_token=admin-token')).status, 200, 'access_token, for the EventSource');
  t.equal((await s.request('GET', '/api/v1/namespaces?access_token=admin-token')).status, 401, 'access_token only under /inspector/');
  t.equal((await s.request('GET', '/metrics')).status, 401, '/metrics needs a token too');

  // The inspector's own role, bound by an admin.
  t.equal((await s.request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'alice-inspects' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cybernetes:inspector' }, subjects: [{ kind: 'User', name: 'alice' }],
  }, bearer('admin-token'))).status, 201);
  t.equal((await s.request('GET', '/inspector/api/summary', undefined, alice)).status, 200);
});

t.test('RBAC objects are validated as Kubernetes validates them', async (t) => {
  const s = await startServer(t, { tokens: TOKENS });
  const admin = bearer('admin-token');
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  const bad = await s.request('POST', `${rbac}/namespaces/default/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r' },
    rules: [{ verbs: [], resources: ['pods'] }, { verbs: ['get'], nonResourceURLs: ['/x'] }] }, admin);
  t.equal(bad.status, 422);
  t.equal(bad.body.message, 'Role.rbac.authorization.k8s.io "r" is invalid: [rules[0].verbs: Required value: verbs must contain at least one value, rules[0].apiGroups: Required value: resource rules must supply at least one api group, rules[1].nonResourceURLs: Invalid value: ["/x"]: namespaced rules cannot apply to non-resource URLs]');
  const crb = await s.request('POST', `${rbac}/clusterrolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' },
    roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }, { kind: 'Robot', name: 'x' }] }, admin);
  t.equal(crb.status, 422);
  t.equal(crb.body.message, 'ClusterRoleBinding.rbac.authorization.k8s.io "b" is invalid: [roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole", subjects[0].namespace: Required value, subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"]');
  const ok = await s.request('POST', `${rbac}/clusterrolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'system:b' },
    roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'u' }] }, admin);
  t.equal(ok.status, 201, 'names with colons, as system: roles have');
  const changed = await s.request('PATCH', `${rbac}/clusterrolebindings/system:b`, { roleRef: { name: 'edit' } }, { ...admin, 'content-type': 'application/merge-patch+json' });
  t.equal(changed.status, 422);
  t.match(changed.body.message, /roleRef: Invalid value: .*: cannot change roleRef/);
});

t.test('escalation: a user may grant through Roles and bindings only what they hold, unless they may escalate or bind', async (t) => {
  const s = await setup(t);
  const admin = bearer('admin-token');
  const alice = bearer('alice-token');
  const rbac = '/apis/rbac.authorization.k8s.io/v1';
  const ok = async (method: string, path: string, body: unknown, headers = admin) => {
    const r = await s.request(method, path, body, headers);
    t.ok(r.status < 300, `${method} ${path} as ${headers === admin ? 'admin' : 'alice'}: ${r.status} ${r.body?.message ?? ''}`);
    return r;
  };
  // alice may manage Roles and RoleBindings in team-a, and edit configmaps there; nothing else.
  await ok('POST', `${rbac}/namespaces/team-a/roles`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'rbac-manager', namespace: 'team-a' },
    rules: [
      { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: ['get', 'list', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'update'] },
    ] });
  await ok('POST', `${rbac}/namespaces/team-a/rolebindings`, { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'alice-rbac', namespace: 'team-a' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'rbac-manager' }, subjects: [{ kind: 'User', name: 'alice' }] });

  const role = (name: string, rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name, namespace: 'team-a' }, rules });
  const binding = (name: string, roleRef: { kind: string; name: string }) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name, namespace: 'team-a' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects: [{ kind: 'User', name: 'bob' }] });

  // Within what she holds: allowed.
  await ok('POST', `${rbac}/namespaces/team-a/roles`, role('cm-reader', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] }]), alice);
  await ok('POST', `${rbac}/namespaces/team-a/rolebindings`, binding('bob-reads', { kind: 'Role', name: 'cm-reader' }), alice);

  // More than she holds: refused, naming what she lacks; nothing stored.
  const wider = await s.request('POST', `${rbac}/namespaces/team-a/roles`, role('cm-deleter', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'delete'] }]), alice);
  t.equal(wider.status, 403);
  t.equal(wider.body.reason, 'Forbidden');
  t.equal(wider.body.message, 'roles.rbac.authorization.k8s.io "cm-deleter" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["configmaps"], Verbs:["delete"]}');
  t.equal((await s.request('GET', `${rbac}/namespaces/team-a/roles/cm-deleter`, undefined, admin)).status, 404, 'the role was not stored');
  const star = await s.request('POST', `${rbac}/namespaces/team-a/roles`, role('everything', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]), alice);
  t.equal(star.status, 403, 'a wildcard is covered only by a wildcard');

  // Binding cluster-admin (or any role with more than she holds): refused.
  const bindAdmin = await s.request('POST', `${rbac}/namespaces/team-a/rolebindings`, binding('bob-admin', { kind: 'ClusterRole', name: 'cluster-admin' }), alice);
  t.equal(bindAdmin.status, 403);
  t.match(bindAdmin.body.message, /^rolebindings\.rbac\.authorization\.k8s\.io "bob-admin" is forbidden: user "alice" \(groups=\["system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n\{APIGroups:\["\*"\], Resources:\["\*"\], Verbs:\["\*"\]\}/);
  t.equal((await s.request('GET', `${rbac}/namespaces/team-a/rolebindings/bob-admin`, undefined, admin)).status, 404, 'the binding was not stored');
  const missing = await s.request('POST', `${rbac}/namespaces/team-a/rolebindings`, binding('bob-ghost', { kind: 'Role', name: 'ghost' }), alice);
  t.equal(missing.status, 403, 'a role that does not exist cannot be checked: refused');

  // An update that widens a role is refused too, by PUT and by patch; dry runs are checked the same way.
  const current = (await s.request('GET', `${rbac}/namespaces/team-a/roles/cm-reader`, undefined, admin)).body;
  const widened = { ...current, rules: [{ apiGroups: [''], resources: ['configmaps', 'secrets'], verbs: ['get', 'list'] }] };
  t.equal((await s.request('PUT', `${rbac}/namespaces/team-a/roles/cm-reader`, widened, alice)).status, 403, 'PUT widening the role');
  t.equal((await s.request('PATCH', `${rbac}/namespaces/team-a/roles/cm-reader`, { rules: widened.rules }, { ...alice, 'content-type': 'application/merge-patch+json' })).status, 403, 'merge patch widening the role');
  t.equal((await s.request('POST', `${rbac}/namespaces/team-a/roles?dryRun=All`, role('dry', [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }]), alice)).status, 403, 'a dry run is refused the same way');

  // The escalate and bind verbs lift the check, as on Kubernetes.
  await ok('POST', `${rbac}/namespaces/team-a/roles`, role('escalator', [
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'], resourceNames: ['view'] },
  ]));
  await ok('POST', `${rbac}/namespaces/team-a/rolebindings`, binding('alice-escalates', { kind: 'Role', name: 'escalator' }));
  const rb = (await s.request('GET', `${rbac}/namespaces/team-a/rolebindings/alice-escalates`, undefined, admin)).body;
  await ok('PUT', `${rbac}/namespaces/team-a/rolebindings/alice-escalates`, { ...rb, subjects: [{ kind: 'User', name: 'alice' }] });
  await ok('POST', `${rbac}/namespaces/team-a/roles`, role('cm-deleter', [{ apiGroups: [''], resources: ['configmaps'], verbs: ['delete'] }]), alice);
  await ok('POST', `${rbac}/namespaces/team-a/rolebindings`, binding('bob-views', { kind: 'ClusterRole', name: 'view' }), alice);
  t.equal((await s.request('POST', `${rbac}/namespaces/team-a/rolebindings`, binding('bob-edits', { kind: 'ClusterRole', name: 'edit' }), alice)).status, 403, 'bind is for the role it names');
});

t.test('escalation: an update that changes only finalizers or ownerReferences is not checked, as on Kubernetes', async (t) => {
  const s = await startServer(t, { tokens: TOKENS });
  const admin = bearer('admin-token');
  const alice = bearer('alice-token');
  const crbs = '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings';
  const merge = { 'content-type': 'application/merge-patch+json' };
  // alice may read and update ClusterRoleBindings: neither bind nor escalate, and none of cluster-admin's rules.
  t.equal((await s.request('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'binding-editor' },
    rules: [{ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings'], verbs: ['get', 'update', 'patch'] }],
  }, admin)).status, 201);
  t.equal((await s.request('POST', crbs, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'alice-edits-bindings' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'binding-editor' }, subjects: [{ kind: 'User', name: 'alice' }],
  }, admin)).status, 201);
  const created = await s.request('POST', crbs, {
    apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'ops-admin', finalizers: ['example.com/keep'] },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'User', name: 'ops' }],
  }, admin);
  t.equal(created.status, 201);
  const path = `${crbs}/ops-admin`;

  const removed = await s.request('PATCH', path, { metadata: { finalizers: null } }, { ...alice, ...merge });
  t.equal(removed.status, 200, `a merge patch removing the finalizer: ${removed.body?.message ?? ''}`);
  t.equal(removed.body.metadata.finalizers, undefined, 'the finalizer is gone');

  const current = (await s.request('GET', path, undefined, alice)).body;
  const owner = { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'c0ffee00-0000-4000-8000-000000000001' };
  const added = await s.request('PUT', path, { ...current, metadata: { ...current.metadata, finalizers: ['example.com/again'], ownerReferences: [owner] } }, alice);
  t.equal(added.status, 200, `a PUT adding a finalizer and an owner: ${added.body?.message ?? ''}`);
  t.same([added.body.metadata.finalizers, added.body.metadata.ownerReferences], [['example.com/again'], [owner]]);

  // Anything else still needs alice to hold cluster-admin's rules (or bind on it).
  const subjects = await s.request('PATCH', path, { subjects: [{ kind: 'User', name: 'alice' }] }, { ...alice, ...merge });
  t.equal(subjects.status, 403, 'a patch of the subjects');
  t.match(subjects.body.message, /^clusterrolebindings\.rbac\.authorization\.k8s\.io "ops-admin" is forbidden: user "alice" .* is attempting to grant RBAC permissions not currently held/);
  const both = await s.request('PUT', path, { ...added.body, metadata: { ...added.body.metadata, finalizers: [] }, subjects: [{ kind: 'User', name: 'alice' }] }, alice);
  t.equal(both.status, 403, 'a PUT of the subjects along with the finalizers');
  const labelled = await s.request('PATCH', path, { metadata: { labels: { team: 'ops' }, finalizers: null } }, { ...alice, ...merge });
  t.equal(labelled.status, 403, 'a patch of a label along with the finalizers');
  // roleRef cannot change at all: validation refuses it before the escalation check.
  const roleRef = await s.request('PATCH', path, { roleRef: { name: 'view' } }, { ...alice, ...merge });
  t.equal(roleRef.status, 422, 'a patch of the roleRef');
  t.match(roleRef.body.message, /roleRef: Invalid value: .*: cannot change roleRef/);
  const stored = (await s.request('GET', path, undefined, admin)).body;
  t.same([stored.subjects, stored.roleRef.name, stored.metadata.labels, stored.metadata.finalizers], [[{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'ops' }], 'cluster-admin', undefined, ['example.com/again']], 'none of those was stored');
  t.equal((await s.request('PATCH', path, { metadata: { finalizers: null } }, { ...admin, ...merge })).status, 200);
});

const REVIEW = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
const WHOAMI = '/apis/authentication.k8s.io/v1/selfsubjectreviews';
const RULES = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';
const review = (spec: object) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec });

t.test('self reviews: what a user may do and who it is, by the policy that guards its requests', async (t) => {
  const s = await setup(t);
  const ask = async (token: string, spec: object) => s.request('POST', REVIEW, review(spec), bearer(token));
  const inTeamA = await ask('dev-token', { resourceAttributes: { namespace: 'team-a', verb: 'delete', resource: 'configmaps', name: 'x' } });
  t.same([inTeamA.status, inTeamA.body.kind, inTeamA.body.status], [201, 'SelfSubjectAccessReview', { allowed: true }], 'allowed through the group\'s Role');
  t.same(inTeamA.body.spec.resourceAttributes, { namespace: 'team-a', verb: 'delete', resource: 'configmaps', name: 'x' }, 'the question comes back');
  t.same((await ask('dev-token', { resourceAttributes: { namespace: 'team-b', verb: 'delete', resource: 'configmaps' } })).body.status, { allowed: false }, 'not elsewhere');
  t.same((await ask('alice-token', { nonResourceAttributes: { path: '/apis', verb: 'get' } })).body.status, { allowed: true }, 'discovery');
  // Asking needs no right of its own beyond being authenticated (system:basic-user).
  const who = await s.request('POST', WHOAMI, { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' }, bearer('dev-token'));
  t.same([who.status, who.body.status.userInfo], [201, { username: 'dev', uid: '3', groups: ['developers', 'system:authenticated'] }]);
  t.equal((await s.request('POST', REVIEW, review({ resourceAttributes: { verb: 'get', resource: 'pods' } }))).status, 401, 'no token: 401');

  const neither = await ask('alice-token', {});
  t.same([neither.status, neither.body.reason, neither.body.message], [422, 'Invalid',
    'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified']);
  t.equal((await ask('alice-token', { resourceAttributes: { verb: 'get' }, nonResourceAttributes: { path: '/', verb: 'get' } })).status, 422, 'both: 422');
  t.equal((await s.request('POST', REVIEW, { apiVersion: 'v1', kind: 'Pod' }, bearer('alice-token'))).status, 400, 'another kind: 400');
  t.equal((await s.request('GET', REVIEW, undefined, bearer('admin-token'))).status, 405, 'created only');

  const rules = await s.request('POST', RULES, { spec: { namespace: 'team-a' } }, bearer('dev-token'));
  t.equal(rules.status, 201);
  t.same(rules.body.status.resourceRules.find((r: { resources: string[] }) => r.resources.includes('configmaps')),
    { verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'], apiGroups: [''], resources: ['configmaps'] }, 'the group\'s Role in team-a');
  const elsewhere = await s.request('POST', RULES, { spec: { namespace: 'team-b' } }, bearer('dev-token'));
  t.notOk(elsewhere.body.status.resourceRules.some((r: { resources: string[] }) => r.resources.includes('configmaps')), 'not in team-b');
});

t.test('self reviews on a server that authenticates no one: the anonymous user, allowed everything', async (t) => {
  const s = await startServer(t);
  const r = await s.request('POST', REVIEW, review({ resourceAttributes: { namespace: 'default', verb: 'delete', resource: 'pods' } }));
  t.same([r.status, r.body.status], [201, { allowed: true }]);
  const who = await s.request('POST', WHOAMI, {});
  t.same([who.status, who.body.status.userInfo], [201, { username: 'system:anonymous', groups: ['system:unauthenticated'] }]);
  const rules = await s.request('POST', RULES, { spec: { namespace: 'default' } });
  t.same([rules.status, rules.body.status], [201, {
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }], incomplete: false,
  }], 'the rules of a server that allows everything, as Kubernetes\' AlwaysAllow gives them');
});
