// Run by `npm run build`: lays out every kind's chart and saves them for chart-layouts.ts.
import { writeTextFile } from '../platform/files.js';
import { chartGraph, chartOf } from './chart.js';
import { LAYOUTS_FILE, type SavedLayouts } from './chart-layouts.js';
import { CHART_KINDS, machineOf } from './kinds.js';
import { layoutGraph } from './layout.js';

const out: SavedLayouts = {};
for (const kind of CHART_KINDS) {
  const graph = chartGraph(chartOf(machineOf(kind)!));
  const input = JSON.stringify(graph);
  out[kind] = { input, graph: await layoutGraph(graph) };
}
await writeTextFile(LAYOUTS_FILE, JSON.stringify(out));
