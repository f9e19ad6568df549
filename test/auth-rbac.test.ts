// RBAC's pure parts in tables: request attributes, rule matching, subjects,
// the policy (bindings, namespaces, bootstrap roles), 403 wording, token files.
import t from 'tap';
import { requestAttributes, type RequestAttributes } from '../src/api/auth/request-attributes.js';
import { ruleAllows, subjectMatches, type PolicyRule, type Subject } from '../src/api/auth/rbac.js';
import { RbacPolicy } from '../src/api/auth/policy.js';
import { forbidden } from '../src/api/auth/forbidden.js';
import { parseTokenFile, TokenFileError } from '../src/api/auth/token-file.js';
import { isLoopbackHost, resolveAuth } from '../src/api/auth/serve-auth.js';
import { authenticated } from '../src/api/auth/user.js';
import type { KObject } from '../src/store/types.js';

const attrs = (method: string, path: string) => requestAttributes(method, new URL(`http://h${path}`));

t.test('request attributes: verbs, scope, subresources, names', async (t) => {
  const table: [string, string, Partial<RequestAttributes>][] = [
    ['GET', '/api/v1/namespaces/default/pods', { verb: 'list', apiGroup: '', resource: 'pods', namespace: 'default', name: '' }],
    ['GET', '/api/v1/namespaces/default/pods/web', { verb: 'get', name: 'web' }],
    ['HEAD', '/api/v1/namespaces/default/pods/web', { verb: 'get', name: 'web' }],
    ['GET', '/api/v1/namespaces/default/pods?watch=true', { verb: 'watch', name: '' }],
    ['GET', '/api/v1/namespaces/default/pods?watch=1&fieldSelector=metadata.name%3Dweb', { verb: 'watch', name: 'web' }],
    ['GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3D%3Dweb,spec.nodeName%3Dn', { verb: 'list', name: 'web' }],
    ['GET', '/api/v1/namespaces/default/pods?fieldSelector=metadata.name!%3Dweb', { verb: 'list', name: '' }],
    ['GET', '/api/v1/namespaces/default/pods?watch=false', { verb: 'list' }],
    ['GET', '/api/v1/watch/namespaces/default/pods', { verb: 'watch', resource: 'pods', namespace: 'default' }],
    ['GET', '/apis/apps/v1/watch/deployments', { verb: 'watch', apiGroup: 'apps', resource: 'deployments', namespace: '' }],
    ['GET', '/api/v1/pods', { verb: 'list', namespace: '' }],
    ['POST', '/api/v1/namespaces/default/pods', { verb: 'create' }],
    ['PUT', '/api/v1/namespaces/default/pods/web', { verb: 'update', name: 'web' }],
    ['PATCH', '/api/v1/namespaces/default/pods/web', { verb: 'patch' }],
    ['DELETE', '/api/v1/namespaces/default/pods/web', { verb: 'delete', name: 'web' }],
    ['DELETE', '/api/v1/namespaces/default/pods', { verb: 'deletecollection', name: '' }],
    ['PATCH', '/api/v1/namespaces/default/pods/web/status', { verb: 'patch', subresource: 'status' }],
    ['POST', '/api/v1/namespaces/default/pods/web/binding', { verb: 'create', subresource: 'binding' }],
    ['PUT', '/apis/apps/v1/namespaces/d/deployments/x/scale', { verb: 'update', apiGroup: 'apps', resource: 'deployments', subresource: 'scale', namespace: 'd' }],
    // A namespace is in itself, as kube-apiserver's RequestInfo has it.
    ['GET', '/api/v1/namespaces/team-a', { verb: 'get', resource: 'namespaces', name: 'team-a', namespace: 'team-a' }],
    ['PUT', '/api/v1/namespaces/team-a/status', { verb: 'update', resource: 'namespaces', subresource: 'status', namespace: 'team-a' }],
    ['GET', '/api/v1/namespaces', { verb: 'list', resource: 'namespaces', namespace: '' }],
    ['GET', '/apis/rbac.authorization.k8s.io/v1/namespaces/a/rolebindings', { apiGroup: 'rbac.authorization.k8s.io', resource: 'rolebindings' }],
  ];
  for (const [method, path, want] of table) t.match(attrs(method, path), { resourceRequest: true, ...want }, `${method} ${path}`);
  const nonResource: [string, string, string][] = [
    ['GET', '/api', 'get'], ['GET', '/apis/apps', 'get'], ['GET', '/api/v1', 'get'], ['GET', '/openapi/v3/apis/apps/v1', 'get'],
    ['GET', '/version', 'get'], ['HEAD', '/healthz', 'get'], ['POST', '/inspector/api/select', 'post'], ['GET', '/metrics', 'get'],
  ];
  for (const [method, path, verb] of nonResource) t.same(attrs(method, path), { resourceRequest: false, verb, path: path.split('?')[0] }, `${method} ${path}`);
});

