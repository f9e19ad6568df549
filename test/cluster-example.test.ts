import t from 'tap';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

t.test('the README createCluster example runs as written', async (t) => {
  const readme = await readFile(`${root}/README.md`, 'utf8');
  const source = await readFile(`${root}/examples/cluster.mjs`, 'utf8');
  t.ok(readme.includes(source.trim()), 'README shows examples/cluster.mjs verbatim');
  const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, ['examples/cluster.mjs'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('exit', (code) => { clearTimeout(guard); resolve({ code, out }); });
  });
  t.equal(code, 0, 'exits by itself, successfully');
  t.equal(out, 'true\nAvailable=True Progressing=True\nRunning Running Running\n');
});
