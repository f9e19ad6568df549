// discovery.k8s.io/v1 EndpointSlice: the addresses behind a Service, kept by the EndpointSlice
// controller (actors/endpointslice-controller.ts). Field names, types and list types follow
// Kubernetes' published API (test/api-openapi-complete checks them against the client library's models).

import { CORE, DISCOVERY, type Schema, str, bool, int32, strs, strMap, obj, atomicObj, ref, arrOf, kindSchema, listSchema } from './dsl.js';

const discovery = (kind: string) => ({ group: 'discovery.k8s.io', version: 'v1', kind });

export const DISCOVERY_SCHEMAS: Record<string, Schema> = {
  [DISCOVERY + 'EndpointSlice']: kindSchema('EndpointSlice represents a subset of the endpoints that implement a service. For a given service there may be multiple EndpointSlice objects, selected by labels, which must be joined to produce the full set of endpoints.', discovery('EndpointSlice'), {
    addressType: str('The type of address carried by this EndpointSlice: IPv4, IPv6 or FQDN. Immutable.'),
    endpoints: arrOf('A list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.', DISCOVERY + 'Endpoint'),
    ports: arrOf('The network ports exposed by each endpoint in this slice; at most 100.', DISCOVERY + 'EndpointPort'),
  }, { required: ['addressType', 'endpoints'] }),
  [DISCOVERY + 'EndpointSliceList']: listSchema(DISCOVERY + 'EndpointSlice', discovery('EndpointSliceList'), 'List of endpoint slices.'),
  [DISCOVERY + 'Endpoint']: obj('Endpoint represents a single logical "backend" implementing a service.', {
    addresses: strs('The addresses of this endpoint, of the slice\'s addressType; consumers use the first.', { list: 'set' }),
    conditions: ref(DISCOVERY + 'EndpointConditions', 'The current state of the endpoint.', { default: {} }),
    hostname: str('The hostname of this endpoint, a DNS label.'),
    targetRef: ref(CORE + 'ObjectReference', 'A reference to the object this endpoint stands for (a Pod).'),
    deprecatedTopology: strMap('Deprecated: topology information, replaced by nodeName and zone.'),
    nodeName: str('The name of the Node hosting this endpoint.'),
    zone: str('The name of the zone this endpoint exists in.'),
    hints: ref(DISCOVERY + 'EndpointHints', 'Information about how the endpoint should be consumed.'),
  }, ['addresses']),
  [DISCOVERY + 'EndpointConditions']: obj('The current condition of an endpoint.', {
    ready: bool('Whether the endpoint is ready to receive traffic (its pod Ready and not terminating).'),
    serving: bool('Like ready, also while the endpoint is terminating.'),
    terminating: bool('Whether the endpoint is terminating.'),
  }),
  [DISCOVERY + 'EndpointHints']: obj('Hints about how an endpoint should be consumed.', {
    forZones: arrOf('The zone(s) this endpoint should be consumed by for topology aware routing.', DISCOVERY + 'ForZone'),
    forNodes: arrOf('The node(s) this endpoint should be consumed by for traffic distribution.', DISCOVERY + 'ForNode'),
  }),
  [DISCOVERY + 'ForZone']: obj('A zone in which an endpoint should be consumed.', { name: str('The name of the zone.') }, ['name']),
  [DISCOVERY + 'ForNode']: obj('A node at which an endpoint should be consumed.', { name: str('The name of the node.') }, ['name']),
  [DISCOVERY + 'EndpointPort']: atomicObj('A port used by an EndpointSlice.', {
    name: str('The name of this port, from the Service\'s port: a DNS label or empty.'),
    protocol: str('The IP protocol for this port: TCP (default), UDP or SCTP.'),
    port: int32('The port number of the endpoint; unset means all ports.'),
    appProtocol: str('The application protocol for this port.'),
  }),
};
