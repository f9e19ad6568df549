// Cluster IPs and node ports (src/api/services/allocation.ts, ranges.ts): a table of Services,
// what is taken, and what each gets or why it is refused.
import t, { type Test } from 'tap';
import type { KObject } from '../src/store/types.js';
import { allocate, heldBy, RangeFullError } from '../src/api/services/allocation.js';
import { firstAddress, inRange, ipv4ToNumber, numberToIpv4, parseCidr, SERVICE_CIDR, NODE_PORT_RANGE } from '../src/api/services/ranges.js';

const RANGE = parseCidr(SERVICE_CIDR);

/** A seeded source: the same picks every run. */
function seeded(seed = 1): () => number {
  let s = seed;
  return () => { s = (s * 48271) % 0x7fffffff; return s / 0x7fffffff; };
}

const svc = (spec: Record<string, any>): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec: { type: 'ClusterIP', ports: [{ port: 80, protocol: 'TCP' }], ...spec } });

t.test('ranges', async (t) => {
  t.same([RANGE.base, RANGE.size], [ipv4ToNumber('10.96.0.0'), 2 ** 20]);
  t.equal(firstAddress(RANGE), '10.96.0.1');
  t.equal(numberToIpv4(ipv4ToNumber('10.111.255.254')!), '10.111.255.254');
  const cases: [string, boolean][] = [['10.96.0.0', false], ['10.96.0.1', true], ['10.111.255.254', true], ['10.111.255.255', false], ['10.112.0.1', false], ['1.2.3.4', false], ['10.96.0', false], ['10.96.0.256', false], ['None', false]];
  for (const [ip, ok] of cases) t.equal(inRange(RANGE, ip), ok, ip);
  t.same(parseCidr('192.168.7.9/24'), { cidr: '192.168.7.9/24', base: ipv4ToNumber('192.168.7.0'), size: 256 }, 'the network address of a CIDR given by a host in it');
  t.throws(() => parseCidr('10.96.0.0'), /not an IPv4 CIDR/);
});

type Case = {
  name: string;
  spec: Record<string, any>;
  old?: Record<string, any>;
  taken?: { ips?: string[]; ports?: number[] };
  /** checks on the Service after */
  expect: (t: Test, s: Record<string, any>, got: { ips: string[]; ports: number[] }) => void;
  errors?: string[];
};

const cases: Case[] = [
  {
    name: 'a ClusterIP Service gets a random address in the range, not the first', spec: {},
    expect: (t, s, got) => {
      t.ok(inRange(RANGE, s.clusterIP) && s.clusterIP !== '10.96.0.1', s.clusterIP);
      t.same(s.clusterIPs, [s.clusterIP]);
      t.same([got.ips, got.ports], [[s.clusterIP], []]);
      t.notOk(s.ports[0].nodePort, 'no node port');
    },
  },
  {
    name: 'an address asked for and free is given', spec: { clusterIP: '10.96.0.10' },
    expect: (t, s, got) => { t.same(s.clusterIPs, ['10.96.0.10']); t.same(got.ips, ['10.96.0.10']); },
  },
  {
    name: 'an address taken is refused', spec: { clusterIP: '10.96.0.10' }, taken: { ips: ['10.96.0.10'] },
    expect: () => {}, errors: ['spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed to allocate IP 10.96.0.10: provided IP is already allocated'],
  },
  {
    name: 'an address outside the range is refused', spec: { clusterIP: '192.168.0.1' },
    expect: () => {}, errors: ['spec.clusterIPs: Invalid value: ["192.168.0.1"]: failed to allocate IP 192.168.0.1: the provided IP (192.168.0.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12'],
  },
  {
    name: 'an update keeps its own address (taken, but by itself)', spec: { clusterIP: '10.96.0.10' }, old: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] }, taken: { ips: ['10.96.0.10'] },
    expect: (t, s, got) => { t.equal(s.clusterIP, '10.96.0.10'); t.same(got.ips, [], 'nothing new held'); },
  },
  { name: 'headless: no address', spec: { clusterIP: 'None' }, expect: (t, s, got) => { t.same(s.clusterIPs, ['None']); t.same(got.ips, []); } },
  { name: 'ExternalName: no address, no ports', spec: { type: 'ExternalName', externalName: 'db.example.com' }, expect: (t, s, got) => { t.equal(s.clusterIP, undefined); t.same([got.ips, got.ports], [[], []]); } },
  {
    name: 'NodePort: every port gets a node port from 30000-32767, distinct', spec: { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] },
    expect: (t, s, got) => {
      const ports = s.ports.map((p: any) => p.nodePort);
      t.ok(ports.every((p: number) => p >= NODE_PORT_RANGE.min && p <= NODE_PORT_RANGE.max), String(ports));
      t.not(ports[0], ports[1]);
      t.same(got.ports, ports);
    },
  },
  {
    name: 'a node port asked for and taken is refused', spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }, taken: { ports: [30080] },
    expect: () => {}, errors: ['spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated'],
  },
  {
    name: 'a node port outside the range is refused', spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] },
    expect: () => {}, errors: ['spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767'],
  },
  {
    name: 'two ports of one Service asking for the same node port: the second is refused', spec: { type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] },
    expect: () => {}, errors: ['spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated'],
  },
  {
    name: 'an update keeps its node port', spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }, old: { type: 'NodePort', clusterIP: '10.96.0.9', ports: [{ port: 80, nodePort: 30080 }] }, taken: { ports: [30080], ips: ['10.96.0.9'] },
    expect: (t, s, got) => { t.equal(s.ports[0].nodePort, 30080); t.same(got.ports, []); },
  },
  {
    name: 'LoadBalancer with node ports turned off gets none', spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false },
    expect: (t, s, got) => { t.equal(s.ports[0].nodePort, undefined); t.same(got.ports, []); },
  },
  {
    name: 'LoadBalancer with node ports turned off: a node port asked for is still checked', spec: { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ port: 80, nodePort: 30080 }] }, taken: { ports: [30080] },
    expect: () => {}, errors: ['spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated'],
  },
  {
    name: 'one port number over TCP and UDP shares one node port, asked for or given', spec: { type: 'NodePort', ports: [{ name: 'a', port: 53, protocol: 'TCP', nodePort: 30053 }, { name: 'b', port: 53, protocol: 'UDP', nodePort: 30053 }, { name: 'c', port: 80, protocol: 'TCP' }, { name: 'd', port: 80, protocol: 'UDP' }] },
    expect: (t, s, got) => {
      t.equal(s.ports[2].nodePort, s.ports[3].nodePort, 'given: the same for both');
      t.same(got.ports, [30053, s.ports[2].nodePort], 'each held once');
    },
  },
  {
    name: 'LoadBalancer with externalTrafficPolicy Local gets a health check node port', spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Local' },
    expect: (t, s, got) => { t.ok(s.healthCheckNodePort >= 30000); t.equal(got.ports.length, 2); t.not(s.healthCheckNodePort, s.ports[0].nodePort); },
  },
];

