// Which addresses and node ports a Service gets: kube-apiserver's service allocators, as a
// pure function of the Service, what is taken already, and a random source. Addresses are
// picked at random from the range, as Kubernetes picks them (a client may ask for one); node
// ports likewise. A request for something taken or outside its range is a field error, worded as
// Kubernetes words it.
import type { KObject } from '../../store/types.js';
import { type FieldError, invalid } from '../validation/field.js';
import { inRange, numberToIpv4, type Ipv4Range, type PortRange } from './ranges.js';

export interface Taken {
  ips: { has(ip: string): boolean };
  ports: { has(port: number): boolean };
}

/** What one Service holds (to count as taken for others). */
export function heldBy(svc: KObject): { ips: string[]; ports: number[] } {
  const spec = svc.spec ?? {};
  const ips = (Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [spec.clusterIP]).filter((ip: unknown): ip is string => typeof ip === 'string' && ip !== '' && ip !== 'None');
  const ports: number[] = [];
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) if (typeof p?.nodePort === 'number' && p.nodePort > 0) ports.push(p.nodePort);
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort > 0) ports.push(spec.healthCheckNodePort);
  return { ips, ports };
}

export const needsClusterIP = (svc: KObject): boolean => (svc.spec?.type ?? 'ClusterIP') !== 'ExternalName' && svc.spec?.clusterIP !== 'None';
/** A type with node ports: NodePort, LoadBalancer (whose node ports may be left unallocated). */
export const hasNodePorts = (svc: KObject): boolean => svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
/** Node ports are allocated where none is given. */
export const needsNodePorts = (svc: KObject): boolean =>
  svc.spec?.type === 'NodePort' || (svc.spec?.type === 'LoadBalancer' && svc.spec?.allocateLoadBalancerNodePorts !== false);
export const needsHealthCheckNodePort = (svc: KObject): boolean =>
  svc.spec?.type === 'LoadBalancer' && svc.spec?.externalTrafficPolicy === 'Local';

export interface Allocation {
  errors: FieldError[];
  /** what this Service was given that others must not get (its old values not included) */
  ips: string[];
  ports: number[];
}

/**
 * Fill in the Service's cluster IP and node ports where it needs them and has none, and check the
 * ones it asks for. `old`: the stored Service on an update (what it holds already is its own).
 * `random()`: [0, 1). Mutates `svc`.
 */
export function allocate(svc: KObject, old: KObject | undefined, taken: Taken, ipRange: Ipv4Range, portRange: PortRange, random: () => number): Allocation {
  const out: Allocation = { errors: [], ips: [], ports: [] };
  const spec = (svc.spec ??= {});
  const mine = old ? heldBy(old) : { ips: [], ports: [] };
  const ipTaken = (ip: string) => taken.ips.has(ip) && !mine.ips.includes(ip);
  const portTaken = (p: number) => (taken.ports.has(p) && !mine.ports.includes(p)) || out.ports.includes(p);

  if (needsClusterIP(svc)) {
    const asked = typeof spec.clusterIP === 'string' && spec.clusterIP !== '' ? spec.clusterIP : undefined;
    if (asked === undefined) {
      const ip = pickIp(ipRange, (ip) => taken.ips.has(ip), random);
      if (ip === undefined) throw new RangeFullError('failed to allocate a serviceIP: range is full');
      spec.clusterIP = ip;
      out.ips.push(ip);
    } else if (!mine.ips.includes(asked)) {
      const field = 'spec.clusterIPs';
      if (!inRange(ipRange, asked)) {
        out.errors.push(invalid(field, [asked], `failed to allocate IP ${asked}: the provided IP (${asked}) is not in the valid range. The range of valid IPs is ${ipRange.cidr}`));
      } else if (ipTaken(asked)) {
        out.errors.push(invalid(field, [asked], `failed to allocate IP ${asked}: provided IP is already allocated`));
      } else out.ips.push(asked);
    }
    spec.clusterIPs = [spec.clusterIP];
  } else if (spec.clusterIP === 'None') {
    spec.clusterIPs = ['None'];
  }

  const ports: Record<string, any>[] = Array.isArray(spec.ports) ? spec.ports : [];
  if (hasNodePorts(svc)) {
    // Ports of one number (53/TCP and 53/UDP) may share a node port, and are given one.
    const byNumber = new Map<unknown, number>();
    ports.forEach((p, i) => {
      const shared = byNumber.get(p.port);
      if (typeof p.nodePort === 'number' && p.nodePort !== 0) {
        if (p.nodePort === shared) return;
        if (!(mine.ports.includes(p.nodePort) && !out.ports.includes(p.nodePort))) {
          const err = checkPort(portRange, p.nodePort, portTaken);
          if (err) { out.errors.push(invalid(`spec.ports[${i}].nodePort`, p.nodePort, err)); return; }
          out.ports.push(p.nodePort);
        }
        byNumber.set(p.port, p.nodePort);
        return;
      }
      // (a LoadBalancer with allocateLoadBalancerNodePorts false gets only the node ports it asks for)
      if (!needsNodePorts(svc)) return;
      if (shared !== undefined) { p.nodePort = shared; return; }
      const port = pickPort(portRange, portTaken, random);
      if (port === undefined) throw new RangeFullError('failed to allocate a nodePort: range is full');
      p.nodePort = port;
      out.ports.push(port);
      byNumber.set(p.port, port);
    });
  }
  if (needsHealthCheckNodePort(svc)) {
    const asked = spec.healthCheckNodePort;
    if (typeof asked === 'number' && asked !== 0) {
      if (!mine.ports.includes(asked)) {
        const err = checkPort(portRange, asked, portTaken);
        if (err) out.errors.push(invalid('spec.healthCheckNodePort', asked, err));
        else out.ports.push(asked);
      }
    } else {
      const port = pickPort(portRange, portTaken, random);
      if (port === undefined) throw new RangeFullError('failed to allocate a nodePort: range is full');
      spec.healthCheckNodePort = port;
      out.ports.push(port);
    }
  }
  return out;
}

/** No address or port is left in the range (an internal error in Kubernetes: 500). */
export class RangeFullError extends Error {
  override name = 'RangeFullError';
}

function checkPort(range: PortRange, port: number, taken: (p: number) => boolean): string | undefined {
  if (port < range.min || port > range.max) return `provided port is not in the valid range. The range of valid ports is ${range.min}-${range.max}`;
  if (taken(port)) return 'provided port is already allocated';
  return undefined;
}

function pickIp(range: Ipv4Range, taken: (ip: string) => boolean, random: () => number): string | undefined {
  // Not the network address, the first one (the kubernetes Service's) or the broadcast address.
  const first = range.base + 2, count = range.size - 3;
  for (let tries = 0; tries < 32; tries++) {
    const ip = numberToIpv4(first + Math.floor(random() * count));
    if (!taken(ip)) return ip;
  }
  // Nearly full: the first free one from a random start.
  const start = Math.floor(random() * count);
  for (let i = 0; i < count; i++) {
    const ip = numberToIpv4(first + ((start + i) % count));
    if (!taken(ip)) return ip;
  }
  return undefined;
}

function pickPort(range: PortRange, taken: (p: number) => boolean, random: () => number): number | undefined {
  const count = range.max - range.min + 1;
  const start = Math.floor(random() * count);
  for (let i = 0; i < count; i++) {
    const p = range.min + ((start + i) % count);
    if (!taken(p)) return p;
  }
  return undefined;
}

