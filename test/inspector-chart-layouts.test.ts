// The build's chart layouts: used for a kind only when laid out from the graph its machine
// gives now, and then the same as laying it out live.
import t from 'tap';
import { chartGraph, chartOf } from '../src/inspector/chart.js';
import { laidOut, type SavedLayouts } from '../src/inspector/chart-layouts.js';
import { CHART_KINDS, KINDS, machineOf } from '../src/inspector/kinds.js';
import { layoutGraph } from '../src/inspector/layout.js';

t.test('every kind comes from the build, laid out as it would be live', async (t) => {
  t.same(CHART_KINDS, ['Deployment', 'ReplicaSet', 'Pod', 'Node', 'scheduler'], 'the resource kinds and the scheduler');
  for (const kind of CHART_KINDS) {
    const graph = () => chartGraph(chartOf(machineOf(kind)!));
    const saved = await laidOut(kind, graph());
    t.equal(saved.from, 'build', `${kind}: from the build`);
    t.same(saved.graph, await layoutGraph(graph()), `${kind}: the same layout as live`);
  }
});

t.test('a graph the build did not lay out is laid out live', async (t) => {
  const graph = chartGraph(chartOf(KINDS.Node.machine));
  const stale: SavedLayouts = { Node: { input: JSON.stringify({ ...graph, id: 'an older machine' }), graph: { id: 'stale', children: [] } } };
  const r = await laidOut('Node', graph, Promise.resolve(stale));
  t.equal(r.from, 'live');
  t.not(r.graph.id, 'stale');
  t.ok((r.graph.children ?? []).every((c) => typeof c.x === 'number' && typeof c.y === 'number'), 'with positions');
  t.equal((await laidOut('Node', chartGraph(chartOf(KINDS.Node.machine)), Promise.resolve({}))).from, 'live', 'and with no saved layouts at all');
  const odd = { Node: { input: 42 } } as unknown as SavedLayouts;
  t.equal((await laidOut('Node', chartGraph(chartOf(KINDS.Node.machine)), Promise.resolve(odd))).from, 'live', 'or saved ones that are not what the build writes');
});