t.test('rules: verbs, groups, resources, subresources, names, URLs', async (t) => {
  const podsGet = attrs('GET', '/api/v1/namespaces/d/pods/web');
  const podsList = attrs('GET', '/api/v1/namespaces/d/pods');
  const podStatus = attrs('PATCH', '/api/v1/namespaces/d/pods/web/status');
  const deployScale = attrs('PUT', '/apis/apps/v1/namespaces/d/deployments/x/scale');
  const api = attrs('GET', '/apis/apps/v1');
  const table: [string, PolicyRule, RequestAttributes, boolean][] = [
    ['exact', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, podsGet, true],
    ['verb missing', { verbs: ['list'], apiGroups: [''], resources: ['pods'] }, podsGet, false],
    ['verb *', { verbs: ['*'], apiGroups: [''], resources: ['pods'] }, podsGet, true],
    ['other group', { verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] }, podsGet, false],
    ['group *', { verbs: ['get'], apiGroups: ['*'], resources: ['pods'] }, podsGet, true],
    ['no apiGroups', { verbs: ['get'], resources: ['pods'] }, podsGet, false],
    ['resource *', { verbs: ['get'], apiGroups: [''], resources: ['*'] }, podsGet, true],
    ['pods does not cover pods/status', { verbs: ['patch'], apiGroups: [''], resources: ['pods'] }, podStatus, false],
    ['pods/status', { verbs: ['patch'], apiGroups: [''], resources: ['pods/status'] }, podStatus, true],
    ['*/status', { verbs: ['patch'], apiGroups: [''], resources: ['*/status'] }, podStatus, true],
    ['*/scale for deployments/scale', { verbs: ['update'], apiGroups: ['apps'], resources: ['*/scale'] }, deployScale, true],
    ['* covers subresources', { verbs: ['update'], apiGroups: ['apps'], resources: ['*'] }, deployScale, true],
    ['pods/status does not cover pods', { verbs: ['get'], apiGroups: [''], resources: ['pods/status'] }, podsGet, false],
    ['resourceNames match', { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['web'] }, podsGet, true],
    ['resourceNames other', { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['db'] }, podsGet, false],
    ['resourceNames never cover a list', { verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['web'] }, podsList, false],
    ['empty resourceNames: all', { verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: [] }, podsGet, true],
    ['resource rule never covers a URL', { verbs: ['get'], apiGroups: ['*'], resources: ['*'] }, api, false],
    ['URL prefix', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, api, true],
    ['URL exact miss', { verbs: ['get'], nonResourceURLs: ['/apis'] }, api, false],
    ['URL *', { verbs: ['get'], nonResourceURLs: ['*'] }, api, true],
    ['URL rule never covers a resource', { verbs: ['get'], nonResourceURLs: ['*'] }, podsGet, false],
  ];
  for (const [what, rule, a, want] of table) t.equal(ruleAllows(a, rule), want, what);
});

