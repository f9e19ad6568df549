// The ranges Services are given addresses and node ports from, as kube-apiserver's
// --service-cluster-ip-range (kubeadm's and kind's 10.96.0.0/12 here) and
// --service-node-port-range (30000-32767) set them. IPv4 only: this cluster is single-stack.

export interface Ipv4Range {
  cidr: string;
  /** network address, as an unsigned 32-bit number */
  base: number;
  /** addresses in the range, network and broadcast included */
  size: number;
}

export interface PortRange { min: number; max: number }

export const SERVICE_CIDR = '10.96.0.0/12';
export const NODE_PORT_RANGE: PortRange = { min: 30000, max: 32767 };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** The address as an unsigned number, or undefined for anything that is not a dotted IPv4 address. */
export function ipv4ToNumber(ip: string): number | undefined {
  if (!IPV4.test(ip)) return undefined;
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

export function numberToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

export function parseCidr(cidr: string): Ipv4Range {
  const [ip, bits] = cidr.split('/');
  const base = ipv4ToNumber(ip ?? '');
  const prefix = Number(bits);
  if (base === undefined || !Number.isInteger(prefix) || prefix < 1 || prefix > 30) throw new Error(`not an IPv4 CIDR with a prefix of 1 to 30 bits: ${cidr}`);
  const size = 2 ** (32 - prefix);
  return { cidr, base: base - (base % size), size };
}

/** Whether `ip` may be a Service's: inside the range, neither its network nor its broadcast address. */
export function inRange(range: Ipv4Range, ip: string): boolean {
  const n = ipv4ToNumber(ip);
  return n !== undefined && n > range.base && n < range.base + range.size - 1;
}

/** The first usable address: the `kubernetes` Service's, as kube-apiserver reserves it. */
export function firstAddress(range: Ipv4Range): string {
  return numberToIpv4(range.base + 1);
}
