// The CLI's failures: one line on stderr that says what to do, exit 1 when an
// operation failed, 2 when the command line was wrong. Also apply from a
// directory and from stdin, and `get` on an empty namespace.
import t from 'tap';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, startCliServer } from './helpers/cli.js';

const oneLine = (s: string) => s.trimEnd().split('\n').length === 1 && s.endsWith('\n');

// One server for the file: the subtests below use different namespaces and names.
const s = await startCliServer(t, { nodes: 1 });

t.test('errors and exit codes', async (t) => {
  const notFound = await s.run(['get', 'deploy', 'nope']);
  t.equal(notFound.code, 1, 'a missing object exits 1');
  t.equal(notFound.stderr, 'cybernetes: deployments.apps "nope" not found\n', "the server's Status message, on one line");
  t.equal(notFound.stdout, '');

  const both = await s.run(['get', 'namespaces', 'default', 'nope']);
  t.equal(both.code, 1, 'one missing name of two still fails');
  t.match(both.stdout, /^NAME\s+STATUS\s+AGE\ndefault\s+Active\s+\S+\n$/, 'the one found is printed');
  t.equal(both.stderr, 'cybernetes: namespaces "nope" not found\n');

  const unknownType = await s.run(['get', 'widgets']);
  t.equal(unknownType.code, 1);
  t.equal(unknownType.stderr, 'cybernetes: the server doesn\'t have a resource type "widgets"\n');

  const empty = await s.run(['get', 'pods']);
  t.equal(empty.code, 0, 'nothing to list is not a failure');
  t.equal(empty.stdout, '');
  t.equal(empty.stderr, 'No resources found in default namespace.\n');
  t.equal((await s.run(['get', 'pods', '-A'])).stderr, 'No resources found\n', 'with -A, no namespace named');

  const unreachable = await runCli(['get', 'pods', '--server', 'http://127.0.0.1:1']);
  t.equal(unreachable.code, 1);
  t.equal(unreachable.stderr, 'cybernetes: cannot reach the server at http://127.0.0.1:1: start one with "cybernetes serve" or pass --server\n');
  const fromEnv = await runCli(['get', 'pods'], undefined, { CYBERNETES_SERVER: 'http://127.0.0.1:1' });
  t.match(fromEnv.stderr, /at http:\/\/127\.0\.0\.1:1:/, 'CYBERNETES_SERVER is the default --server');

  for (const [args, message] of [
    [['get', 'pods', '--bogus'], /^cybernetes: unknown option --bogus; known: /],
    [['get', 'pods', '-z'], /^cybernetes: unknown option -z; known short options: /],
    [['get'], /^cybernetes: you must say what to get/],
    [['get', 'pods', '-o', 'toml'], /^cybernetes: unable to match a printer for output format "toml"/],
    [['frobnicate'], /^cybernetes: unknown command "frobnicate"; run "cybernetes help"/],
    [['delete', 'deploy', 'x', '--cascade=sideways'], /^cybernetes: --cascade must be background, foreground or orphan, got "sideways"/],
    [['delete', 'pods'], /^cybernetes: delete pods needs NAMEs, -l SELECTOR or --all/],
    [['scale', 'deploy/x'], /^cybernetes: scale needs --replicas N/],
    [['scale', 'deploy/x', '--replicas', 'many'], /^cybernetes: --replicas must be a whole number/],
    [['rollout', 'restart', 'deploy/x'], /^cybernetes: rollout needs status, history or undo, got "restart"/],
    [['apply'], /^cybernetes: apply needs -f FILE, -f DIR or -f - \(stdin\)/],
    [['get', 'deploy', 'deploy/x'], /^cybernetes: "deploy": give either TYPE NAME\.\.\. or TYPE\/NAME\.\.\., not both/],
    [['rollout', 'status', 'deploy/x', '--timeout', 'soon'], /^cybernetes: --timeout is a duration like 30s, 5m or 1h, got "soon"/],
  ] as const) {
    const r = await s.run([...args]);
    t.equal(r.code, 2, `usage mistake exits 2: ${args.join(' ')}`);
    t.ok(oneLine(r.stderr), 'one line');
    t.match(r.stderr, message);
  }

  for (const command of ['serve', 'apply', 'get', 'describe', 'delete', 'scale', 'rollout', 'logs']) {
    const help = await runCli([command, '--help']);
    t.equal(help.code, 0, `${command} --help exits 0`);
    t.match(help.stdout, new RegExp(`^usage: cybernetes ${command} \\[options\\]\n\n  ${command} `), `${command} --help prints its usage`);
    t.equal(help.stderr, '');
  }
  t.match((await runCli(['get', '-h'])).stdout, /^usage: cybernetes get /, '-h too');

  const missingFile = await s.run(['apply', '-f', join(s.dir, 'nothing-here.yaml')]);
  t.equal(missingFile.code, 1);
  t.match(missingFile.stderr, /^cybernetes: the path ".*nothing-here\.yaml" does not exist\n$/);

  const badYaml = await s.run(['apply', '-f', '-'], 'kind: [unclosed\n');
  t.equal(badYaml.code, 1);
  t.match(badYaml.stderr, /^cybernetes: stdin: not valid YAML or JSON: /);

  const unknownKind = await s.run(['apply', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n');
  t.equal(unknownKind.code, 1);
  t.equal(unknownKind.stderr, 'cybernetes: no matches for kind "Widget" in version "example.com/v1": this server does not serve it\n');

  const invalid = await s.run(['apply', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Not_Valid}\n');
  t.equal(invalid.code, 1, 'a server-side validation failure exits 1');
  t.ok(oneLine(invalid.stderr));
  t.match(invalid.stderr, /^cybernetes: ConfigMap "Not_Valid" is invalid: metadata\.name/);

  const logs = await s.run(['logs', 'nope']);
  t.equal(logs.code, 1);
  t.equal(logs.stderr, 'cybernetes: pods "nope" not found\n', 'logs: a wrong name is not found first');
});

t.test('apply from a directory and from stdin; -n and namespaces', async (t) => {  const dir = join(s.dir, 'manifests');
  await mkdir(join(dir, 'nested'), { recursive: true });
  await writeFile(join(dir, 'b-config.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\ndata: {k: v}\n---\n# an empty document is skipped\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
  await writeFile(join(dir, 'a-secret.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' }, stringData: { x: 'y' } }));
  await writeFile(join(dir, 'notes.txt'), 'not a manifest');
  await writeFile(join(dir, 'nested', 'd.yml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\n');

  const flat = await s.run(['apply', '-f', dir]);
  t.equal(flat.code, 0, flat.stderr);
  t.equal(flat.stdout, 'secret/a serverside-applied\nconfigmap/b serverside-applied\nconfigmap/c serverside-applied\n', 'files in name order, .txt and subdirectories skipped');
  const recursive = await s.run(['apply', '-R', '-f', dir]);
  t.match(recursive.stdout, /configmap\/d serverside-applied\n$/, '-R goes into subdirectories');

  const cms = await s.run(['get', 'cm', '-o', 'name']);
  t.equal(cms.stdout, 'configmap/b\nconfigmap/c\nconfigmap/d\n');

  const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-stdin', namespace: 'kube-public' }, data: { a: '1' } }] });
  const stdin = await s.run(['apply', '-f', '-'], list);
  t.equal(stdin.code, 0, stdin.stderr);
  t.equal(stdin.stdout, 'configmap/from-stdin serverside-applied\n', 'a JSON List from stdin');
  const got = await s.api('GET', '/api/v1/namespaces/kube-public/configmaps/from-stdin');
  t.same(got.data, { a: '1' }, 'the object is in the namespace it names');
  t.ok(got.metadata.managedFields.some((m: any) => m.manager === 'cybernetes' && m.operation === 'Apply'), 'server-side applied by the cybernetes field manager');

  const mismatch = await s.run(['apply', '-f', '-', '-n', 'default'], list);
  t.equal(mismatch.code, 1);
  t.match(mismatch.stderr, /configmap\/from-stdin is in namespace "kube-public", not "default": drop -n or pass -n kube-public\n$/);

  // A field another manager owns: a conflict that says how to take it over.
  await s.api('PATCH', '/api/v1/namespaces/default/configmaps/b?fieldManager=someone-else', { data: { k: 'theirs' } });
  const conflict = await s.run(['apply', '-f', join(dir, 'b-config.yaml')]);
  t.equal(conflict.code, 1, 'a conflict fails the apply');
  t.match(conflict.stdout, /configmap\/c serverside-applied/, 'the other objects are still applied');
  t.match(conflict.stderr, /^cybernetes: Apply failed with 1 conflict: .*someone-else.*\.data\.k.*; rerun with --force-conflicts to take those fields over\n$/);
  const forced = await s.run(['apply', '-f', join(dir, 'b-config.yaml'), '--force-conflicts']);
  t.equal(forced.code, 0, forced.stderr);
  t.equal((await s.api('GET', '/api/v1/namespaces/default/configmaps/b')).data.k, 'v');

  const deleted = await s.run(['delete', '-f', join(dir, 'b-config.yaml')]);
  t.equal(deleted.code, 0, deleted.stderr);
  t.equal(deleted.stdout, 'configmaps "b" deleted\nconfigmaps "c" deleted\n', 'delete -f deletes what the file names');
  const again = await s.run(['delete', 'cm', 'b', 'd']);
  t.equal(again.code, 1, 'deleting what is gone fails');
  t.equal(again.stdout, 'configmaps "d" deleted\n');
  t.equal(again.stderr, 'cybernetes: configmaps "b" not found\n');
  t.equal((await s.run(['delete', 'cm', 'b', '--ignore-not-found'])).code, 0, '--ignore-not-found');
});
