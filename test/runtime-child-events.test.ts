import t from 'tap';
import type { Address } from '../src/index.js';
import { keepChildEvent } from '../src/runtime/child-events.js';

const A = '2/kid' as Address;

t.test('which events about its children a parent hears, and what they do to its record of them', async (t) => {
  const cases: { name: string; children: [Address, number][]; event: Record<string, unknown>; heard: boolean; after: [Address, number][] }[] = [
    { name: 'the end of the child it has', children: [[A, 7]], event: { type: 'runtime.child.done', id: A, spawnId: 7 }, heard: true, after: [] },
    { name: 'the end of an earlier actor at its child\'s address', children: [[A, 9]], event: { type: 'runtime.child.done', id: A, spawnId: 7 }, heard: false, after: [[A, 9]] },
    { name: 'an escalation of an earlier actor there', children: [[A, 9]], event: { type: 'runtime.child.escalated', child: A, spawnId: 7, error: 'x' }, heard: false, after: [[A, 9]] },
    { name: 'an escalation of its child', children: [[A, 9]], event: { type: 'runtime.child.escalated', child: A, spawnId: 9, error: 'x' }, heard: true, after: [] },
    { name: 'the end of a child it stopped (none there now)', children: [], event: { type: 'runtime.child.done', id: A, spawnId: 7 }, heard: true, after: [] },
    { name: 'a spawn refused: not its child', children: [[A, 9]], event: { type: 'runtime.spawn.failed', id: A, spawnId: 9, error: 'x' }, heard: true, after: [] },
    { name: 'a spawn refused as its own running child: kept, under the running one\'s id', children: [[A, 9]], event: { type: 'runtime.spawn.failed', id: A, spawnId: 9, sameParent: true, runningSpawnId: 4, error: 'x' }, heard: true, after: [[A, 4]] },
    { name: 'a refusal of an earlier spawn leaves a later one', children: [[A, 9]], event: { type: 'runtime.spawn.failed', id: A, spawnId: 5, error: 'x' }, heard: true, after: [[A, 9]] },
    { name: 'anything else', children: [[A, 9]], event: { type: 'runtime.restored' }, heard: true, after: [[A, 9]] },
  ];
  for (const c of cases) {
    const children = new Map(c.children);
    t.equal(keepChildEvent(children, c.event as { type: string }), c.heard, `${c.name}: ${c.heard ? 'heard' : 'not heard'}`);
    t.same([...children], c.after, `${c.name}: children after`);
  }
});
