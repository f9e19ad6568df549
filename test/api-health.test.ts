// /healthz, /livez and /readyz as kube-apiserver answers them, verbose and per check.
import t from 'tap';
import { healthResponse, type HealthCheck } from '../src/api/health.js';
import { startServer } from './helpers/api.js';

t.test('the answers, passing and failing', async (t) => {
  let shuttingDown = false;
  const checks: HealthCheck[] = [['ping', () => true], ['journal', () => true], ['shutdown', () => !shuttingDown]];
  const answer = async (path: string, query = '') => {
    const r = healthResponse('readyz', checks, path, new URLSearchParams(query));
    return [r.status, await r.text()];
  };
  t.same(await answer(''), [200, 'ok']);
  t.same(await answer('', 'verbose'), [200, '[+]ping ok\n[+]journal ok\n[+]shutdown ok\nreadyz check passed\n']);
  t.same(await answer('', 'verbose&exclude=journal'), [200, '[+]ping ok\n[+]shutdown ok\n[+]journal excluded: ok\nreadyz check passed\n']);
  t.same(await answer('/ping'), [200, 'ok']);
  t.same((await answer('/nope'))[0], 404);
  shuttingDown = true;
  t.same(await answer(''), [503, '[+]ping ok\n[+]journal ok\n[-]shutdown failed: reason withheld\nreadyz check failed\n'], 'a failure lists every check');
  t.same(await answer('/shutdown'), [503, '[-]shutdown failed: reason withheld\n']);
});

t.test('served', async (t) => {
  const s = await startServer(t);
  t.equal((await s.request('GET', '/healthz')).text, 'ok');
  t.equal((await s.request('GET', '/readyz?verbose')).text, '[+]ping ok\n[+]journal ok\n[+]shutdown ok\nreadyz check passed\n');
  t.equal((await s.request('GET', '/livez/journal')).text, 'ok');
  t.equal((await s.request('GET', '/livez/shutdown')).status, 404, 'liveness has no shutdown check');
});
