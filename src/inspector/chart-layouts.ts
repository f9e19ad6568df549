// Laid-out charts from the build: laying out a kind's statechart takes the layout library
// about a second the first time (loading it, then the Pod machine alone ~0.6 s) on the
// server's main thread, which would hold up the page's first render and every other request
// meanwhile. The charts depend only on the machines' definitions, so the build lays them out
// once (chart-layouts-build.ts) into chart-layouts.json beside this module; a chart is taken
// from there only when the graph it was laid out from is the graph now (a machine changed
// since the build: laid out live, as before).
import { readTextFile } from '../platform/files.js';
import { layoutGraph, type ElkNode } from './layout.js';

export const LAYOUTS_FILE = new URL('./chart-layouts.json', import.meta.url);

/** Per kind: the graph as given to the layout (JSON), and the laid-out graph. */
export type SavedLayouts = Record<string, { input: string; graph: ElkNode }>;

let saved: Promise<SavedLayouts> | null = null;

function load(): Promise<SavedLayouts> {
  // Missing, cut short or not what we wrote: no saved layouts (every chart is laid out live).
  saved ??= readTextFile(LAYOUTS_FILE).then((text) => {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' ? parsed as SavedLayouts : {};
  }).catch(() => ({}));
  return saved;
}

/** `graph` laid out: the build's layout when it was made from this very graph, else laid out now. */
export async function laidOut(kind: string, graph: ElkNode, from: Promise<SavedLayouts> = load()): Promise<{ graph: ElkNode; from: 'build' | 'live' }> {
  const s = (await from)[kind];
  if (s && typeof s.input === 'string' && s.input === JSON.stringify(graph) && s.graph) return { graph: s.graph, from: 'build' };
  return { graph: await layoutGraph(graph), from: 'live' };
}