for (const c of cases) {
  t.test(c.name, async (t) => {
    const s = svc(c.spec);
    const got = allocate(s, c.old ? svc(c.old) : undefined, { ips: new Set(c.taken?.ips ?? []), ports: new Set(c.taken?.ports ?? []) }, RANGE, NODE_PORT_RANGE, seeded());
    t.same(got.errors.map((e) => `${e.field}: ${e.message}`), c.errors ?? [], 'errors');
    if (!c.errors) c.expect(t, s.spec, got);
  });
}

t.test('a random pick skips what is taken', async (t) => {
  // The same seed picks the same address first; taken, the next draw is used instead.
  const first = svc({});
  allocate(first, undefined, { ips: new Set(), ports: new Set() }, RANGE, NODE_PORT_RANGE, seeded());
  const again = svc({});
  allocate(again, undefined, { ips: new Set([first.spec!.clusterIP]), ports: new Set() }, RANGE, NODE_PORT_RANGE, seeded());
  t.ok(inRange(RANGE, again.spec!.clusterIP), again.spec!.clusterIP);
  t.not(again.spec!.clusterIP, first.spec!.clusterIP);
});

t.test('a nearly full range still finds its last address; a full one says so', async (t) => {
  const tiny = parseCidr('10.0.0.0/29'); // 8 addresses: .0 network, .1 the kubernetes Service's, .7 broadcast
  const taken = new Set(['10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.6']);
  const s = svc({});
  allocate(s, undefined, { ips: taken, ports: new Set() }, tiny, NODE_PORT_RANGE, seeded(7));
  t.equal(s.spec!.clusterIP, '10.0.0.5');
  taken.add('10.0.0.5');
  let thrown: unknown;
  try { allocate(svc({}), undefined, { ips: taken, ports: new Set() }, tiny, NODE_PORT_RANGE, seeded()); } catch (err) { thrown = err; }
  t.ok(thrown instanceof RangeFullError, 'RangeFullError');
  t.match((thrown as Error).message, /failed to allocate a serviceIP: range is full/);
});

t.test('what a Service holds', async (t) => {
  t.same(heldBy(svc({ clusterIP: '10.96.0.3', clusterIPs: ['10.96.0.3'], type: 'LoadBalancer', healthCheckNodePort: 30001, ports: [{ port: 80, nodePort: 30000 }] })), { ips: ['10.96.0.3'], ports: [30000, 30001] });
  t.same(heldBy(svc({ clusterIP: 'None', clusterIPs: ['None'] })), { ips: [], ports: [] });
});
