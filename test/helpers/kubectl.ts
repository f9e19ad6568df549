// Real kubectl against a test server: the binary on PATH, with the server's kubeconfig.
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import type { Test } from 'tap';

export function hasKubectl(): Promise<boolean> {
  return new Promise((resolve) => execFile('kubectl', ['version', '--client'], (err) => resolve(!err)));
}

/** True when kubectl is missing; the test has then recorded a visible skip saying so, and returns. */
export async function skipWithoutKubectl(t: Test): Promise<boolean> {
  if (await hasKubectl()) return false;
  t.pass('kubectl checks', { skip: 'kubectl is not on PATH' });
  return true;
}

export interface KubectlResult { code: number; stdout: string; stderr: string }

export function kubectl(s: { kubeconfig: string }, args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = spawn('kubectl', ['--kubeconfig', s.kubeconfig, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Writes a kubeconfig at `path` for the server at `url` (no credentials, TLS not verified, namespace default). */
export async function writeKubeconfig(path: string, url: string): Promise<string> {
  await writeFile(path, [
    'apiVersion: v1', 'kind: Config', 'current-context: test',
    'clusters:', '- name: test', '  cluster:', `    server: ${url}`, '    insecure-skip-tls-verify: true',
    'contexts:', '- name: test', '  context:', '    cluster: test', '    user: test', '    namespace: default',
    'users:', '- name: test', '  user: {}', '',
  ].join('\n'));
  return path;
}
