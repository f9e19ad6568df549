// The scheduler's assumed pods (machines/scheduler/assumed.ts): a table of steps and what is
// assumed after each, by node, with the unanswered ones.
import t from 'tap';
import type { KObject } from '../src/store/types.js';
import { AssumedPods } from '../machines/scheduler/assumed.js';

const pod = (uid: string): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: uid, namespace: 'default', uid } });

type Step =
  | { assume: [uid: string, node: string]; replaced?: string | null }
  | { take: string; got: string | null }
  | { unanswered: string[] }
  | { forget: string[] };

const cases: { name: string; steps: Step[]; after: Record<string, string[]> }[] = [
  { name: 'assumed until taken', steps: [{ assume: ['a', 'n1'] }, { assume: ['b', 'n1'] }, { take: 'a', got: 'n1' }], after: { n1: ['b'] } },
  { name: 'taking what is not assumed gives nothing', steps: [{ take: 'a', got: null }], after: {} },
  { name: 'assumed again elsewhere: the earlier assumption is replaced and given back', steps: [{ assume: ['a', 'n1'] }, { assume: ['a', 'n2'], replaced: 'n1' }], after: { n2: ['a'] } },
  { name: 'only unanswered bindings are forgotten', steps: [{ assume: ['a', 'n1'] }, { assume: ['b', 'n2'] }, { unanswered: ['a', 'x'] }, { forget: ['a'] }, { forget: [] }], after: { n2: ['b'] } },
  { name: 'an unanswered binding heard of (taken) is not forgotten later', steps: [{ assume: ['a', 'n1'] }, { unanswered: ['a'] }, { take: 'a', got: 'n1' }, { forget: [] }], after: {} },
  { name: 'assumed again after an unanswered binding: answered until told otherwise', steps: [{ assume: ['a', 'n1'] }, { unanswered: ['a'] }, { assume: ['a', 'n1'], replaced: 'n1' }, { forget: [] }], after: { n1: ['a'] } },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const a = new AssumedPods();
    for (const s of c.steps) {
      if ('assume' in s) {
        const was = a.assume(s.assume[0], s.assume[1], pod(s.assume[0]));
        t.equal(was?.node ?? null, s.replaced ?? null, `assume ${s.assume.join(' on ')}`);
      } else if ('take' in s) t.equal(a.take(s.take)?.node ?? null, s.got, `take ${s.take}`);
      else if ('unanswered' in s) a.unanswered(s.unanswered);
      else t.same(a.forgetUnanswered().map(([uid]) => uid), s.forget, 'forgotten');
    }
    const nodes = ['n1', 'n2'];
    t.same(Object.fromEntries(nodes.map((n) => [n, a.onNode(n).map((p) => p.metadata.uid)]).filter(([, v]) => v!.length > 0)), c.after, 'by node');
    t.equal(a.size, Object.values(c.after).flat().length, 'size');
    for (const uid of Object.values(c.after).flat()) t.ok(a.has(uid), `${uid} assumed`);
  });
}
