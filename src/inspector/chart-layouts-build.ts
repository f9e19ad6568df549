// Run by `npm run build`: lays out every kind's chart and saves them for chart-layouts.ts.
import { writeTextFile } from '../platform/files.js';
import { chartGraph, chartOf } from './chart.js';
import { LAYOUTS_FILE, type SavedLayouts } from './chart-layouts.js';
import { KINDS, RESOURCE_KINDS } from './kinds.js';
import { layoutGraph } from './layout.js';

const out: SavedLayouts = {};
for (const kind of RESOURCE_KINDS) {
  const graph = chartGraph(chartOf(KINDS[kind].machine));
  const input = JSON.stringify(graph);
  out[kind] = { input, graph: await layoutGraph(graph) };
}
await writeTextFile(LAYOUTS_FILE, JSON.stringify(out));
