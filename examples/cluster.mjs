// A Kubernetes-compatible control plane in-process, for your own tests.
import { createCluster } from 'cybernetes';

const cluster = await createCluster({ nodes: 3 }); // no dataDir: a temporary journal
console.log(cluster.url.startsWith('http://127.0.0.1:'));  // true: kubectl works against it too

await cluster.apply(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "nginx:1.27" }] }
`);

const web = await cluster.waitFor('Deployment', 'web', (d) => d.status?.availableReplicas === 3);
console.log(web.status.conditions.map((c) => `${c.type}=${c.status}`).join(' '));  // Available=True Progressing=True
const pods = await cluster.list('Pod', { namespace: 'default', labelSelector: 'app=web' });
console.log(pods.map((p) => p.status.phase).join(' '));                           // Running Running Running

await cluster.close();
