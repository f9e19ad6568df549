// kubectl 1.32 against a tiny server that serves only discovery, /version and
// the OpenAPI v3 documents (everything else is a 404 Status): explain,
// api-resources, and a client-side dry-run apply with --validate=strict.
import t from 'tap';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  apiVersions, apiGroupList, apiGroup, apiResourceList, versionInfo,
  aggregatedDiscovery, wantsAggregatedDiscovery, AGGREGATED_DISCOVERY_CONTENT_TYPE,
} from '../src/api/discovery.js';
import { openapiIndex, openapiDocument, openapiDocumentHash } from '../src/api/openapi/document.js';

const FIXTURE = '/work/shared/fixtures/service-a.yaml';

interface Run { code: number; stdout: string; stderr: string }

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

async function kubectlAvailable(): Promise<boolean> {
  const r = await run('kubectl', ['version', '--client'], process.env);
  return r.code === 0;
}

function startServer(opts: { aggregated: boolean }): Promise<{ port: number; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (code: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(code, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const notFound = () => send(404, {
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404,
      message: `the server could not find the requested resource (${url.pathname})`,
    });
    if (req.method !== 'GET') return notFound();
    const parts = url.pathname.split('/').filter(Boolean);
    const accept = req.headers.accept ?? '';
    if (url.pathname === '/version') return send(200, versionInfo());
    if (url.pathname === '/api' || url.pathname === '/apis') {
      const legacy = url.pathname === '/api';
      if (opts.aggregated && wantsAggregatedDiscovery(accept)) {
        return send(200, aggregatedDiscovery(legacy), { 'content-type': AGGREGATED_DISCOVERY_CONTENT_TYPE });
      }
      return send(200, legacy ? apiVersions(req.headers.host ?? '') : apiGroupList());
    }
    if (parts[0] === 'apis' && parts.length === 2) {
      const g = apiGroup(parts[1]!);
      return g ? send(200, g) : notFound();
    }
    if ((parts[0] === 'api' && parts.length === 2) || (parts[0] === 'apis' && parts.length === 3)) {
      const l = parts[0] === 'api' ? apiResourceList('', parts[1]!) : apiResourceList(parts[1]!, parts[2]!);
      return l ? send(200, l) : notFound();
    }
    if (parts[0] === 'openapi' && parts[1] === 'v3') {
      if (parts.length === 2) return send(200, openapiIndex());
      const gv = parts.slice(2).join('/');
      const doc = openapiDocument(gv);
      if (!doc) return notFound();
      const hash = openapiDocumentHash(gv)!;
      const cache = url.searchParams.get('hash') === hash ? 'public, immutable' : 'no-cache, private';
      return send(200, doc, { etag: `"${hash}"`, 'cache-control': cache });
    }
    return notFound();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ port, requests, close: () => new Promise<void>((r) => server.close(() => r())) });
    });
  });
}

async function kubeconfigFor(dir: string, port: number): Promise<string> {
  const path = join(dir, 'kubeconfig');
  await writeFile(path, [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: cybernetes',
    '  cluster:',
    `    server: http://127.0.0.1:${port}`,
    'users:',
    '- name: nobody',
    '  user: {}',
    'contexts:',
    '- name: cybernetes',
    '  context: {cluster: cybernetes, user: nobody, namespace: default}',
    'current-context: cybernetes',
    '',
  ].join('\n'));
  return path;
}

const hasKubectl = await kubectlAvailable();
if (!hasKubectl) console.log('# skipping the kubectl checks: kubectl is not on PATH');

