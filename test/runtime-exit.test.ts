import t from 'tap';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url)); // dist/test → repo root

function run(script: string): Promise<{ code: number | null; out: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    // Generous: on a loaded machine a clean exit takes well under a second.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code, signal) => { clearTimeout(guard); resolve({ code, out, killed: signal === 'SIGKILL' }); });
  });
}

t.test('close leaves no handles: the process exits by itself', async (t) => {
  const r = await run('dist/test/fixtures/exit-check.js');
  t.notOk(r.killed, 'it was not killed by the guard');
  t.equal(r.code, 0);
  t.match(r.out, /closed; pending ask ended with RuntimeClosedError/);
});

t.test('the README example runs as written', async (t) => {
  const readme = await readFile(`${root}/README.md`, 'utf8');
  for (const file of ['examples/greeter.mjs', 'examples/hello.mjs']) {
    const source = await readFile(`${root}/${file}`, 'utf8');
    t.ok(readme.includes(source.trim()), `README shows ${file} verbatim`);
  }
  const r = await run('examples/hello.mjs');
  t.equal(r.code, 0);
  t.notOk(r.killed);
  t.match(r.out, /^[12]\/greeter-1\nhello Ada, visitor #1\nhello again, Ada\n\{ greeter: \{ waiting: 1 \} \}\n$/);
});
