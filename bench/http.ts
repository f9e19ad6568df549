// The few API calls the scenarios make, as a client would: JSON over HTTP,
// failing loudly on an unexpected status.
import type { KObject } from '../src/store/types.js';

/** client-go's default: a 429 is retried after its Retry-After, up to 10 times. */
const MAX_RETRIES_429 = 10;

async function call(method: string, url: string, body: unknown, contentType: string, expect: number[]): Promise<KObject> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': contentType }, body: payload });
    const text = await res.text();
    if (res.status === 429 && attempt < MAX_RETRIES_429) {
      // A burst of creates may meet the server's in-flight limit, as it would meet kube-apiserver's.
      const seconds = Number(res.headers.get('retry-after'));
      await new Promise((r) => setTimeout(r, (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000));
      continue;
    }
    if (!expect.includes(res.status)) throw new Error(`${method} ${new URL(url).pathname}: ${res.status} ${text.slice(0, 300)}`);
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