t.test('kubectl against discovery and OpenAPI v3 alone', { skip: hasKubectl ? false : 'kubectl is not on PATH' }, async (t) => {
  for (const aggregated of [false, true]) {
    await t.test(aggregated ? 'with aggregated discovery' : 'with legacy discovery', async (t) => {
      const dir = await mkdtemp(join(tmpdir(), 'cybernetes-kubectl-'));
      const server = await startServer({ aggregated });
      t.teardown(async () => {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      });
      const kubeconfig = await kubeconfigFor(dir, server.port);
      const env = { ...process.env, HOME: dir, KUBECONFIG: kubeconfig };
      const kubectl = (...args: string[]) => run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], env);

      const resources = await kubectl('api-resources');
      t.equal(resources.code, 0, `api-resources: ${resources.stderr}`);
      t.match(resources.stdout, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
      t.match(resources.stdout, /^pods\s+po\s+v1\s+true\s+Pod$/m);
      t.match(resources.stdout, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
      t.match(resources.stdout, /^leases\s+.*coordination\.k8s\.io\/v1\s+true\s+Lease$/m);
      t.match(resources.stdout, /^horizontalpodautoscalers\s+hpa\s+autoscaling\/v2\s+true\s+HorizontalPodAutoscaler$/m);
      if (aggregated) {
        t.ok(server.requests.every((r) => !/^GET \/apis\/[^/]+\/[^/]+$/.test(r)), 'aggregated discovery needs no per-group-version requests');
      }

      const strategy = await kubectl('explain', 'deployment.spec.strategy');
      t.equal(strategy.code, 0, `explain deployment.spec.strategy: ${strategy.stderr}`);
      t.match(strategy.stdout, /GROUP:\s+apps/);
      t.match(strategy.stdout, /KIND:\s+Deployment/);
      t.match(strategy.stdout, /VERSION:\s+v1/);
      t.match(strategy.stdout, /FIELD: strategy <DeploymentStrategy>/);
      t.match(strategy.stdout, /How existing pods are replaced by new ones/);
      t.match(strategy.stdout, /rollingUpdate\s+<RollingUpdateDeployment>/);
      t.match(strategy.stdout, /type\s+<string>/);
      t.match(strategy.stdout, /enum: Recreate, RollingUpdate/);

      const ports = await kubectl('explain', 'pods.spec.containers.ports');
      t.equal(ports.code, 0, `explain pods.spec.containers.ports: ${ports.stderr}`);
      t.match(ports.stdout, /KIND:\s+Pod/);
      t.match(ports.stdout, /FIELD: ports <\[\]ContainerPort>/);
      t.match(ports.stdout, /containerPort\s+<integer> -required-/);
      t.match(ports.stdout, /Port number on the pod's IP address/);
      t.match(ports.stdout, /protocol\s+<string>/);

      const surge = await kubectl('explain', 'deploy.spec.strategy.rollingUpdate.maxSurge');
      t.equal(surge.code, 0, surge.stderr);
      t.match(surge.stdout, /FIELD: maxSurge <IntOrString>/);
      t.match(surge.stdout, /rounded up/);

      const missing = await kubectl('explain', 'deployment.spec.nope');
      t.not(missing.code, 0);
      t.match(missing.stderr, /field "nope" does not exist/);

      // A client-side dry run reads the current objects (404 here: to be
      // created) and checks through OpenAPI v3 that the server takes
      // fieldValidation; nothing is written.
      await t.test('apply --dry-run=client --validate=strict', { skip: existsSync(FIXTURE) ? false : `${FIXTURE} is missing` }, async (t) => {
        const before = server.requests.length;
        const apply = await kubectl('apply', '--dry-run=client', '--validate=strict', '-f', FIXTURE);
        t.equal(apply.code, 0, `apply --dry-run=client: ${apply.stderr}`);
        t.match(apply.stdout, /namespace\/service-a created \(dry run\)/);
        t.match(apply.stdout, /secret\/service-a created \(dry run\)/);
        t.match(apply.stdout, /serviceaccount\/service-a created \(dry run\)/);
        t.match(apply.stdout, /deployment\.apps\/service-a created \(dry run\)/);
        t.notMatch(apply.stderr, /openapi|validat/i);
        const during = server.requests.slice(before);
        t.ok(during.every((r) => r.startsWith('GET ')), 'only reads');
        t.ok(during.includes('GET /api/v1/namespaces/service-a'), 'the current objects are read');
        t.ok(during.some((r) => r.startsWith('GET /openapi/v3')), 'OpenAPI v3 is consulted');
        t.notOk(server.requests.some((r) => r.startsWith('GET /openapi/v2')), 'never falls back to OpenAPI v2');
      });
    });
  }
});
