// The few API calls the scenarios make, as a client would: JSON over HTTP,
// failing loudly on an unexpected status.
import type { KObject } from '../src/store/types.js';

async function call(method: string, url: string, body: unknown, contentType: string, expect: number[]): Promise<KObject> {
  const res = await fetch(url, { method, headers: body === undefined ? {} : { 'content-type': contentType }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${new URL(url).pathname}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) as KObject : ({} as KObject);
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
