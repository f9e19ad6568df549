// The inspector in a real browser: Debian's chromium driven by playwright-core,
// against a cluster on 127.0.0.1. Skips (saying why) when either is missing, or
// fails under CYBERNETES_REQUIRE_BROWSER=1 (test/helpers/browser.ts).
import t, { type Test } from 'tap';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCluster } from '../src/index.js';
import { findBrowser } from './helpers/browser.js';

const FIXTURE = new URL('../../../shared/fixtures/service-a.yaml', import.meta.url);
const ARTIFACTS = new URL('../../test/artifacts/', import.meta.url);
const WAIT = { timeout: 60_000 };

interface Page {
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string, options?: { timeout?: number; state?: string }): Promise<unknown>;
  waitForFunction(fn: string | ((arg: never) => unknown), arg?: unknown, options?: { timeout?: number }): Promise<unknown>;
  evaluate<T>(fn: string | ((arg: never) => T), arg?: unknown): Promise<T>;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  route(url: (url: URL) => boolean, handler: (route: { continue(): Promise<void> }) => Promise<void>): Promise<void>;
  unroute(url: (url: URL) => boolean): Promise<void>;
  waitForResponse(predicate: (r: { url(): string }) => boolean, options?: { timeout?: number }): Promise<{ finished(): Promise<unknown> }>;
  addInitScript(script: string | (() => void)): Promise<void>;
  selectOption(selector: string, value: string): Promise<unknown>;
  screenshot(options: { path: string; fullPage?: boolean }): Promise<unknown>;
  on(event: 'console' | 'pageerror', listener: (arg: { text(): string; type?(): string }) => void): void;
  on(event: 'response', listener: (arg: { status(): number; url(): string; request(): { method(): string } }) => void): void;
}
interface Browser { newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>; close(): Promise<void> }
interface Playwright { chromium: { launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> } }

/** Reads until `ok` holds (or the time is up) and returns the last reading, for an assertion to show. */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = WAIT.timeout): Promise<T> {
  const end = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    v = await read();
  }
  return v;
}

/** "hh:mm:ss.mmm" → ms since midnight. */
const clock = (s: string) => {
  const [h, m, rest] = s.split(':');
  return (Number(h) * 60 + Number(m)) * 60_000 + Math.round(Number(rest) * 1000);
};

const { executablePath, playwright: pw, skip } = await findBrowser<Playwright>(t, 'inspector browser test');

/**
 * A page in a fresh chromium (closed at teardown), and what went wrong in it: uncaught errors,
 * responses of 400 and more (a failed fetch shows in the console without its URL; named here),
 * and with `consoleErrors` what the page logged as an error.
 */
