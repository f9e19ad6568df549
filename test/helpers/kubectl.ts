// Real kubectl against a test server: the binary on PATH, with the server's kubeconfig.
import { execFile, spawn } from 'node:child_process';

export function hasKubectl(): Promise<boolean> {
  return new Promise((resolve) => execFile('kubectl', ['version', '--client'], (err) => resolve(!err)));
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
