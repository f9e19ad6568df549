// The self-contained HTML report of one run (--report DIR): pods Ready over
// time, the startup-latency CDF, per-stage latencies, the run's parameters and
// its figures. Inline SVG and CSS; nothing fetched.
import type { Trace } from '../trace.js';
import { barChart, esc, lineChart } from './svg.js';

/** Nested figures as dotted rows (`podStartupMs.p99`); arrays of scalars joined. */
export function flatRows(entries: [string, unknown][], prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of entries) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) out.push([key, v.join(', ')]);
    else if (v && typeof v === 'object') out.push(...flatRows(Object.entries(v), key));
    else out.push([key, String(v)]);
  }
  return out;
}

function table(rows: [string, unknown][]): string {
  return `<table>${flatRows(rows).map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

/** Pods Ready over time, alone: the chart the README shows (`--report` writes it as <scenario>-ready.svg). */
export function readyChart(trace: Trace): string {
  const [ready] = trace.series;
  return lineChart({ title: `Pods Ready over time (${String(trace.params.scenario ?? 'bench')}, ${String(trace.params.pods ?? '')} pods)`, xLabel: 'ms since start', yLabel: 'pods Ready', series: ready ? [ready] : [], marks: trace.marks, step: true });
}

export function renderReport(result: Record<string, unknown>, trace: Trace, generatedAt = new Date()): string {
  const scenario = String(result.scenario ?? trace.params.scenario ?? 'bench');
  const figures = Object.entries(result).filter(([k]) => k !== 'trace' && !(k in trace.params));
  const [, ...others] = trace.series;
  const stages = (['scheduled', 'running', 'ready'] as const).map((s, i) => ({
    label: ['create → scheduled', 'scheduled → running', 'running → Ready'][i]!,
    values: { p50: trace.stages[s].p50, p90: trace.stages[s].p90, p99: trace.stages[s].p99 },
  }));
  const charts = [
    readyChart(trace),
    ...(others.length ? [lineChart({ title: 'Over time', xLabel: 'ms since start', yLabel: 'pods', series: others, marks: trace.marks, step: true })] : []),
    lineChart({ title: 'Pod startup latency (first seen → Ready), CDF', xLabel: 'ms', yLabel: 'fraction of pods', series: [{ name: 'startup', points: trace.startupCdf }], yMax: 1 }),
    barChart({ title: 'Per-stage latency (ms)', yLabel: 'ms', groups: stages }),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cybernetes bench: ${esc(scenario)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #111827; max-width: 1440px; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.charts svg { border: 1px solid #e5e7eb; border-radius: 4px; background: #fff; }
table { border-collapse: collapse; } th, td { text-align: left; padding: 2px 12px 2px 0; font-size: 0.9rem; vertical-align: top; }
th { font-weight: 600; color: #374151; } td { font-family: ui-monospace, monospace; }
.columns { display: flex; gap: 3rem; flex-wrap: wrap; }
</style></head><body>
<h1>cybernetes bench: ${esc(scenario)}</h1>
<p>Generated ${esc(generatedAt.toISOString())}. Times are as observed through watches by the bench, in this process.</p>
<div class="charts">${charts.join('\n')}</div>
<div class="columns">
<div><h2>Parameters</h2>${table(Object.entries(trace.params))}</div>
<div><h2>Figures</h2>${table(figures)}</div>
</div>
</body></html>
`;
}
