// The one entry to every benchmark: `npm run bench -- <scenario> [options] [--json FILE] [--report DIR]`.
// Each scenario is a module `bench/<scenario>.ts` exporting `run(args)` that resolves to a
// JSON-able record of its figures (and, for the cluster scenarios, a `trace` the HTML report
// draws); this file parses flags, prints the figures, writes --json and --report.
// `compare A.json B.json` prints the ratios of two runs' figures.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { numberArg, parseArgs, writeJson, type BenchArgs } from './args.js';
import { compare, formatComparison } from './compare.js';
import { headlineTable } from './headline.js';
import { formatProfile, windowed, type CpuProfile } from './profile.js';
import { readyChart, renderReport } from './report/html.js';
import type { Trace } from './trace.js';

const scenarios: Record<string, () => Promise<{ run(args: BenchArgs): Promise<Record<string, unknown>> }>> = {
  runtime: () => import('./runtime.js'),
  store: () => import('./store.js'),
  router: () => import('./router.js'),
  api: () => import('./api.js'),
  burst: () => import('./burst.js'),
  churn: () => import('./churn.js'),
  rollout: () => import('./rollout.js'),
  heal: () => import('./heal.js'),
  inspector: () => import('./inspector.js'),
};

async function compareFiles(files: string[]): Promise<void> {
  if (files.length !== 2) throw new Error('usage: npm run bench -- compare A.json B.json');
  const [a, b] = await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as unknown));
  console.log(formatComparison(compare(a, b), basename(files[0]!), basename(files[1]!)));
}

async function headlineFiles(files: string[]): Promise<void> {
  if (files.length === 0) throw new Error('usage: npm run bench -- headline RUN.json [RUN.json ...]');
  const runs = await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as Record<string, unknown>));
  console.log(headlineTable(runs));
}

async function profileFile(argv: string[]): Promise<void> {
  const [file, ...rest] = argv;
  if (!file) throw new Error('usage: npm run bench -- profile FILE.cpuprofile [--top N] [--under NAME] [--window RUN.json]');
  const args = parseArgs(rest);
  let profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  if (typeof args.window === 'string') {
    const run = JSON.parse(await readFile(args.window, 'utf8')) as { profileWindowUs?: [number, number] };
    if (!Array.isArray(run.profileWindowUs)) throw new Error(`${args.window} has no profileWindowUs (burst, churn and rollout runs record it)`);
    profile = windowed(profile, run.profileWindowUs);
    const [from, to] = run.profileWindowUs;
    console.log(`the run's window: ${Math.round((to - from) / 1000)} ms`);
  }
  console.log(formatProfile(profile, numberArg(args, 'top', 20), typeof args.under === 'string' ? args.under : undefined));
}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === 'compare') return compareFiles(rest);
  if (name === 'headline') return headlineFiles(rest);
  if (name === 'profile') return profileFile(rest);
  if (!name || !(name in scenarios)) {
    console.error(`usage: npm run bench -- <${Object.keys(scenarios).join('|')}> [--json FILE] [--report DIR] [options]\n       npm run bench -- compare A.json B.json\n       npm run bench -- headline RUN.json [RUN.json ...]\n       npm run bench -- profile FILE.cpuprofile [--top N] [--under NAME] [--window RUN.json]`);
    process.exitCode = 2;
    return;
  }
  const args = parseArgs(rest);
  const mod = await scenarios[name]!();
  const { trace, ...result } = await mod.run(args);
  console.log(JSON.stringify(result, null, 2));
  if (typeof args.json === 'string') await writeJson(args.json, result);
  if (args.report !== undefined) {
    if (typeof args.report !== 'string') throw new Error('--report needs a directory');
    if (!trace) throw new Error(`${name} has no report (only the cluster scenarios do)`);
    await mkdir(args.report, { recursive: true });
    const file = join(args.report, `${name}.html`);
    await writeFile(file, renderReport(result, trace as Trace));
    await writeFile(join(args.report, `${name}-ready.svg`), readyChart(trace as Trace) + '\n');
    console.error(`report: ${file}`);
  }
}

await main(process.argv.slice(2));
