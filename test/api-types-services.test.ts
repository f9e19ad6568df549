// The Service and EndpointSlice kinds' rules (src/api/resources/service.ts, discovery.ts): defaults, validation and what an
// update keeps or drops, each as a table of manifests and what the registry makes of them.
import t from 'tap';
import type { KObject } from '../src/store/types.js';
import { endpoints, endpointslices, services } from '../src/api/resources/index.js';

const manifest = (spec: Record<string, any>): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec });
const created = (spec: Record<string, any>): KObject => { const o = manifest(spec); services.default(o); services.prepareForCreate!(o); return o; };
const errorsOf = (o: KObject, old?: KObject) => services.validate(o, old).map((e) => `${e.field}: ${e.message}`);

t.test('defaults', async (t) => {
  const o = created({ selector: { app: 'web' }, ports: [{ port: 80 }, { name: 'm', port: 9090, targetPort: 'metrics' }] });
  t.same(o.spec, {
    selector: { app: 'web' }, type: 'ClusterIP', sessionAffinity: 'None',
    ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }, { name: 'm', port: 9090, targetPort: 'metrics', protocol: 'TCP' }],
    internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
  });
  t.same(o.status, { loadBalancer: {} });
  const lb = created({ type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 443 }] }).spec!;
  t.equal(lb.externalTrafficPolicy, 'Cluster');
  t.equal(lb.allocateLoadBalancerNodePorts, true);
  t.same(lb.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  const ext = created({ type: 'ExternalName', externalName: 'db.example.com' }).spec!;
  t.same([ext.ipFamilies, ext.ipFamilyPolicy, ext.internalTrafficPolicy], [undefined, undefined, undefined], 'an ExternalName Service has no addresses to have families of');
});

