import t from 'tap';
import { parseApiPath } from '../src/api/request-path.js';

const rows: [string, unknown][] = [
  ['/api', { type: 'discovery-root', legacy: true }],
  ['/apis', { type: 'discovery-root', legacy: false }],
  ['/apis/apps', { type: 'discovery-group', group: 'apps' }],
  ['/api/v1', { type: 'discovery-version', group: '', version: 'v1' }],
  ['/apis/apps/v1', { type: 'discovery-version', group: 'apps', version: 'v1' }],
  ['/api/v1/pods', { type: 'resource', group: '', version: 'v1', resource: 'pods' }],
  ['/api/v1/namespaces', { type: 'resource', group: '', version: 'v1', resource: 'namespaces' }],
  ['/api/v1/namespaces/default', { type: 'resource', group: '', version: 'v1', resource: 'namespaces', name: 'default' }],
  ['/api/v1/namespaces/default/status', { type: 'resource', group: '', version: 'v1', resource: 'namespaces', name: 'default', subresource: 'status' }],
  ['/api/v1/namespaces/default/finalize', { type: 'resource', group: '', version: 'v1', resource: 'namespaces', name: 'default', subresource: 'finalize' }],
  ['/api/v1/namespaces/default/pods', { type: 'resource', group: '', version: 'v1', namespace: 'default', resource: 'pods' }],
  ['/api/v1/namespaces/ns1/pods/web-1', { type: 'resource', group: '', version: 'v1', namespace: 'ns1', resource: 'pods', name: 'web-1' }],
  ['/api/v1/namespaces/ns1/pods/web-1/binding', { type: 'resource', group: '', version: 'v1', namespace: 'ns1', resource: 'pods', name: 'web-1', subresource: 'binding' }],
  ['/apis/apps/v1/namespaces/ns1/deployments/d/scale', { type: 'resource', group: 'apps', version: 'v1', namespace: 'ns1', resource: 'deployments', name: 'd', subresource: 'scale' }],
  ['/api/v1/nodes/n1/status', { type: 'resource', group: '', version: 'v1', resource: 'nodes', name: 'n1', subresource: 'status' }],
  ['/apis/apps/v1/namespaces/ns1/deployments/d/scale/extra', { type: 'other', path: '/apis/apps/v1/namespaces/ns1/deployments/d/scale/extra' }],
  ['/openapi/v3', { type: 'openapi-v3' }],
  ['/openapi/v3/apis/apps/v1', { type: 'openapi-v3', gv: 'apis/apps/v1' }],
  ['/healthz', { type: 'other', path: '/healthz' }],
  ['/api/v1/namespaces/a%2Fb/pods', { type: 'resource', group: '', version: 'v1', namespace: 'a/b', resource: 'pods' }],
];

for (const [path, want] of rows) t.same(parseApiPath(path), want, path);