t.test('subjects: users, groups, service accounts', async (t) => {
  const alice = authenticated('alice', ['dev']);
  const sa = authenticated('system:serviceaccount:team-a:builder', []);
  const table: [Subject, typeof alice, string, boolean][] = [
    [{ kind: 'User', name: 'alice' }, alice, '', true],
    [{ kind: 'User', name: 'bob' }, alice, '', false],
    [{ kind: 'Group', name: 'dev' }, alice, '', true],
    [{ kind: 'Group', name: 'system:authenticated' }, alice, '', true],
    [{ kind: 'Group', name: 'ops' }, alice, '', false],
    [{ kind: 'ServiceAccount', name: 'builder', namespace: 'team-a' }, sa, '', true],
    [{ kind: 'ServiceAccount', name: 'builder' }, sa, 'team-a', true],
    [{ kind: 'ServiceAccount', name: 'builder' }, sa, 'team-b', false],
    [{ kind: 'ServiceAccount', name: 'builder' }, sa, '', false],
    [{ kind: 'Robot', name: 'alice' }, alice, '', false],
  ];
  for (const [s, u, ns, want] of table) t.equal(subjectMatches(s, u, ns), want, `${s.kind} ${s.name} in "${ns}"`);
});

const obj = (kind: string, name: string, namespace: string | undefined, rest: Record<string, unknown>): KObject =>
  ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, ...rest });

t.test('policy: bindings grant roles in their namespace or everywhere; bootstrap roles', async (t) => {
  const policy = new RbacPolicy({
    roles: [obj('Role', 'pod-reader', 'team-a', { rules: [{ verbs: ['get', 'list', 'watch'], apiGroups: [''], resources: ['pods'] }] })],
    clusterRoles: [obj('ClusterRole', 'node-reader', undefined, { rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['nodes'] }] })],
    roleBindings: [
      obj('RoleBinding', 'alice-reads', 'team-a', { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' }, subjects: [{ kind: 'User', name: 'alice' }] }),
      obj('RoleBinding', 'alice-views', 'team-b', { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'alice' }] }),
      obj('RoleBinding', 'dangling', 'team-c', { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'missing' }, subjects: [{ kind: 'Group', name: 'dev' }] }),
      // A RoleBinding of a ClusterRole grants nothing cluster-scoped.
      obj('RoleBinding', 'nodes-in-ns', 'team-a', { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-reader' }, subjects: [{ kind: 'User', name: 'alice' }] }),
    ],
    clusterRoleBindings: [obj('ClusterRoleBinding', 'ops-nodes', undefined, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'node-reader' }, subjects: [{ kind: 'Group', name: 'ops' }] })],
  });
  const alice = authenticated('alice', ['dev']);
  const olga = authenticated('olga', ['ops']);
  const root = authenticated('root', ['system:masters']);
  const table: [string, typeof alice, string, string, boolean][] = [
    ['alice lists pods in team-a', alice, 'GET', '/api/v1/namespaces/team-a/pods', true],
    ['alice watches pods in team-a', alice, 'GET', '/api/v1/namespaces/team-a/pods?watch=1', true],
    ['alice may not list pods in team-b... through the Role', alice, 'GET', '/api/v1/namespaces/team-x/pods', false],
    ['alice lists pods in team-b through view', alice, 'GET', '/api/v1/namespaces/team-b/pods', true],
    ['view reads no secrets', alice, 'GET', '/api/v1/namespaces/team-b/secrets', false],
    ['alice may not list pods in every namespace', alice, 'GET', '/api/v1/pods', false],
    ['alice may not delete in team-a', alice, 'DELETE', '/api/v1/namespaces/team-a/pods/x', false],
    ['alice may not list nodes (RoleBinding of a ClusterRole)', alice, 'GET', '/api/v1/nodes', false],
    ['olga lists nodes', olga, 'GET', '/api/v1/nodes', true],
    ['olga may not delete nodes', olga, 'DELETE', '/api/v1/nodes/n1', false],
    ['everyone authenticated discovers', alice, 'GET', '/apis/apps/v1', true],
    ['everyone authenticated reads openapi', olga, 'GET', '/openapi/v3/api/v1', true],
    ['nobody bound reads the inspector', alice, 'GET', '/inspector/api/summary', false],
    ['system:masters may do anything', root, 'DELETE', '/api/v1/nodes/n1', true],
    ['system:masters reads the inspector', root, 'GET', '/inspector/api/summary', true],
  ];
  for (const [what, user, method, path, want] of table) t.equal(policy.authorize(user, attrs(method, path)).allowed, want, what);
  t.same(policy.authorize(alice, attrs('GET', '/api/v1/namespaces/team-c/pods')), { allowed: false, reason: 'RBAC: role.rbac.authorization.k8s.io "missing" not found' });
  t.same(policy.authorize(alice, attrs('GET', '/api/v1/namespaces/team-d/pods')), { allowed: false, reason: '' });

  // The controllers' built-in identities.
  const scheduler = authenticated('system:kube-scheduler', []);
  t.ok(policy.authorize(scheduler, attrs('POST', '/api/v1/namespaces/d/pods/x/binding')).allowed, 'the scheduler binds pods');
  t.notOk(policy.authorize(scheduler, attrs('DELETE', '/api/v1/namespaces/d/pods/x')).allowed, 'the scheduler deletes no pods');
  const node = authenticated('system:node:n1', ['system:nodes']);
  t.ok(policy.authorize(node, attrs('PUT', '/api/v1/namespaces/d/pods/x/status')).allowed, 'a kubelet writes pod status');
  t.notOk(policy.authorize(node, attrs('PUT', '/api/v1/namespaces/d/pods/x')).allowed, 'a kubelet writes no pod spec');
  t.notOk(policy.authorize(node, attrs('POST', '/apis/apps/v1/namespaces/d/deployments')).allowed, 'a kubelet creates no deployments');
});

