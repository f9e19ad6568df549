// JSON answers, with Warning headers when field validation had something to say.
import { wholeResponse } from '../../platform/http.js';

export function jsonResponse(status: number, body: unknown, headers: [string, string][] = []): Response {
  const h = new Headers({ 'content-type': 'application/json' });
  for (const [k, v] of headers) h.append(k, v);
  return wholeResponse(JSON.stringify(body), { status, headers: h });
}
