// /healthz, /livez and /readyz as kube-apiserver answers them: "ok", or with `?verbose` (or
// when a check fails) one line per check, [+] or [-], then "<endpoint> check passed|failed";
// `/<endpoint>/<check>` answers for one check.

/** A named check: true when it passes. */
export type HealthCheck = readonly [name: string, passes: () => boolean];

const text = (body: string, status: number) => new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });

/** `path` is what follows the endpoint ('' or '/<check>'); a failing answer is 503, as this server's readiness always was. */
export function healthResponse(endpoint: 'healthz' | 'livez' | 'readyz', checks: readonly HealthCheck[], path: string, query: URLSearchParams): Response {
  const one = path.replace(/^\/+/, '');
  if (one) {
    const check = checks.find(([name]) => name === one);
    if (!check) return text('404 page not found\n', 404);
    return check[1]() ? text('ok', 200) : text(`[-]${one} failed: reason withheld\n`, 503);
  }
  const excluded = new Set(query.getAll('exclude'));
  const results = checks.filter(([name]) => !excluded.has(name)).map(([name, passes]) => [name, passes()] as const);
  const failed = results.some(([, ok]) => !ok);
  if (!failed && !query.has('verbose')) return text('ok', 200);
  const lines = results.map(([name, ok]) => (ok ? `[+]${name} ok` : `[-]${name} failed: reason withheld`));
  for (const name of excluded) if (checks.some(([n]) => n === name)) lines.push(`[+]${name} excluded: ok`);
  return text(`${lines.join('\n')}\n${endpoint} check ${failed ? 'failed' : 'passed'}\n`, failed ? 503 : 200);
}
