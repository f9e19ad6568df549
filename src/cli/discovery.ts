// Reads the server's discovery documents (/api/v1, /apis, /apis/<g>/<v>)
// once per command, so resource names resolve as the server defines them.
import type { Client } from './client.js';
import { resourcesFromDiscovery, type DiscoveredList, type ResourceInfo } from './resources.js';

interface GroupList { groups: { name: string; versions: { groupVersion: string }[]; preferredVersion?: { groupVersion: string } }[] }

export async function discoverResources(client: Client): Promise<ResourceInfo[]> {
  const [core, groups] = await Promise.all([
    client.json<{ versions: string[] }>('GET', '/api'),
    client.json<GroupList>('GET', '/apis'),
  ]);
  const wanted: { groupVersion: string; preferred: boolean; path: string }[] = core.versions.map((v, i) => ({ groupVersion: v, preferred: i === 0, path: `/api/${v}` }));
  for (const g of groups.groups) {
    const preferred = g.preferredVersion?.groupVersion ?? g.versions[0]?.groupVersion;
    for (const v of g.versions) wanted.push({ groupVersion: v.groupVersion, preferred: v.groupVersion === preferred, path: `/apis/${v.groupVersion}` });
  }
  const lists = await Promise.all(wanted.map(async (w): Promise<DiscoveredList> => {
    const list = await client.json<{ resources: DiscoveredList['resources'] }>('GET', w.path);
    return { groupVersion: w.groupVersion, preferred: w.preferred, resources: list.resources };
  }));
  return resourcesFromDiscovery(lists);
}