t.test('403 Status worded as Kubernetes words it', async (t) => {
  const table: [string, string, string, Record<string, unknown>][] = [
    ['GET', '/api/v1/namespaces/default/pods', 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"', { kind: 'pods' }],
    ['GET', '/api/v1/namespaces/default/pods/x', 'pods "x" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "default"', { name: 'x', kind: 'pods' }],
    ['GET', '/api/v1/nodes', 'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope', { kind: 'nodes' }],
    ['POST', '/api/v1/namespaces/default/pods/x/binding', 'pods "x" is forbidden: User "alice" cannot create resource "pods/binding" in API group "" in the namespace "default"', { name: 'x', kind: 'pods' }],
    ['GET', '/apis/apps/v1/namespaces/d/deployments?watch=1', 'deployments.apps is forbidden: User "alice" cannot watch resource "deployments" in API group "apps" in the namespace "d"', { group: 'apps', kind: 'deployments' }],
    ['DELETE', '/api/v1/namespaces/default/configmaps', 'configmaps is forbidden: User "alice" cannot deletecollection resource "configmaps" in API group "" in the namespace "default"', { kind: 'configmaps' }],
    ['GET', '/inspector/api/summary', 'forbidden: User "alice" cannot get path "/inspector/api/summary"', {}],
  ];
  for (const [method, path, message, details] of table) {
    const s = forbidden('alice', attrs(method, path)).toStatus();
    t.same(s, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', code: 403, ...(Object.keys(details).length ? { details } : {}) }, `${method} ${path}`);
  }
  t.equal(forbidden('alice', attrs('GET', '/api/v1/namespaces/c/pods'), 'RBAC: role.rbac.authorization.k8s.io "missing" not found').message,
    'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "c": RBAC: role.rbac.authorization.k8s.io "missing" not found');
});

t.test('token file: malformed lines are one-line errors naming the line', async (t) => {
  const table: [string, string][] = [
    ['t1,alice\n', 'tokens.csv, line 1: needs at least 3 columns (token, user name, user uid), found 2'],
    ['t1,alice,u1\nt1,bob,u2\n', 'tokens.csv, line 2: the same token as line 1'],
    ['t1,alice,u1\n\n,bob,u2\n', 'tokens.csv, line 3: the token is empty'],
    ['t1,,u1\n', 'tokens.csv, line 1: the user name is empty'],
    ['t1,alice,u1,"dev\n', 'tokens.csv, line 1: a quoted field is not closed (quoted fields cannot span lines)'],
    ['t1,alice,u1,dev,ops\n', 'tokens.csv, line 1: 5 columns; several groups go in one quoted field, as in "group1,group2"'],
    ['t1,al"ice,u1\n', 'tokens.csv, line 1: a bare " in an unquoted field'],
    ['t1,"alice"x,u1\n', 'tokens.csv, line 1: unexpected "x" after a quoted field'],
  ];
  for (const [text, message] of table) t.throws(() => parseTokenFile(text, 'tokens.csv'), new TokenFileError(message), message);
});

t.test('token file: fields', async (t) => {
  t.same(parseTokenFile('t1,alice,u1\n\nt2,bob,u2,"dev,ops"\nt3,carol,,system:masters\r\n"t""4",dave,u4,\n'), [
    { token: 't1', user: 'alice', uid: 'u1', groups: [] },
    { token: 't2', user: 'bob', uid: 'u2', groups: ['dev', 'ops'] },
    { token: 't3', user: 'carol', uid: '', groups: ['system:masters'] },
    { token: 't"4', user: 'dave', uid: 'u4', groups: [] },
  ]);
});

t.test('serving without tokens: only on loopback, unless allowed explicitly', async (t) => {
  for (const h of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) t.ok(isLoopbackHost(h), h);
  for (const h of ['0.0.0.0', '::', '10.0.0.5', 'example.com', '']) t.notOk(isLoopbackHost(h), h);
  t.equal(await resolveAuth('127.0.0.1', {}), null);
  await t.rejects(resolveAuth('0.0.0.0', {}), /refusing to serve on 0\.0\.0\.0 without authentication.*--token-file FILE.*--insecure-allow-anonymous/);
  t.equal(await resolveAuth('0.0.0.0', { insecureAllowAnonymous: true }), null);
  t.same(await resolveAuth('0.0.0.0', { tokens: [{ token: 'a', user: 'u', uid: '', groups: [] }] }), [{ token: 'a', user: 'u', uid: '', groups: [] }]);
  await t.rejects(resolveAuth('127.0.0.1', { tokenFile: '/nonexistent/tokens.csv' }), /cannot read the token file \/nonexistent\/tokens\.csv/);
});

t.test('escalation: which parts of a rule set another does not cover', async (t) => {
  const { uncoveredRules, ruleText } = await import('../src/api/auth/escalation.js');
  const owner = [
    { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods', 'pods/log'] },
    { verbs: ['*'], apiGroups: ['apps'], resources: ['deployments'] },
    { verbs: ['update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] },
    { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] },
  ];
  const rows: [string, object[], string[]][] = [
    ['the same rules', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], []],
    ['a subresource held', [{ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }], []],
    ['a subresource not held', [{ verbs: ['get'], apiGroups: [''], resources: ['pods/exec'] }], ['{APIGroups:[""], Resources:["pods/exec"], Verbs:["get"]}']],
    ['a verb not held', [{ verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods'] }], ['{APIGroups:[""], Resources:["pods"], Verbs:["delete"]}']],
    ['the owner\'s wildcard verb covers any', [{ verbs: ['delete', 'patch'], apiGroups: ['apps'], resources: ['deployments'] }], []],
    ['a wildcard needs a wildcard', [{ verbs: ['get'], apiGroups: [''], resources: ['*'] }], ['{APIGroups:[""], Resources:["*"], Verbs:["get"]}']],
    ['a named resource covered by its name', [{ verbs: ['update'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config'] }], []],
    ['all names are not covered by one', [{ verbs: ['update'], apiGroups: [''], resources: ['configmaps'] }], ['{APIGroups:[""], Resources:["configmaps"], Verbs:["update"]}']],
    ['paths, prefix included', [{ verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/apps'] }], []],
    ['a path not held', [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }], ['{NonResourceURLs:["/metrics"], Verbs:["get"]}']],
    ['a rule granting nothing', [{ verbs: ['get'] }], []],
  ];
  for (const [name, servant, missing] of rows) t.same(uncoveredRules(owner, servant as never).map(ruleText), missing, name);
});
