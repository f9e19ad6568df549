// Discovery documents built from the registry, and the create-only self reviews.
import t from 'tap';
import { RESOURCES } from '../src/api/resources/index.js';
import {
  apiVersions, apiGroupList, apiGroup, apiResourceList, apiResourceListForPath, versionInfo,
  aggregatedDiscovery, wantsAggregatedDiscovery, AGGREGATED_DISCOVERY_CONTENT_TYPE,
} from '../src/api/discovery.js';

type Json = Record<string, any>;

t.test('/api and /apis', async (t) => {
  t.same(apiVersions('127.0.0.1:6443'), {
    kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
  });
  const list = apiGroupList();
  t.equal(list.kind, 'APIGroupList');
  t.equal(list.apiVersion, 'v1');
  const groups = [...new Set(RESOURCES.filter((r) => r.group !== '').map((r) => r.group)), 'authentication.k8s.io', 'authorization.k8s.io'];
  t.same(list.groups.map((g) => g.name).sort(), groups.sort(), 'the registry\'s groups and the reviews\'');
  const apps = list.groups.find((g) => g.name === 'apps')!;
  t.same(apps.versions, [{ groupVersion: 'apps/v1', version: 'v1' }]);
  t.same(apps.preferredVersion, { groupVersion: 'apps/v1', version: 'v1' });
  t.same(apiGroup('apps'), apps);
  t.equal(apiGroup('nope'), undefined);
  t.equal(apiGroup(''), undefined);
});

t.test('APIResourceLists have every resource and its subresources', async (t) => {
  for (const r of RESOURCES) {
    const list = apiResourceList(r.group, r.version)!;
    t.equal(list.groupVersion, r.group === '' ? r.version : `${r.group}/${r.version}`);
    const e = list.resources.find((x) => x.name === r.resource);
    t.ok(e, `${r.resource} listed`);
    t.match(e, { singularName: r.singular, namespaced: r.namespaced, kind: r.kind });
    t.same(e!.verbs, [...r.verbs].sort());
    if (r.shortNames.length) t.same(e!.shortNames, r.shortNames);
  }
  const apps = apiResourceList('apps', 'v1')!;
  const byName = (n: string) => apps.resources.find((x) => x.name === n);
  t.match(byName('deployments'), { singularName: 'deployment', namespaced: true, kind: 'Deployment', shortNames: ['deploy'], categories: ['all'] });
  t.same(byName('deployments/scale'), {
    name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'],
  });
  t.same(byName('deployments/status'), { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] });
  const names = apps.resources.map((x) => x.name);
  t.same(names, [...names].sort(), 'sorted by name');

  const core = apiResourceList('', 'v1')!;
  t.same(core.resources.find((x) => x.name === 'pods/binding'), { name: 'pods/binding', singularName: '', namespaced: true, kind: 'Binding', verbs: ['create'] });
  t.match(core.resources.find((x) => x.name === 'pods/status'), { kind: 'Pod', verbs: ['get', 'patch', 'update'] });
  t.match(core.resources.find((x) => x.name === 'pods'), { shortNames: ['po'] });
  t.match(core.resources.find((x) => x.name === 'namespaces'), { namespaced: false, shortNames: ['ns'] });
  t.equal(apiResourceList('apps', 'v2'), undefined);
  t.equal(apiResourceList('nope', 'v1'), undefined);
  t.same(apiResourceListForPath('apis/apps/v1'), apps);
  t.same(apiResourceListForPath('/api/v1'), core);
  // The self reviews: created only, cluster-scoped, as kube-apiserver lists them.
  t.same(apiResourceList('authorization.k8s.io', 'v1')!.resources, [
    { name: 'selfsubjectaccessreviews', singularName: 'selfsubjectaccessreview', namespaced: false, kind: 'SelfSubjectAccessReview', verbs: ['create'] },
    { name: 'selfsubjectrulesreviews', singularName: 'selfsubjectrulesreview', namespaced: false, kind: 'SelfSubjectRulesReview', verbs: ['create'] },
  ]);
  t.same(apiResourceList('authentication.k8s.io', 'v1')!.resources.map((r) => r.name), ['selfsubjectreviews']);
});

t.test('/version', async (t) => {
  const v = versionInfo();
  t.match(v, { major: '1', minor: '32', gitVersion: 'v1.32.0-cybernetes', gitTreeState: 'clean' });
  t.match(v.platform, /^[a-z0-9]+\/[a-z0-9]+$/);
  t.ok(v.buildDate && v.goVersion && v.compiler && v.gitCommit);
});

t.test('aggregated discovery', async (t) => {
  t.ok(wantsAggregatedDiscovery('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json'));
  t.notOk(wantsAggregatedDiscovery('application/json'));
  t.notOk(wantsAggregatedDiscovery(null));
  t.equal(AGGREGATED_DISCOVERY_CONTENT_TYPE, 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  const legacy = aggregatedDiscovery(true) as Json;
  t.equal(legacy.kind, 'APIGroupDiscoveryList');
  t.equal(legacy.apiVersion, 'apidiscovery.k8s.io/v2');
  t.same(legacy.items.map((i: Json) => i.metadata.name), ['']);
  const pods = legacy.items[0].versions[0].resources.find((r: Json) => r.resource === 'pods');
  t.match(pods, { responseKind: { group: '', version: 'v1', kind: 'Pod' }, scope: 'Namespaced', singularResource: 'pod', shortNames: ['po'] });
  t.ok(pods.subresources.some((s: Json) => s.subresource === 'binding' && s.responseKind.kind === 'Binding'));
  const named = aggregatedDiscovery(false) as Json;
  const apps = named.items.find((i: Json) => i.metadata.name === 'apps');
  const deploy = apps.versions[0].resources.find((r: Json) => r.resource === 'deployments');
  t.same(deploy.subresources.find((s: Json) => s.subresource === 'scale'), {
    subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'],
  });
  t.equal(apps.versions[0].freshness, 'Current');
});