async function browserPage(t: Test, options: { consoleErrors?: boolean } = {}): Promise<{ browser: Browser; page: Page; errors: string[] }> {
  const browser = await pw!.chromium.launch({
    executablePath: executablePath!, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  t.teardown(() => browser.close());
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.request().method()} ${r.url()} answered ${r.status()}`); });
  if (options.consoleErrors) page.on('console', (m) => { if (m.type?.() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text()); });
  return { browser, page, errors };
}

t.test('the inspector in headless chromium: actors, statechart, the 13 steps, counts, time travel', { skip }, async (t) => {
  if (!executablePath || !pw) return;
  const cluster = await createCluster({ nodes: 3 });
  t.teardown(() => cluster.close());
  const { page, errors } = await browserPage(t, { consoleErrors: true });

  // The screenshot is taken however the test ends: a failure's is the one worth looking at.
  const screenshot = async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: new URL('inspector.png', ARTIFACTS).pathname, fullPage: true });
  };
  try {
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

    // The Deployment's story so far: created down to its pods, which no scheduler could bind.
    const storyOf = () => page.evaluate(() => ({
      of: document.getElementById('story-of')!.textContent,
      found: Array.from(document.querySelectorAll('#steps li.found')).map((li) => Number(li.getAttribute('data-step'))),
      steps: document.querySelectorAll('#steps li').length,
    }));
    const early = await until(storyOf, (s) => s.found.length === 6);
    t.match(early.of, /^Deployment\/service-a\/service-a → ReplicaSet\/service-a\/service-a-[a-z0-9]+ → Pod\/service-a\/service-a-[a-z0-9]+-[a-z0-9]+$/, "the Deployment's story follows it to a ReplicaSet and a Pod");
    t.same([early.steps, early.found], [13, [1, 2, 3, 4, 5, 6]], 'steps 1-6 found (created, down to the scheduler), 7-13 not yet: nothing can bind the pods');

    // Record every element of the chart that starts to flash (animateTransition) from here on.
    await page.evaluate(() => {
      const w = window as unknown as { flashes: { tag: string; id: string | null; source: string | null; target: string | null }[] };
      w.flashes = [];
      new MutationObserver((ms) => {
        for (const m of ms) {
          const e = m.target as Element;
          if (!e.classList.contains('flash') || (m.oldValue ?? '').split(/\s+/).includes('flash')) continue;
          w.flashes.push({ tag: e.classList.contains('edge') ? 'edge' : e.classList.contains('state') ? 'state' : e.tagName, id: e.getAttribute('data-id'), source: e.getAttribute('data-source'), target: e.getAttribute('data-target') });
        }
      }).observe(document.getElementById('chart')!, { subtree: true, attributes: true, attributeFilter: ['class'], attributeOldValue: true });
    });

    // Label a node pool-type=large: the pods get scheduled there and become Ready.
    const node = await cluster.get('Node', 'node-2');
    await cluster.apply({ ...node!, metadata: { ...node!.metadata, labels: { ...node!.metadata.labels, 'pool-type': 'large' } } });
    await page.waitForSelector('#counts [data-kind="Pod"] .state-count[data-state="Running.Ready"][data-count="3"]', WAIT);
    const unschedulableLeft = await page.evaluate(() => document.querySelectorAll('#counts [data-kind="Pod"] .state-count[data-state="Unschedulable"]').length);
    t.equal(unschedulableLeft, 0, 'the counts changed: 3 Running.Ready, no Unschedulable left');
    await page.waitForSelector('#chart g.state.current[data-id="deployment.Complete"]', WAIT);
    t.pass('the highlighted state followed the Deployment to Complete');
    await page.waitForSelector('#chart g.badge[data-id="deployment.Complete"][data-count="1"]', WAIT);

    // The move to Complete was animated: the state flashed, and an edge into it.
    type Flash = { tag: string; id: string | null; source: string | null; target: string | null };
    const flashes = () => page.evaluate(() => (window as unknown as { flashes: Flash[] }).flashes);
    const seen = await until(flashes, (f) => f.some((x) => x.tag === 'state' && x.id === 'deployment.Complete') && f.some((x) => x.tag === 'edge' && x.target === 'deployment.Complete'));
    t.ok(seen.some((x) => x.tag === 'state' && x.id === 'deployment.Complete'), 'the Complete state flashed as the Deployment entered it');
    const into = [...new Set(seen.filter((x) => x.tag === 'edge' && x.target === 'deployment.Complete').map((x) => x.source))];
    t.same(into, ['deployment.route'], 'the edge into Complete flashed (from route, the state the Deployment passes through on each change)');
    t.notOk(seen.some((x) => x.tag === 'state' && x.id === 'deployment.Paused'), 'states it did not enter stayed still');

    // The Deployment's story now: all 13 steps, from the client's HTTP apply to its own status write.
    const full = await until(storyOf, (s) => s.found.length === 13);
    t.same(full.found, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], "the Deployment's story has all 13 steps");
    const depMeta = await page.evaluate(() => Array.from(document.querySelectorAll('#steps li div.meta')).map((e) => e.textContent!));
    t.match(depMeta[0], /^client → journal {2}· rev \d+$/, 'step 1: the client wrote it over HTTP');
    t.match(depMeta[12], /^Deployment\/service-a\/service-a → journal {2}· rev \d+ {2}· msg #\d+$/, 'step 13: the Deployment actor wrote its status');

    // Filters: namespace, state and name narrow the list (kind: all).
    const rows = () => page.evaluate(() => Array.from(document.querySelectorAll('#actors tbody tr')).map((tr) => [tr.getAttribute('data-kind'), tr.getAttribute('data-namespace'), tr.getAttribute('data-state')]));
    const filtered = async (f: { namespace?: string; state?: string; name?: string }, expected: (string | null)[][], what: string) => {
      await page.fill('#f-namespace', f.namespace ?? '');
      await page.fill('#f-state', f.state ?? '');
      await page.fill('#f-name', f.name ?? '');
      const got = await until(rows, (r) => JSON.stringify(r) === JSON.stringify(expected));
      t.same(got, expected, what);
    };
    const rsState = await page.evaluate(() => document.querySelector('#counts [data-kind="ReplicaSet"] .state-count')!.getAttribute('data-state'));
    await filtered({ namespace: 'service-a' }, [['Deployment', 'service-a', 'Complete'], ['Pod', 'service-a', 'Running.Ready'], ['Pod', 'service-a', 'Running.Ready'], ['Pod', 'service-a', 'Running.Ready'], ['ReplicaSet', 'service-a', rsState]], 'namespace service-a: its Deployment, pods and ReplicaSet, nothing else');
    await filtered({ namespace: 'service-a', state: 'Running' }, [['Pod', 'service-a', 'Running.Ready'], ['Pod', 'service-a', 'Running.Ready'], ['Pod', 'service-a', 'Running.Ready']], 'and state Running: its 3 pods (Running.Ready is in Running)');
    await filtered({ namespace: 'service-a', state: 'Complete' }, [['Deployment', 'service-a', 'Complete']], 'state Complete: the Deployment');
    await filtered({ namespace: 'service-a', name: 'service-a-' }, [['Pod', 'service-a', 'Running.Ready'], ['Pod', 'service-a', 'Running.Ready'], ['Pod', 'service-a', 'Running.Ready'], ['ReplicaSet', 'service-a', rsState]], 'name service-a-: the ReplicaSet and its pods, not the Deployment');
    // Typing on while an answer is on its way: the older filter's answer, arriving last, must not replace the newer one's.
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const isRunning = (u: URL) => u.pathname.endsWith('/api/actors') && u.searchParams.get('state') === 'Running';
    await page.route(isRunning, async (route) => { await held; await route.continue(); });
    await page.fill('#f-state', 'Running');
    const late = page.waitForResponse((r) => isRunning(new URL(r.url())), WAIT);
    await filtered({ namespace: 'service-a', state: 'Complete' }, [['Deployment', 'service-a', 'Complete']], 'state Complete typed over Running: the Deployment');
    release();
    await (await late).finished();
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    t.same(await rows(), [['Deployment', 'service-a', 'Complete']], "the late answer for Running did not replace Complete's");
    await page.unroute(isRunning);
    await filtered({ namespace: 'default' }, [], 'namespace default: nothing');
    await filtered({ state: 'Unschedulable' }, [], 'state Unschedulable: nothing any more');
    t.match(await page.evaluate(() => document.getElementById('actors-total')!.textContent), /^0 matching/, 'and the total says so');
    for (const f of ['#f-namespace', '#f-state', '#f-name']) await page.fill(f, '');
    const all = await until(rows, (r) => r.some((x) => x[0] === 'Node') && r.some((x) => x[0] === 'Deployment'));
    t.ok(all.some((x) => x[0] === 'Node') && all.some((x) => x[0] === 'Deployment'), 'filters cleared: nodes and the Deployment listed again');

    // One pod's story: the 13 steps, drawn as a sequence diagram.
    await page.selectOption('#f-kind', 'Pod');
    await page.waitForSelector('#actors tr[data-kind="Pod"][data-state="Running.Ready"]', WAIT);
    await page.click('#actors tr[data-kind="Pod"]');
    await page.waitForSelector('#chart svg[data-kind="Pod"] g.state.current[data-id="pod.Running.Ready"]', WAIT);
    await page.waitForFunction(() => document.querySelectorAll('#steps li.found').length === 13 && /^Pod\//.test(document.getElementById('story-of')!.textContent!.split(' → ').pop()!), undefined, WAIT);
    const story = await page.evaluate(() => ({
      // An arrow is drawn for a step found, between two lifelines (a line, or a path to itself).
      arrows: Array.from(document.querySelectorAll('#sequence g.msg[data-step]:not(.missing)')).filter((g) => g.querySelector('line, path')).map((g) => Number(g.getAttribute('data-step'))),
      missing: document.querySelectorAll('#sequence g.msg.missing').length,
      steps: Array.from(document.querySelectorAll('#steps li')).map((li) => ({
        n: Number(li.getAttribute('data-step')),
        found: li.classList.contains('found'),
        title: li.querySelector(':scope > span:nth-child(2)')!.firstChild!.textContent!,
        meta: li.querySelector('div.meta')!.textContent!,
        time: li.querySelector(':scope > span.meta')!.textContent!,
      })),
    }));
    t.same(story.arrows, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], 'the sequence diagram draws an arrow for each of the 13 steps, from real traffic');
    t.equal(story.missing, 0, 'none drawn as missing');
    const step7 = story.steps[6]!;
    t.ok(step7.found, 'step 7 found');
    t.match(step7.title, /^The scheduler binds the Pod to a Node/, 'step 7 is the scheduler binding the pod');
    const bind = /^scheduler → journal {2}· rev (\d+) {2}· msg #\d+$/.exec(step7.meta);
    t.ok(bind, `step 7 was the scheduler's write, its message and revision named (${step7.meta})`);
    const created = /rev (\d+)/.exec(story.steps[4]!.meta);
    t.ok(bind && created && Number(bind[1]) > Number(created[1]), 'the bind is a later revision of the pod than its creation');
    t.ok(story.steps.every((s) => /^\d\d:\d\d:\d\d\.\d{3}$/.test(s.time)), `each step shows its time (${story.steps.map((s) => s.time).join(' ')})`);
    const times = story.steps.map((s) => clock(s.time));
    // (a run across midnight starts again at 0)
    t.ok(times.every((x, i) => i === 0 || x >= times[i - 1]! || times[i - 1]! - x > 12 * 3600_000), `the steps' times never go back (${story.steps.map((s) => s.time).join(' ')})`);

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

    await page.evaluate(() => (document.getElementById('live') as HTMLButtonElement).click());
    await page.waitForSelector('#at-rev[data-mode="live"]', WAIT);
    await page.selectOption('#f-kind', '');

    // The scheduler's chart: a parallel machine, drawn as its two regions, one current state in each.
    await page.click('#chart-tabs button[data-kind="scheduler"]');
    await page.waitForSelector('#chart svg[data-kind="scheduler"] g.state.current', WAIT);
    const sched = await until(() => page.evaluate(() => ({
      regions: Array.from(document.querySelectorAll('#chart g.state.compound')).map((g) => g.getAttribute('data-id')),
      current: Array.from(document.querySelectorAll('#chart g.state.current')).map((g) => g.getAttribute('data-id')).sort(),
      selfLoop: document.querySelectorAll('#chart g.edge[data-source="scheduler.cycle.Scheduling"][data-target="scheduler.cycle.Scheduling"] path').length,
      labels: Array.from(document.querySelectorAll('#chart g.edge text')).map((e) => e.textContent),
    })), (x) => x.current.length === 2);
    t.same(sched.regions, ['scheduler.cycle', 'scheduler.backoff'], 'its regions drawn');
    t.match(sched.current, [/^scheduler\.backoff\.(Clear|BackingOff)$/, /^scheduler\.cycle\.(Syncing|Idle|Scheduling)$/], `one current state per region (${sched.current.join(', ')})`);
    t.equal(sched.selfLoop, 1, "Scheduling's guarded re-entry drawn as a loop");
    t.ok(sched.labels.includes('cycle.done [dirty]') && sched.labels.includes('cycle.done [hasBackoff]'), 'edges labelled with events and guards');
    await page.click('#chart-tabs button[data-kind="Pod"]');
  } finally {
    await screenshot().catch((err: unknown) => t.comment(`no screenshot: ${String(err)}`));
  }
  t.same(errors, [], 'no errors in the page');
});

