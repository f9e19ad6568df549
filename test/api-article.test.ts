// The article's manifest as it wrote it (upper-case names), sent to a running
// server over HTTP and with kubectl apply: refused, naming each field.
import t from 'tap';
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';
import { startServer } from './helpers/api.js';
import { skipWithoutKubectl, kubectl } from './helpers/kubectl.js';

const FIXTURE = new URL('../../../shared/fixtures/service-a.yaml', import.meta.url);
const ARTICLE = new URL('../../../shared/seed/what-is-under-the-hood-of-kubernetes.txt', import.meta.url);

/** The fixture with the article's names: service-A wherever it names or selects something (not the image or the mount path). */
const upperCased = (yaml: string) => yaml.replace(/^(\s*(?:- )?(?:name|namespace|app|secretName|serviceAccountName): )service-a$/gm, '$1service-A');

const LABEL = /a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'/;
const SUBDOMAIN = /a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'/;

/** What validation says of the article's Deployment, field by field (as test/api-types-validation.test.ts has it). */
const DEPLOYMENT_CAUSES: [string, string, RegExp][] = [
  ['metadata.name', 'FieldValueInvalid', SUBDOMAIN],
  ['spec.template.spec.volumes[0].name', 'FieldValueInvalid', LABEL],
  ['spec.template.spec.containers[0].name', 'FieldValueInvalid', LABEL],
  // The volume's name is invalid, so the mount refers to no volume.
  ['spec.template.spec.containers[0].volumeMounts[0].name', 'FieldValueNotFound', /^Not found: "service-A"$/],
  ['spec.template.spec.serviceAccountName', 'FieldValueInvalid', SUBDOMAIN],
];

t.test("the article's original manifest is refused over HTTP and by kubectl apply", async (t) => {
  const fixture = await readFile(FIXTURE, 'utf8');
  const original = upperCased(fixture);
  const deploymentYaml = original.split(/^---$/m).find((d) => /kind: Deployment/.test(d))!;

  // The reconstruction holds every line of the article's manifest (the seed lost its indentation and some lines).
  const seed = await readFile(ARTICLE, 'utf8');
  const start = seed.indexOf('apiVersion: apps/v1');
  const end = seed.indexOf('1. As a trigger', start);
  t.ok(start >= 0 && end > start, 'the article has its manifest');
  const articleLines = seed.slice(start, end).split('\n').map((l) => l.trim()).filter(Boolean);
  const ours = new Set(deploymentYaml.split('\n').map((l) => l.trim()));
  t.ok(articleLines.length > 30);
  t.same(articleLines.filter((l) => !ours.has(l)), [], "every line of the article's manifest is in the one sent");

  const s = await startServer(t);
  const article = YAML.parse(deploymentYaml);
  t.same([article.metadata.name, article.metadata.namespace], ['service-A', 'service-A']);

  // As written, in its own namespace: that namespace cannot exist (its name is invalid), and the
  // namespace check comes first, as Kubernetes' NamespaceLifecycle admission runs before validation.
  const asWritten = await s.request('POST', '/apis/apps/v1/namespaces/service-A/deployments', article);
  t.same([asWritten.status, asWritten.body.reason, asWritten.body.message], [404, 'NotFound', 'namespaces "service-A" not found']);
  const nsRefused = await s.request('POST', '/api/v1/namespaces', YAML.parse(original.split(/^---$/m)[0]!));
  t.same([nsRefused.status, nsRefused.body.reason, nsRefused.body.details.causes.map((c: { field: string }) => c.field)], [422, 'Invalid', ['metadata.name']],
    'the namespace service-A is refused, naming metadata.name');
  t.match(nsRefused.body.details.causes[0].message, LABEL);

  if (!(await skipWithoutKubectl(t))) {
    const whole = await kubectl(s, ['apply', '-f', '-'], original);
    t.not(whole.code, 0, 'kubectl apply of the whole upper-case manifest fails');
    t.match(whole.stderr, /Error from server \(Invalid\): error when creating "STDIN": Namespace "service-A" is invalid: metadata.name: Invalid value: "service-A"/);
    t.match(whole.stderr, /namespaces "service-A" not found/, 'and its namespaced objects have no namespace to go to');
    t.equal((await s.request('GET', '/api/v1/namespaces/service-A')).status, 404, 'nothing was created');
  }

  // In a namespace that exists (the fixture's), every upper-case name reaches validation.
  t.equal((await s.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'service-a' } })).status, 201);
  const inNamespace = { ...article, metadata: { ...article.metadata, namespace: 'service-a' } };
  const invalid = await s.request('POST', '/apis/apps/v1/namespaces/service-a/deployments', inNamespace);
  t.same([invalid.status, invalid.body.kind, invalid.body.reason, invalid.body.details.name, invalid.body.details.group, invalid.body.details.kind],
    [422, 'Status', 'Invalid', 'service-A', 'apps', 'Deployment']);
  const causes = invalid.body.details.causes as { field: string; reason: string; message: string }[];
  t.same(causes.map((c) => c.field), DEPLOYMENT_CAUSES.map(([f]) => f), 'every field the article named wrongly, and nothing else');
  for (const [field, reason, message] of DEPLOYMENT_CAUSES) {
    const c = causes.find((x) => x.field === field);
    t.equal(c?.reason, reason, `${field}: ${reason}`);
    t.match(c?.message, message, `${field}: message`);
  }
  t.match(invalid.body.message, /^Deployment.apps "service-A" is invalid: \[metadata.name: Invalid value: "service-A"/);
  for (const secretLike of ['secrets', 'serviceaccounts']) {
    const kind = secretLike === 'secrets' ? 'Secret' : 'ServiceAccount';
    const r = await s.request('POST', `/api/v1/namespaces/service-a/${secretLike}`, { apiVersion: 'v1', kind, metadata: { name: 'service-A', namespace: 'service-a' } });
    t.same([r.status, r.body.reason, r.body.details.causes.map((c: { field: string }) => c.field)], [422, 'Invalid', ['metadata.name']], `${kind} service-A`);
  }

  if (!(await skipWithoutKubectl(t))) {
    const applied = await kubectl(s, ['apply', '-f', '-'], YAML.stringify(inNamespace));
    t.not(applied.code, 0, 'kubectl apply of the article\'s Deployment fails');
    t.match(applied.stderr, /The Deployment "service-A" is invalid:/);
    for (const [field] of DEPLOYMENT_CAUSES) t.ok(applied.stderr.includes(`* ${field}: `), `kubectl shows ${field}`);
  }
  t.equal((await s.request('GET', '/apis/apps/v1/namespaces/service-a/deployments')).body.items.length, 0, 'no deployment was stored');
});
