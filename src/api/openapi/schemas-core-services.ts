// core/v1 Service: a stable name and virtual IP for a set of pods chosen by labels. The API
// stores, defaults, validates and allocates it (cluster IP, node ports); the simulated nodes
// route no traffic. Field names, types, list types and merge keys follow Kubernetes' published
// API (test/api-openapi-complete checks them against the client library's models).

import { CORE, META, INT_OR_STRING, type Schema, str, bool, int32, enumStr, strs, strMap, obj, atomicObj, ref, arrOf, keyedList, kindSchema, listSchema } from './dsl.js';

const core = (kind: string) => ({ group: '', version: 'v1', kind });

export const CORE_SERVICE_SCHEMAS: Record<string, Schema> = {
  [CORE + 'Service']: kindSchema('A Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.', core('Service'), {
    spec: ref(CORE + 'ServiceSpec', 'Spec defines the behavior of a service.', { default: {} }),
    status: ref(CORE + 'ServiceStatus', 'Most recently observed status of the service. Populated by the system. Read-only.', { default: {} }),
  }),
  [CORE + 'ServiceList']: listSchema(CORE + 'Service', core('ServiceList'), 'List of services.'),
  [CORE + 'ServiceSpec']: obj('ServiceSpec describes the attributes that a user creates on a service.', {
    ports: arrOf('The list of ports that are exposed by this service.', CORE + 'ServicePort', { key: 'port', strategy: 'merge', list: 'map', keys: ['port', 'protocol'] }),
    selector: strMap('Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints.', { 'x-kubernetes-map-type': 'atomic' }),
    clusterIP: str('The IP address of the service, usually assigned randomly from the service IP range. "None" makes a headless service. May not be changed once set, except to "" when the type becomes ExternalName.'),
    clusterIPs: strs('The IP addresses assigned to this service, the first equal to clusterIP.'),
    type: enumStr('How the Service is exposed: ClusterIP (default), NodePort, LoadBalancer or ExternalName.', ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']),
    externalIPs: strs('IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    sessionAffinity: enumStr('ClientIP or None (default): whether a client keeps reaching the same pod.', ['ClientIP', 'None']),
    loadBalancerIP: str('Deprecated: only applies to type LoadBalancer; the IP the load balancer should get, where the provider supports it.'),
    loadBalancerSourceRanges: strs('Client IP ranges a cloud load balancer lets through, where the provider supports it.'),
    externalName: str('The external reference (a DNS name) that discovery mechanisms return as an alias for this service; requires type ExternalName.'),
    externalTrafficPolicy: enumStr('How traffic from external sources is distributed: Cluster (default) or Local (node-local endpoints only).', ['Cluster', 'Local']),
    healthCheckNodePort: int32('The health check node port, for type LoadBalancer with externalTrafficPolicy Local.'),
    publishNotReadyAddresses: bool('Publish the addresses of pods that are not ready.'),
    sessionAffinityConfig: ref(CORE + 'SessionAffinityConfig', 'The configuration of session affinity.'),
    ipFamilies: strs('The IP families (IPv4, IPv6) assigned to this service.'),
    ipFamilyPolicy: enumStr('SingleStack (default), PreferDualStack or RequireDualStack.', ['PreferDualStack', 'RequireDualStack', 'SingleStack']),
    allocateLoadBalancerNodePorts: bool('Whether node ports are allocated for a LoadBalancer service. Defaults to true.'),
    loadBalancerClass: str('The class of the load balancer implementation this Service belongs to.'),
    internalTrafficPolicy: enumStr('How traffic from cluster-internal sources is routed: Cluster (default) or Local.', ['Cluster', 'Local']),
    trafficDistribution: str('Preferences for how traffic is distributed to the Service\'s endpoints, such as PreferClose.'),
  }),
  [CORE + 'ServicePort']: obj('ServicePort contains information on service\'s port.', {
    name: str('The name of this port within the service; a DNS label, required when the service has more than one port.'),
    protocol: enumStr('The IP protocol for this port: TCP (default), UDP or SCTP.', ['SCTP', 'TCP', 'UDP']),
    appProtocol: str('The application protocol for this port, a hint for implementations.'),
    port: int32('The port that will be exposed by this service.'),
    targetPort: ref(INT_OR_STRING, 'Number or name of the port to access on the pods targeted by the service. Defaults to port.'),
    nodePort: int32('The port on each node on which this service is exposed when type is NodePort or LoadBalancer; allocated when not given.'),
  }, ['port']),
  [CORE + 'SessionAffinityConfig']: obj('SessionAffinityConfig represents the configurations of session affinity.', {
    clientIP: ref(CORE + 'ClientIPConfig', 'The configurations of ClientIP based session affinity.'),
  }),
  [CORE + 'ClientIPConfig']: obj('ClientIPConfig represents the configurations of Client IP based session affinity.', {
    timeoutSeconds: int32('The seconds a ClientIP session sticks: 1 to 86400, default 10800 (3 hours).'),
  }),
  [CORE + 'ServiceStatus']: obj('ServiceStatus represents the current status of a service.', {
    loadBalancer: ref(CORE + 'LoadBalancerStatus', 'The current status of the load balancer, if one is present.', { default: {} }),
    conditions: keyedList('Current service state.', META + 'Condition', 'type'),
  }),
  [CORE + 'LoadBalancerStatus']: obj('LoadBalancerStatus represents the status of a load-balancer.', {
    ingress: arrOf('The ingress points of the load balancer.', CORE + 'LoadBalancerIngress'),
  }),
  [CORE + 'LoadBalancerIngress']: obj('An ingress point of a load balancer: traffic for the service is sent there.', {
    ip: str('IP is set for load-balancer ingress points that are IP based.'),
    hostname: str('Hostname is set for load-balancer ingress points that are DNS based.'),
    ipMode: str('How the load-balancer IP behaves: VIP or Proxy.'),
    ports: arrOf('The records of service ports.', CORE + 'PortStatus'),
  }),
  [CORE + 'PortStatus']: obj('The status of a load balancer\'s port.', {
    port: int32('The port number of the service port.'),
    protocol: enumStr('The protocol of the service port: TCP, UDP or SCTP.', ['SCTP', 'TCP', 'UDP']),
    error: str('Why the port is in error, in CamelCase; empty when it is not.'),
  }, ['port', 'protocol']),
  [CORE + 'Endpoints']: kindSchema('Endpoints is a collection of endpoints that implement the actual service: the older form of its EndpointSlices.', core('Endpoints'), {
    subsets: arrOf('The sets of addresses and ports that comprise a service.', CORE + 'EndpointSubset'),
  }),
  [CORE + 'EndpointsList']: listSchema(CORE + 'Endpoints', core('EndpointsList'), 'List of endpoints.'),
  [CORE + 'EndpointSubset']: obj('A group of addresses with a common set of ports.', {
    addresses: arrOf('IP addresses which offer the related ports and are ready.', CORE + 'EndpointAddress'),
    notReadyAddresses: arrOf('IP addresses which offer the related ports but are not ready.', CORE + 'EndpointAddress'),
    ports: arrOf('Port numbers available on the related IP addresses.', CORE + 'EndpointPort'),
  }),
  [CORE + 'EndpointAddress']: atomicObj('A single IP address of an endpoint.', {
    ip: str('The IP of this endpoint.'),
    hostname: str('The hostname of this endpoint.'),
    nodeName: str('The node hosting this endpoint.'),
    targetRef: ref(CORE + 'ObjectReference', 'Reference to the object providing the endpoint.'),
  }, ['ip']),
  [CORE + 'EndpointPort']: atomicObj('A port of an endpoint.', {
    name: str('The name of this port; must match the Service\'s port name.'),
    port: int32('The port number of the endpoint.'),
    protocol: enumStr('The IP protocol for this port: TCP (default), UDP or SCTP.', ['SCTP', 'TCP', 'UDP']),
    appProtocol: str('The application protocol for this port.'),
  }, ['port']),
};
