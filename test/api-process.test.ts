import t from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listening, spawnServe } from './helpers/server-process.js';

const start = (args: string[]) => spawnServe(args, { killAfterMs: 60_000 });

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
