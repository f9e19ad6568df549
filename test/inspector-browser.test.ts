// The inspector in a real browser: Debian's chromium driven by playwright-core,
// against a cluster on 127.0.0.1. Skips (saying why) when either is missing:
//   apt-get install -y chromium        npm install -D playwright-core
// and fails instead when CYBERNETES_REQUIRE_BROWSER=1 (CI sets it once chromium is there).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { createCluster } from '../src/index.js';

const FIXTURE = new URL('../../../shared/fixtures/service-a.yaml', import.meta.url);
const ARTIFACTS = new URL('../../test/artifacts/', import.meta.url);
const WAIT = { timeout: 60_000 };

interface Page {
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout?: number; state?: string }): Promise<unknown>;
  waitForFunction(fn: string | ((arg: never) => unknown), arg?: unknown, options?: { timeout?: number }): Promise<unknown>;
  evaluate<T>(fn: string | ((arg: never) => T), arg?: unknown): Promise<T>;
  click(selector: string): Promise<void>;
  selectOption(selector: string, value: string): Promise<unknown>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  on(event: 'console' | 'pageerror', listener: (arg: { text(): string; type?(): string }) => void): void;
  on(event: 'response', listener: (arg: { status(): number; url(): string; request(): { method(): string } }) => void): void;
}
interface Browser { newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>; close(): Promise<void> }
interface Playwright { chromium: { launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> } }

function chromiumPath(): string | null {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null;
  } catch { return null; }
}

async function playwright(): Promise<Playwright | null> {
  const name = 'playwright-core';
  try {
    return (await import(name)) as Playwright;
  } catch { return null; }
}

const executablePath = chromiumPath();
const pw = await playwright();
const missing = [!executablePath && 'chromium (apt-get install -y chromium)', !pw && 'playwright-core (npm install -D playwright-core)'].filter(Boolean).join(' and ');
const skip = missing ? `needs ${missing}` : false;
if (missing) {
  if (process.env.CYBERNETES_REQUIRE_BROWSER === '1') t.fail(`CYBERNETES_REQUIRE_BROWSER=1, but ${missing} is missing`);
  else console.log(`# inspector browser test skipped: ${missing} missing`);
}

t.test('the inspector in headless chromium: actors, statechart, the 13 steps, counts, time travel', { skip }, async (t) => {
  if (!executablePath || !pw) return;
  const cluster = await createCluster({ nodes: 3 });
  t.teardown(() => cluster.close());
  const browser = await pw.chromium.launch({
    executablePath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // A failed fetch shows in the console without its URL; name it here.
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.request().method()} ${r.url()} answered ${r.status()}`); });
  page.on('console', (m) => { if (m.type?.() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });

  await page.goto(`${cluster.url}/inspector/`);
  await page.waitForSelector('#conn[data-state="open"]', WAIT);
  await page.waitForSelector('#chart svg[data-kind="Deployment"] g.state', WAIT);

  await cluster.apply(await readFile(FIXTURE, 'utf8'));
  // The Deployment is listed; its pods exist but cannot be scheduled (no pool-type=large node).
  await page.waitForSelector('#actors tr[data-kind="Deployment"][data-name="service-a"]', WAIT);
  await page.waitForSelector('#counts [data-kind="Pod"] .state-count[data-state="Unschedulable"][data-count="3"]', WAIT);
  t.pass('the Deployment is listed and its 3 pods are counted Unschedulable');

  await page.click('#actors tr[data-kind="Deployment"][data-name="service-a"]');
  await page.waitForSelector('#chart svg[data-kind="Deployment"] g.state.current', WAIT);
  const before = await page.evaluate(() => document.querySelector('#chart g.state.current')!.getAttribute('data-id'));
  t.match(before, /^deployment\.(Progressing|Available)$/, `the Deployment's chart highlights its state (${before})`);

  // Label a node pool-type=large: the pods get scheduled there and become Ready.
  const node = await cluster.get('Node', 'node-2');
  await cluster.apply({ ...node!, metadata: { ...node!.metadata, labels: { ...node!.metadata.labels, 'pool-type': 'large' } } });
  await page.waitForSelector('#counts [data-kind="Pod"] .state-count[data-state="Running.Ready"][data-count="3"]', WAIT);
  const unschedulableLeft = await page.evaluate(() => document.querySelectorAll('#counts [data-kind="Pod"] .state-count[data-state="Unschedulable"]').length);
  t.equal(unschedulableLeft, 0, 'the counts changed: 3 Running.Ready, no Unschedulable left');
  await page.waitForSelector('#chart g.state.current[data-id="deployment.Complete"]', WAIT);
  t.pass('the highlighted state followed the Deployment to Complete');
  await page.waitForSelector('#chart g.badge[data-id="deployment.Complete"][data-count="1"]', WAIT);

  // One pod's story: the 13 steps, drawn as a sequence diagram.
  await page.selectOption('#f-kind', 'Pod');
  await page.waitForSelector('#actors tr[data-kind="Pod"][data-state="Running.Ready"]', WAIT);
  await page.click('#actors tr[data-kind="Pod"]');
  await page.waitForSelector('#chart svg[data-kind="Pod"] g.state.current[data-id="pod.Running.Ready"]', WAIT);
  await page.waitForFunction(() => document.querySelectorAll('#steps li.found').length === 13, undefined, WAIT);
  const arrows = await page.evaluate(() => document.querySelectorAll('#sequence g.msg[data-step]').length);
  t.equal(arrows, 13, 'the sequence diagram has the 13 steps, from real traffic');
  const stepText = await page.evaluate(() => Array.from(document.querySelectorAll('#steps li')).map((li) => li.textContent));
  t.match(stepText[6], /scheduler/, 'step 7 is the scheduler binding the pod');

  // Time travel: back to the revision where the Deployment was created.
  const rev = await page.evaluate(() => {
    const meta = document.querySelector('#steps li[data-step="1"] .meta')!.textContent!;
    return Number(/rev (\d+)/.exec(meta)![1]);
  });
  await page.evaluate((r: number) => {
    const s = document.getElementById('scrubber') as HTMLInputElement;
    s.value = String(r);
    s.dispatchEvent(new Event('input', { bubbles: true }));
  }, rev);
  await page.waitForFunction((r: number) => document.getElementById('counts-note')!.textContent === `at revision ${r}`, rev, WAIT);
  const past = await page.evaluate(() => ({
    mode: document.getElementById('at-rev')!.getAttribute('data-mode'),
    pods: document.querySelectorAll('#counts [data-kind="Pod"] .state-count').length,
    deployment: Array.from(document.querySelectorAll('#counts [data-kind="Deployment"] .state-count')).map((e) => e.getAttribute('data-state')),
  }));
  t.equal(past.mode, 'past', 'the scrubber shows an earlier revision');
  t.equal(past.pods, 0, `no pods yet at revision ${rev}`);
  t.same(past.deployment, ['Progressing'], `the Deployment was Progressing at revision ${rev}`);

  await mkdir(ARTIFACTS, { recursive: true });
  await page.evaluate(() => (document.getElementById('live') as HTMLButtonElement).click());
  await page.waitForSelector('#at-rev[data-mode="live"]', WAIT);
  await page.selectOption('#f-kind', '');
  await page.screenshot({ path: new URL('inspector.png', ARTIFACTS).pathname, fullPage: true });
  t.same(errors, [], 'no errors in the page');
});
