// The few API calls the scenarios make, as a client would: JSON over HTTP,
// failing loudly on an unexpected status.
import type { KObject } from '../src/store/types.js';

/** client-go's default: a 429 is retried after its Retry-After, up to 10 times. */
export const MAX_RETRIES_429 = 10;

/**
 * How long to wait before sending a request again whose attempt `attempt` (0: the first) was
 * answered `status`, or null: the answer stands. A 429 is retried after its Retry-After (1 s
 * when there is none), up to MAX_RETRIES_429 times: a burst may meet the server's in-flight
 * limit, as it would meet kube-apiserver's. Both clients (this one and http-client.ts) ask it.
 */
export function waitBeforeResendMs(status: number, retryAfter: string | null | undefined, attempt: number): number | null {
  if (status !== 429 || attempt >= MAX_RETRIES_429) return null;
  const seconds = Number(retryAfter);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000;
}

/** The error to fail with when the final answer's status is not one of `expect`, else null. */
export function unexpectedStatus(method: string, url: string, status: number, text: string, expect: readonly number[]): string | null {
  return expect.includes(status) ? null : `${method} ${new URL(url).pathname}: ${status} ${text.slice(0, 300)}`;
}

async function call(method: string, url: string, body: unknown, contentType: string, expect: number[]): Promise<KObject> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': contentType }, body: payload });
    const text = await res.text();
    const wait = waitBeforeResendMs(res.status, res.headers.get('retry-after'), attempt);
    if (wait !== null) {
      await new Promise((r) => setTimeout(r, wait));
      continue;
    }
    const error = unexpectedStatus(method, url, res.status, text, expect);
    if (error) throw new Error(error);
    return text ? JSON.parse(text) as KObject : ({} as KObject);
  }
}

export const create = (base: string, path: string, object: KObject) => call('POST', base + path, object, 'application/json', [201]);
export const mergePatch = (base: string, path: string, patch: unknown) => call('PATCH', base + path, patch, 'application/merge-patch+json', [200]);
/** 404 is fine: gone already. */
export const remove = (base: string, path: string) => call('DELETE', base + path, undefined, 'application/json', [200, 202, 404]);

export const paths = {
  deployments: '/apis/apps/v1/namespaces/default/deployments',
  deployment: (name: string) => `/apis/apps/v1/namespaces/default/deployments/${name}`,
  pods: '/api/v1/namespaces/default/pods',
  pod: (name: string) => `/api/v1/namespaces/default/pods/${name}`,
  node: (name: string) => `/api/v1/nodes/${name}`,
};
