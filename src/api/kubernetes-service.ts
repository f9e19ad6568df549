// The `kubernetes` Service in the default namespace, as kube-apiserver keeps it: the API's own
// address (the first of the service range) and port, for clients inside the cluster to find it.
import { StoreError } from '../store/errors.js';
import type { ObjectStore, ResourceRef } from '../store/types.js';
import { firstAddress, parseCidr, SERVICE_CIDR } from './services/ranges.js';

const SERVICES: ResourceRef = { group: '', resource: 'services', kind: 'Service', namespaced: true };

/** Created when missing (at start); `port`: the port the API listens on. */
export async function ensureKubernetesService(store: ObjectStore, port: number): Promise<void> {
  const ip = firstAddress(parseCidr(SERVICE_CIDR));
  await store.create(SERVICES, {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: ip, clusterIPs: [ip], type: 'ClusterIP', sessionAffinity: 'None',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }],
      internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
    },
    status: { loadBalancer: {} },
  }, { cause: 'bootstrap' }).catch((err: unknown) => {
    if (!(err instanceof StoreError && err.reason === 'AlreadyExists')) throw err;
  });
}
