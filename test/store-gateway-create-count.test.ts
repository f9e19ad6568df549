// A create with a count (a controller's N pods from one template, crossing once): that many
// objects, one result each in order, lean answers keep the names; a bad count is one refusal.
import t from 'tap';
import { expandOps, refs, type LeanResult, type OpResult, type WireOp } from '../actors/protocol.js';
import type { Address } from '../src/runtime/address.js';
import { gatewayRuntime } from './helpers/gateway.js';

const template = (generateName: string) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { generateName, namespace: 'default', labels: { app: 'web' } },
  spec: { containers: [{ name: 'c', image: 'nginx' }] },
});

t.test('expandOps: one entry per result', async (t) => {
  const create = (count?: number): WireOp => ({ op: 'create', resource: refs.pods, object: template('w-'), ...(count === undefined ? {} : { count }) });
  const del: WireOp = { op: 'delete', resource: refs.pods, namespace: 'default', name: 'x' };
  const table: [string, WireOp[], number][] = [
    ['no counts', [create(), del], 2],
    ['a count of 3', [create(3), del], 4],
    ['a count of 1', [create(1)], 1],
    ['a bad count stands for one (refused) op', [create(0), create(2.5), del], 3],
  ];
  for (const [what, ops, n] of table) t.equal(expandOps(ops).length, n, what);
});

t.test('through the gateway', async (t) => {
  const { store, runtime } = await gatewayRuntime(t);
  const rs = runtime.spawn('replicaset', { id: 'ReplicaSet/default/web', worker: 1, input: {} });
  const ask = <R>(a: Address, type: string, ops: WireOp[]) => runtime.ask<R[]>(a, { type, ops } as { type: string });

  const full = await ask<OpResult>(rs, 'write', [{ op: 'create', resource: refs.pods, object: template('web-'), count: 3 }]);
  t.equal(full.length, 3, 'three results');
  t.ok(full.every((r) => r.ok), 'all created');
  const names = full.map((r) => (r.ok ? r.object.metadata.name : ''));
  t.equal(new Set(names).size, 3, 'three names');
  t.ok(names.every((n) => n!.startsWith('web-')), 'from generateName');
  t.equal(new Set(full.map((r) => (r.ok ? r.object.metadata.uid : ''))).size, 3, 'three objects');

  const lean = await ask<LeanResult>(rs, 'writeLean', [
    { op: 'create', resource: refs.pods, object: template('api-'), count: 2 },
    { op: 'delete', resource: refs.pods, namespace: 'default', name: names[0]! },
  ]);
  t.equal(lean.length, 3, 'two creates and the delete, in order');
  t.match(lean[0], { ok: true, name: /^api-/ }, 'a lean create keeps its name');
  t.match(lean[1], { ok: true, name: /^api-/ });
  t.same(lean[2], { ok: true, revision: lean[2]!.ok ? lean[2]!.revision : 0, removed: true }, 'a lean delete: its revision and that the unbound pod is gone, no object');
  t.equal((await store.list(refs.pods, { namespace: 'default' })).items.length, 4, '3 + 2 created, 1 deleted (unbound: at once)');

  const mixed = await ask<OpResult | LeanResult>(rs, 'writeLeanCreates', [
    { op: 'create', resource: refs.pods, object: template('mix-'), count: 2 },
    { op: 'delete', resource: refs.pods, namespace: 'default', name: names[1]! },
  ]);
  t.equal(mixed.length, 3, 'lean creates, whole rest: one result per op');
  t.match(mixed[0], { ok: true, name: /^mix-/ }, 'a create answered lean');
  t.notOk('object' in mixed[0]!, 'without its object');
  t.match(mixed[2], { ok: true, removed: true, object: { metadata: { name: names[1] } } }, 'the delete answered whole');

  const refused = await ask<OpResult>(rs, 'write', [{ op: 'create', resource: refs.pods, object: template('bad-'), count: 0 }]);
  t.same(refused, [{ ok: false, reason: 'BadRequest', code: 400, message: 'create count must be a whole number from 1 to 10000, got 0' }], 'a bad count is refused as one op');
  const named = await ask<OpResult>(rs, 'write', [{ op: 'create', resource: refs.pods, object: { ...template(''), metadata: { name: 'fixed', namespace: 'default' } }, count: 2 }]);
  t.match(named, [{ ok: true }, { ok: false, reason: 'AlreadyExists' }], 'a fixed name is created once; the next copy already exists');
});

t.test('an actor on the gateway\'s thread gets its own copies of the objects written, not the store\'s', async (t) => {
  const { runtime } = await gatewayRuntime(t);
  for (const worker of [0, 1]) {
    const rs = runtime.spawn('replicaset', { id: `ReplicaSet/default/local-${worker}`, worker, input: {} });
    const [r] = await runtime.ask<OpResult[]>(rs, { type: 'write', ops: [{ op: 'create', resource: refs.pods, object: template(`w${worker}-`) }] } as { type: string });
    t.ok(r?.ok, `created (thread ${worker})`);
    // The store's objects are frozen in the tests (CYBERNETES_FREEZE_SHARED): a copy is not.
    t.notOk(r!.ok && Object.isFrozen(r!.object), `thread ${worker}: a copy it may change`);
  }
});
