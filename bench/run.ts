// The one entry to every benchmark: `npm run bench -- <scenario> [options] [--json FILE]`.
// Each scenario is a module `bench/<scenario>.ts` exporting `run(args)` that resolves to a
// flat JSON-able record of its figures; this file parses flags, prints, and writes --json.
import { parseArgs, writeJson, type BenchArgs } from './args.js';

const scenarios: Record<string, () => Promise<{ run(args: BenchArgs): Promise<Record<string, unknown>> }>> = {
  runtime: () => import('./runtime.js'),
  store: () => import('./store.js'),
  router: () => import('./router.js'),
  api: () => import('./api.js'),
  burst: () => import('./burst.js'),
  inspector: () => import('./inspector.js'),
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || !(name in scenarios)) {
    console.error(`usage: npm run bench -- <${Object.keys(scenarios).join('|')}> [--json FILE] [options]`);
    process.exitCode = 2;
    return;
  }
  const args = parseArgs(rest);
  const mod = await scenarios[name]!();
  const result = await mod.run(args);
  console.log(JSON.stringify(result, null, 2));
  if (typeof args.json === 'string') await writeJson(args.json, result);
}

await main(process.argv.slice(2));