const invalid: [string, Record<string, any>, string[]][] = [
  ['no ports', { selector: { app: 'web' } }, ['spec.ports: Required value']],
  ['headless without ports is fine', { clusterIP: 'None' }, []],
  ['two ports need names, distinct', { ports: [{ port: 80 }, { name: 'a', port: 81 }, { name: 'a', port: 82 }] }, ['spec.ports[0].name: Required value', 'spec.ports[2].name: Duplicate value: "a"']],
  ['a port out of range (and the target port defaulted to it), a bad protocol', { ports: [{ port: 70000, protocol: 'ICMP' }] }, ['spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive', 'spec.ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"', 'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
  ['a named target port that is no port name', { ports: [{ port: 80, targetPort: 'Http' }] }, ['spec.ports[0].targetPort: Invalid value: "Http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
  ['a node port on a ClusterIP Service', { ports: [{ port: 80, nodePort: 30080 }] }, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
  ['the same port and protocol twice', { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80 }] }, ['spec.ports[1]: Duplicate value: {"port":80,"protocol":"TCP"}']],
  ['an unknown type', { type: 'Ingress', ports: [{ port: 80 }] }, ['spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
  ['ExternalName without a name', { type: 'ExternalName' }, ['spec.externalName: Required value']],
  ['ExternalName with an address', { type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.9' }, ['spec.clusterIPs: Forbidden: may not be set for ExternalName services']],
  ['an address that is no IP', { clusterIP: '10.96.0', ports: [{ port: 80 }] }, ['spec.clusterIPs[0]: Invalid value: "10.96.0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
  ['clusterIPs without clusterIP', { clusterIPs: ['10.96.5.5'], ports: [{ port: 80 }] }, ['spec.clusterIPs: Invalid value: ["10.96.5.5"]: must be empty when `clusterIP` is not specified']],
  ['IPv6 on this single-stack cluster', { ipFamilies: ['IPv6'], ports: [{ port: 80 }] }, ['spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster']],
  ['externalTrafficPolicy on a ClusterIP Service', { externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }, ['spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services']],
  ['a selector with a bad label value', { selector: { app: 'a b' }, ports: [{ port: 80 }] }, ['spec.selector: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')']],
];

t.test('validation', async (t) => {
  for (const [name, spec, want] of invalid) t.same(errorsOf(created(spec)), want, name);
});

t.test('an update keeps what it left out, and drops what the new type does not need', async (t) => {
  const stored = created({ type: 'NodePort', clusterIP: '10.96.0.9', clusterIPs: ['10.96.0.9'], ports: [{ name: 'http', port: 80, nodePort: 30080 }, { name: 'm', port: 9090, nodePort: 30090 }] });
  const update = (spec: Record<string, any>): KObject => { const o = manifest(spec); services.default(o); services.prepareForUpdate!(o, stored); return o; };

  // An applied manifest without the allocated fields: they stay.
  const same = update({ type: 'NodePort', ports: [{ name: 'm', port: 9091 }, { name: 'http', port: 80 }] });
  t.equal(same.spec!.clusterIP, '10.96.0.9');
  t.same(same.spec!.clusterIPs, ['10.96.0.9']);
  t.same(same.spec!.ports.map((p: any) => p.nodePort), [30090, 30080], 'node ports follow their port names');
  t.same(errorsOf(same, stored), []);

  const toClusterIP = update({ type: 'ClusterIP', ports: [{ name: 'http', port: 80, nodePort: 30080 }] });
  t.equal(toClusterIP.spec!.ports[0].nodePort, undefined, 'a node port it had is dropped when the type no longer needs it');
  t.equal(toClusterIP.spec!.externalTrafficPolicy, undefined);
  t.same(errorsOf(toClusterIP, stored), []);

  const toExternal = update({ type: 'ExternalName', externalName: 'db.example.com', clusterIP: '10.96.0.9', clusterIPs: ['10.96.0.9'], ports: [{ port: 80 }] });
  t.same([toExternal.spec!.clusterIP, toExternal.spec!.clusterIPs, toExternal.spec!.ipFamilies], [undefined, undefined, undefined], 'to ExternalName: its address goes');
  t.same(errorsOf(toExternal, stored), []);

  const moved = update({ type: 'NodePort', clusterIP: '10.96.0.10', ports: [{ name: 'http', port: 80 }] });
  t.same(moved.spec!.clusterIPs, ['10.96.0.10'], 'clusterIPs follow a changed clusterIP');
  t.same(errorsOf(moved, stored), ['spec.clusterIPs[0]: Invalid value: "10.96.0.10": may not change once set']);

  const headless = created({ clusterIP: 'None', selector: { app: 'web' } });
  headless.spec!.clusterIPs = ['None'];
  const relabelled = manifest({ selector: { app: 'web2' } });
  services.default(relabelled);
  services.prepareForUpdate!(relabelled, headless);
  t.same([relabelled.spec!.clusterIP, relabelled.spec!.clusterIPs, errorsOf(relabelled, headless)], ['None', ['None'], []], 'a headless Service updated without its clusterIP stays headless');

  const status = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } };
  const withStatus = manifest({ type: 'NodePort', ports: [{ name: 'http', port: 80 }] });
  withStatus.status = status;
  services.default(withStatus);
  services.prepareForUpdate!(withStatus, stored);
  t.same(withStatus.status, stored.status, 'the main resource does not write status');
});

t.test('table', async (t) => {
  const now = Date.parse('2026-01-01T00:10:00Z');
  const row = (spec: Record<string, any>, status: Record<string, any> = {}) => {
    const o = manifest(spec);
    o.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    o.status = status;
    return services.cells(o, now);
  };
  t.same(services.columns.map((c) => c.name), ['Name', 'Type', 'Cluster-IP', 'External-IP', 'Port(s)', 'Age', 'Selector']);
  t.same(row({ type: 'ClusterIP', clusterIPs: ['10.96.0.9'], ports: [{ port: 80, protocol: 'TCP' }], selector: { tier: 'web', app: 'a' } }), ['web', 'ClusterIP', '10.96.0.9', '<none>', '80/TCP', '10m', 'app=a,tier=web']);
  t.same(row({ type: 'NodePort', clusterIPs: ['10.96.0.9'], externalIPs: ['1.1.1.1'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }).slice(1, 5), ['NodePort', '10.96.0.9', '1.1.1.1', '80:30080/TCP,53/UDP']);
  t.same(row({ type: 'LoadBalancer', clusterIPs: ['10.96.0.9'], ports: [] }).slice(3, 5), ['<pending>', '<none>']);
  t.same(row({ type: 'LoadBalancer', clusterIPs: ['10.96.0.9'] }, { loadBalancer: { ingress: [{ ip: '203.0.113.5' }, { hostname: 'lb.example.com' }] } })[3], '203.0.113.5,lb.example.com');
  t.same(row({ type: 'ExternalName', externalName: 'db.example.com' }).slice(2, 4), ['<none>', 'db.example.com']);
});

t.test('Endpoints: validation and table', async (t) => {
  const ep = (subsets: unknown[]): KObject => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' }, subsets } as KObject);
  const errs = (o: KObject) => { endpoints.default(o); return endpoints.validate(o).map((e) => `${e.field}: ${e.message}`); };
  t.same(errs(ep([{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }])), []);
  t.same(errs(ep([{ addresses: [{ ip: 'x' }], ports: [{ port: 80 }, { name: 'b', port: 0 }] }])), [
    'subsets[0].addresses[0].ip: Invalid value: "x": must be a valid IP address',
    'subsets[0].ports[0].name: Required value',
    'subsets[0].ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
  ]);
  const now = Date.parse('2026-01-01T00:05:00Z');
  t.same(endpoints.cells(ep([]), now), ['web', '<none>', '5m']);
  const four = ep([{ addresses: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'].map((ip) => ({ ip })), ports: [{ port: 80, protocol: 'TCP' }] }]);
  t.same(endpoints.cells(four, now)[1], '10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...');
});

t.test('EndpointSlice: defaults and validation', async (t) => {
  const slice = (o: Record<string, any>): KObject => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-abc', namespace: 'default' }, ...o });
  const check = (o: KObject, old?: KObject) => { endpointslices.default(o); return endpointslices.validate(o, old).map((e) => `${e.field}: ${e.message}`); };
  const ok = slice({ addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true } }], ports: [{ port: 80 }] });
  t.same(check(ok), []);
  t.same(ok.ports, [{ port: 80, name: '', protocol: 'TCP' }], 'port name and protocol defaulted');
  const cases: [string, Record<string, any>, string[]][] = [
    ['no address type', { endpoints: [] }, ['addressType: Required value']],
    ['an unknown address type', { addressType: 'IPX', endpoints: [] }, ['addressType: Unsupported value: "IPX": supported values: "FQDN", "IPv4", "IPv6"']],
    ['an endpoint without addresses', { addressType: 'IPv4', endpoints: [{ addresses: [] }] }, ['endpoints[0].addresses: Required value: must contain at least 1 address']],
    ['an address that is not IPv4', { addressType: 'IPv4', endpoints: [{ addresses: ['db.example.com'] }] }, ['endpoints[0].addresses[0]: Invalid value: "db.example.com": must be a valid IPv4 address']],
    ['port names twice', { addressType: 'IPv4', endpoints: [], ports: [{ name: 'a', port: 1 }, { name: 'a', port: 2 }] }, ['ports[1].name: Duplicate value: "a"']],
    ['a port out of range', { addressType: 'IPv4', endpoints: [], ports: [{ port: 70000 }] }, ['ports[0].port: Invalid value: 70000: must be between 0 and 65535, inclusive']],
  ];
  for (const [name, o, want] of cases) t.same(check(slice(o)), want, name);
  t.same(check(slice({ addressType: 'IPv6', endpoints: [] }), slice({ addressType: 'IPv4', endpoints: [] })), ['addressType: Invalid value: "IPv6": field is immutable']);
});
