import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli.js', import.meta.url));

interface Proc { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> }

function start(args: string[]): Proc {
  const child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => { clearTimeout(guard); r(code); }));
  return { child, out: () => out, err: () => err, exited };
}

async function listening(p: Proc): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const m = /listening on (http:\/\/[^\s]+)/.exec(p.out());
    if (m) return m[1]!;
    if (p.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start: ${p.err()}`);
}

t.test('cybernetes serve as a process: listens, serves, drains on SIGTERM, exits 0', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-proc-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const p = start(['--port', '0', '--data-dir', join(dir, 'data'), '--nodes', '2', '--workers', '1']);
  const url = await listening(p);
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'listens on loopback, prints its address');
  t.equal(await (await fetch(`${url}/healthz`)).text(), 'ok');
  t.equal(await (await fetch(`${url}/readyz`)).text(), 'ok');
  const nodes = await (await fetch(`${url}/api/v1/nodes`)).json() as { items: unknown[] };
  t.equal(nodes.items.length, 2, '--nodes 2');
  const watch = await fetch(`${url}/api/v1/pods?watch=1`);
  const reading = watch.text().catch(() => ''); // the server ends it at SIGTERM
  const created = await fetch(`${url}/api/v1/namespaces/default/configmaps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ metadata: { name: 'kept' }, data: { a: '1' } }) });
  t.equal(created.status, 201);

  // A second server on the same journal is refused with one line.
  const second = start(['--port', '0', '--data-dir', join(dir, 'data')]);
  t.equal(await second.exited, 1, 'a locked data directory exits non-zero');
  t.equal(second.err().trim().split('\n').length, 1, 'with a one-line reason');
  t.match(second.err(), /^cybernetes: .*(lock|in use)/i);

  // A busy port too.
  const port = new URL(url).port;
  const third = start(['--port', port, '--data-dir', join(dir, 'other')]);
  t.equal(await third.exited, 1, 'a busy port exits non-zero');
  t.match(third.err().trim(), /^cybernetes: port \d+ on 127\.0\.0\.1 is already in use/);

  p.child.kill('SIGTERM');
  t.equal(await p.exited, 0, 'SIGTERM drains and exits 0');
  await reading;
  t.match(p.out(), /SIGTERM: draining/);

  // What was acknowledged survives the restart.
  const again = start(['--port', '0', '--data-dir', join(dir, 'data'), '--nodes', '2']);
  const url2 = await listening(again);
  const cm = await (await fetch(`${url2}/api/v1/namespaces/default/configmaps/kept`)).json() as { data: { a: string } };
  t.same(cm.data, { a: '1' }, 'the journal kept the write across a restart');
  again.child.kill('SIGTERM');
  t.equal(await again.exited, 0);
});
