// kubectl 1.32 with --token against a server with a token file: 401 and 403
// as kubectl prints them, RBAC objects applied and created by kubectl
// (`create role|rolebinding` send protobuf), and their tables. Over HTTPS:
// kubectl sends a token only over TLS.
import t from 'tap';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { loadTokenFile } from '../src/api/auth/token-file.js';
import { startServer } from './helpers/api.js';
import { hasKubectl, kubectl } from './helpers/kubectl.js';

t.test('kubectl with tokens', { skip: !(await hasKubectl()) && 'kubectl not installed' }, async (t) => {
  const dir = t.testdir({});
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(tokenFile, 'admin-token,admin,1,system:masters\nalice-token,alice,2\n');
  const [cert, key] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
  await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  const s = await startServer(t, { tokens: await loadTokenFile(tokenFile), tlsCertFile: cert, tlsPrivateKeyFile: key });
  t.match(s.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  const as = (token: string | null, args: string[], input?: string) => kubectl(s, [...(token ? ['--token', token] : []), ...args], input);

  const none = await as(null, ['get', 'pods']);
  t.equal(none.code, 1, 'no token: kubectl asks for a user name on the 401, and stdin is empty');
  t.match(none.stdout + none.stderr, 'Please enter Username');
  const wrong = await as('wrong-token', ['get', 'pods']);
  t.equal(wrong.code, 1);
  // kubectl words the 401 by which request met it first (discovery, or the list).
  t.match(wrong.stderr, /error: You must be logged in to the server \((Unauthorized|the server has asked for the client to provide credentials)\)/);

  const denied = await as('alice-token', ['get', 'pods']);
  t.equal(denied.code, 1);
  t.match(denied.stderr, 'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"');

  const applied = await as('admin-token', ['apply', '-f', '-'], `
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-reader, namespace: default }
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: alice-reads-pods, namespace: default }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader }
subjects:
- { kind: User, name: alice, apiGroup: rbac.authorization.k8s.io }
`);
  t.equal(applied.code, 0, applied.stderr);
  t.match(applied.stdout, 'role.rbac.authorization.k8s.io/pod-reader created');
  t.match(applied.stdout, 'rolebinding.rbac.authorization.k8s.io/alice-reads-pods created');

  const allowed = await as('alice-token', ['get', 'pods']);
  t.equal(allowed.code, 0, allowed.stderr);
  t.match(allowed.stderr, 'No resources found in default namespace.');
  const elsewhere = await as('alice-token', ['get', 'pods', '-n', 'kube-system']);
  t.match(elsewhere.stderr, 'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "kube-system"');
  const cms = await as('alice-token', ['get', 'configmaps']);
  t.match(cms.stderr, 'configmaps is forbidden: User "alice" cannot list resource "configmaps"');

  // kubectl's generators send protobuf bodies.
  const role = await as('admin-token', ['create', 'role', 'cm-writer', '--verb=update,get', '--resource=configmaps', '--resource-name=settings']);
  t.equal(role.code, 0, role.stderr);
  const binding = await as('admin-token', ['create', 'rolebinding', 'alice-writes', '--role=cm-writer', '--user=alice', '--group=devs', '--serviceaccount=default:bot']);
  t.equal(binding.code, 0, binding.stderr);
  const got = JSON.parse((await as('admin-token', ['get', 'role', 'cm-writer', '-o', 'json'])).stdout);
  t.same(got.rules, [{ verbs: ['update', 'get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['settings'] }]);
  const wide = await as('admin-token', ['get', 'rolebindings', '-o', 'wide']);
  t.match(wide.stdout, /NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS/);
  t.match(wide.stdout, /alice-writes\s+Role\/cm-writer\s+\S+\s+alice\s+devs\s+default\/bot/);
  t.match((await as('admin-token', ['get', 'roles'])).stdout, /NAME\s+CREATED AT\n(.*\n)*pod-reader\s+\d{4}-\d\d-\d\dT/);

  for (const name of ['settings', 'other']) t.equal((await as('admin-token', ['create', 'configmap', name, '--from-literal=a=1'])).code, 0);
  const settings = await as('alice-token', ['get', 'configmap', 'settings']);
  t.equal(settings.code, 0, settings.stderr);
  t.match(settings.stdout, /settings\s+1\s/);
  const other = await as('alice-token', ['get', 'configmap', 'other']);
  t.match(other.stderr, 'Error from server (Forbidden): configmaps "other" is forbidden: User "alice" cannot get resource "configmaps" in API group "" in the namespace "default"');
  const create = await as('alice-token', ['create', 'configmap', 'settings2', '--from-literal=a=1']);
  t.match(create.stderr, 'configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "default"');

  // auth can-i (SelfSubjectAccessReview, a protobuf body), can-i --list and auth whoami (SelfSubjectReview), by the same policy.
  const canI = async (token: string, args: string[]) => { const r = await as(token, ['auth', 'can-i', ...args]); return [r.code, r.stdout.trim()]; };
  t.same(await canI('alice-token', ['list', 'pods']), [0, 'yes'], 'alice may list pods in default');
  t.same(await canI('alice-token', ['list', 'pods', '-n', 'kube-system']), [1, 'no'], 'not in kube-system');
  t.same(await canI('alice-token', ['update', 'configmap/settings']), [0, 'yes'], 'a resource name her role names');
  t.same(await canI('alice-token', ['update', 'configmap/other']), [1, 'no'], 'and not another');
  t.same(await canI('alice-token', ['get', '/version']), [0, 'yes'], 'a non-resource URL discovery allows');
  t.same(await canI('alice-token', ['get', '/metrics']), [1, 'no'], 'one it does not');
  t.same(await canI('admin-token', ['delete', 'nodes', '--all-namespaces']), [0, 'yes'], 'system:masters may do anything');
  // can-i --list (SelfSubjectRulesReview): her rules in default, and the ones every user holds.
  const list = await as('alice-token', ['auth', 'can-i', '--list']);
  t.equal(list.code, 0, list.stderr);
  t.match(list.stdout, /^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\n/);
  t.match(list.stdout, /\npods\s+\[\]\s+\[\]\s+\[get list watch\]\n/);
  t.match(list.stdout, /\nconfigmaps\s+\[\]\s+\[settings\]\s+\[update get\]\n/);
  t.match(list.stdout, /\nselfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]\n/);
  t.match(list.stdout, /\n\s+\[\/version\]\s+\[\]\s+\[get\]\n/);
  t.notMatch((await as('alice-token', ['auth', 'can-i', '--list', '-n', 'kube-system'])).stdout, /\npods\s/, 'none of her Role\'s in kube-system');
  const whoami = await as('alice-token', ['auth', 'whoami', '-o', 'json']);
  t.equal(whoami.code, 0, whoami.stderr);
  t.same(JSON.parse(whoami.stdout).status.userInfo, { username: 'alice', uid: '2', groups: ['system:authenticated'] });
  const admin = await as('admin-token', ['auth', 'whoami']);
  t.match(admin.stdout, /Username\s+admin/);
  t.match(admin.stdout, /Groups\s+\[system:masters system:authenticated\]/);
});