t.test('the inspector in headless chromium under a token file: ?token= opens the stream and a selection streams its detail', { skip }, async (t) => {
  if (!executablePath || !pw) return;
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-inspector-auth-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const token = 'inspector-test-admin-token';
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(tokenFile, `${token},admin,1,"system:masters"\n`);
  const cluster = await createCluster({ nodes: 2, tokenFile });
  t.teardown(() => cluster.close());

  // Without the token the API and the stream answer 401; the page's shell (no cluster data) loads.
  const base = `${cluster.url}/inspector/`;
  for (const path of ['api/summary', 'api/actors', 'api/chart/Pod', 'events', `events?access_token=wrong`]) {
    t.equal((await fetch(base + path)).status, 401, `${path} without the token: 401`);
  }
  const select = await fetch(base + 'api/select', { method: 'POST', body: JSON.stringify({ client: 'c1', kind: 'Node', name: 'node-1' }) });
  t.equal(select.status, 401, 'api/select without the token: 401');
  t.equal((await fetch(base)).status, 200, 'the page itself loads without it');
  const withToken = await fetch(base + 'api/summary', { headers: { authorization: `Bearer ${token}` } });
  t.equal(withToken.status, 200, 'api/summary with the token: 200');

  const { browser, page, errors } = await browserPage(t);
  // What comes down the page's stream, as the page receives it.
  await page.addInitScript(() => {
    const w = window as unknown as { streamed: { url: string; actors: { kind: string; name: string; state: string | null; actor: { address: string } | null }[] } };
    w.streamed = { url: '', actors: [] };
    const Native = window.EventSource;
    window.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        w.streamed.url = new URL(String(url), location.href).href;
        this.addEventListener('actor', (e) => w.streamed.actors.push(JSON.parse((e as MessageEvent).data)));
      }
    };
  });
  try {
    await page.goto(`${base}?token=${encodeURIComponent(token)}`);
    await page.waitForSelector('#conn[data-state="open"]', WAIT);
    t.pass('the stream opens with the token');
    await page.waitForSelector('#counts [data-kind="Node"] .state-count[data-state="Ready"][data-count="2"]', WAIT);
    await page.waitForSelector('#chart svg[data-kind="Deployment"] g.state', WAIT);
    t.pass('counts and the chart came through the API with the token');
    await page.click('#actors tr[data-kind="Node"][data-name="node-1"]');
    await page.waitForSelector('#chart svg[data-kind="Node"] g.state.current', WAIT);
    const streamed = await until(
      () => page.evaluate(() => (window as unknown as { streamed: { url: string; actors: { kind: string; name: string; state: string | null; actor: { address: string } | null }[] } }).streamed),
      (s) => s.actors.some((a) => a.name === 'node-1'),
    );
    t.match(streamed.url, /\/inspector\/events\?access_token=inspector-test-admin-token$/, 'the stream carries the token in its URL');
    const detail = streamed.actors.find((a) => a.name === 'node-1');
    t.match(detail, { kind: 'Node', name: 'node-1', state: 'Ready' }, "the selected node's detail came down the stream");
    t.match(detail?.actor?.address, /\/Node\/node-1$/, 'with its actor');
    t.equal(await page.evaluate(() => document.getElementById('detail-list')!.getAttribute('data-state')), 'Ready', 'and is shown');
  } finally {
    await mkdir(ARTIFACTS, { recursive: true }).then(() => page.screenshot({ path: new URL('inspector-auth.png', ARTIFACTS).pathname, fullPage: true }))
      .catch((err: unknown) => t.comment(`no screenshot: ${String(err)}`));
  }
  t.same(errors, [], 'no errors in the page');

  // The same page without the token: its stream is refused, and the page says so.
  const anonymous = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const refused: number[] = [];
  anonymous.on('response', (r) => { if (new URL(r.url()).pathname.startsWith('/inspector/api/')) refused.push(r.status()); });
  await anonymous.goto(base);
  await anonymous.waitForSelector('#conn[data-state="error"]', WAIT);
  t.pass('without the token the page shows its stream failing');
  t.ok(refused.length > 0 && refused.every((s) => s === 401), `its API calls answered 401 (${refused.join(' ')})`);
});
