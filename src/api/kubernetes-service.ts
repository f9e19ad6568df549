// The `kubernetes` Service in the default namespace, as kube-apiserver keeps it: the API's own
// address (the first of the service range) and port, for clients inside the cluster to find it.
import { StoreError } from '../store/errors.js';
import type { ObjectStore, ResourceRef, Watch } from '../store/types.js';
import { firstAddress, parseCidr, SERVICE_CIDR } from './services/ranges.js';

const SERVICES: ResourceRef = { group: '', resource: 'services', kind: 'Service', namespaced: true };

/**
 * Created when missing (at start), and pointed at the port the API listens on now (a journal
 * reopened by a server on another port). KubernetesServiceKeeper makes it again when deleted.
 */
export async function ensureKubernetesService(store: ObjectStore, port: number): Promise<void> {
  const ip = firstAddress(parseCidr(SERVICE_CIDR));
  const ports = [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }];
  await store.create(SERVICES, {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      clusterIP: ip, clusterIPs: [ip], type: 'ClusterIP', sessionAffinity: 'None',
      ports,
      internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
    },
    status: { loadBalancer: {} },
  }, { cause: 'bootstrap' }).catch(async (err: unknown) => {
    if (!(err instanceof StoreError && err.reason === 'AlreadyExists')) throw err;
    const current = await store.get(SERVICES, 'default', 'kubernetes');
    if (JSON.stringify(current.spec?.ports) === JSON.stringify(ports)) return;
    await store.update(SERVICES, { ...current, spec: { ...current.spec, ports } }, { cause: 'bootstrap' });
  });
}

/**
 * Makes the `kubernetes` Service again when it is deleted, as kube-apiserver does (within
 * seconds there; here on hearing the deletion). Follows that one object by a watch, never polls.
 */
export class KubernetesServiceKeeper {
  private watch: Watch | null = null;

  constructor(private readonly store: ObjectStore, private readonly port: number) {}

  start(): void {
    this.watch = this.store.watch(SERVICES, { namespace: 'default', fieldSelector: 'metadata.name=kubernetes' });
    void (async () => {
      for await (const ev of this.watch!) {
        if (ev.type !== 'DELETED') continue;
        await ensureKubernetesService(this.store, this.port).catch((err: unknown) => {
          // Made again meanwhile (AlreadyExists is handled inside), or the store is closing.
          if (!(err instanceof StoreError)) throw err;
        });
      }
    })().catch(() => { /* the watch ended: closing */ });
  }

  stop(): void {
    this.watch?.stop();
    this.watch = null;
  }
}
