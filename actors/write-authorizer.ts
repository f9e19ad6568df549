// The store gateway's check of every write: the writer's identity (from its
// spawn record) against the bootstrap RBAC policy, plus the node restriction
// (a kubelet writes only its own Node, its Lease and the pods bound to it).
// Cheap on the hot path: one map look-up per writer, decisions memoized per
// (verb, resource), and the node check reads the store's in-memory index.
import { forbidden } from '../src/api/auth/forbidden.js';
import { NODE_USER_PREFIX } from '../src/api/auth/bootstrap-policy.js';
import { RbacPolicy } from '../src/api/auth/policy.js';
import { rulesAllow, type PolicyRule } from '../src/api/auth/rbac.js';
import type { ResourceAttributes } from '../src/api/auth/request-attributes.js';
import type { UserInfo } from '../src/api/auth/user.js';
import { identityOf } from './identities.js';
import type { OpResult, WireOp } from './protocol.js';

interface Writer { user: UserInfo; rules: readonly PolicyRule[]; memo: Map<string, boolean> | null; node: string | null }

const ANONYMOUS: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export class WriteAuthorizer {
  private readonly policy = new RbacPolicy();
  private readonly writers = new Map<string, Writer>();
  /** Decisions by op key, per rule set. */
  private readonly memos = new WeakMap<readonly PolicyRule[], Map<string, boolean>>();

  /** `podNode`: the node a pod is bound to ('' unbound), undefined when there is no such pod. */
  constructor(private readonly podNode: (namespace: string, name: string) => string | undefined) {}

  spawned(address: string, logic: string | undefined, input: unknown): void {
    const user = logic ? identityOf(logic, input) : null;
    if (!user) { this.writers.delete(address); return; }
    const rules = this.policy.clusterRulesFor(user);
    this.writers.set(address, {
      user, rules,
      // Rules limited to names cannot be decided per resource alone. One memo per rule set
      // (the policy gives one identity one array): 10,000 pod workers of 1,000 nodes share 1,000.
      memo: rules.some((r) => r.resourceNames?.length) ? null : this.memoFor(rules),
      node: user.name.startsWith(NODE_USER_PREFIX) ? user.name.slice(NODE_USER_PREFIX.length) : null,
    });
  }

  private memoFor(rules: readonly PolicyRule[]): Map<string, boolean> {
    let m = this.memos.get(rules);
    if (!m) this.memos.set(rules, (m = new Map()));
    return m;
  }

  ended(address: string): void {
    this.writers.delete(address);
  }

  /** The identity a sender writes as (system:anonymous for one the runtime never reported). */
  userOf(sender: string | null): UserInfo {
    return (sender && this.writers.get(sender)?.user) || ANONYMOUS;
  }

  /** null when the op may go ahead; otherwise the 403 to answer it with. */
  check(sender: string | null, op: WireOp): OpResult | null {
    const w = sender ? this.writers.get(sender) : undefined;
    if (!w) return refusal(forbidden(ANONYMOUS.name, attributesOf(op)));
    // The hot path (every controller write) reads a memo by a key made from the op alone;
    // the full attributes are built only to decide a new key, to refuse, or for a kubelet.
    const key = memoKey(op);
    let allowed = w.memo?.get(key);
    if (allowed === undefined) {
      allowed = rulesAllow(attributesOf(op), w.rules);
      w.memo?.set(key, allowed);
    }
    if (!allowed) return refusal(forbidden(w.user.name, attributesOf(op)));
    if (w.node !== null) {
      const a = attributesOf(op);
      const why = this.nodeRestriction(w.node, a);
      if (why) return refusal(forbidden(w.user.name, a, '', why));
    }
    return null;
  }

  /** Kubernetes' NodeRestriction admission, for the kinds a kubelet writes. */
  private nodeRestriction(node: string, a: ResourceAttributes): string | null {
    if (a.apiGroup === '' && a.resource === 'pods') {
      const boundTo = this.podNode(a.namespace, a.name);
      if (boundTo === undefined || boundTo === node) return null; // no such pod: the store answers NotFound
      return a.subresource === 'status'
        ? `node "${node}" can only update pod status for pods with spec.nodeName set to itself`
        : `node "${node}" can only ${a.verb} pods with spec.nodeName set to itself`;
    }
    if (a.apiGroup === '' && a.resource === 'nodes' && a.name !== node) return `node "${node}" is not allowed to modify node "${a.name}"`;
    if (a.apiGroup === 'coordination.k8s.io' && a.resource === 'leases' && (a.namespace !== NODE_LEASE_NAMESPACE || a.name !== node)) {
      return 'can only access node lease with the same name as the requesting node';
    }
    return null;
  }
}

/** What decides a writer's rules for an op, as a string: verb, group, resource/subresource. */
function memoKey(op: WireOp): string {
  switch (op.op) {
    case 'create': return 'create ' + op.resource.group + ' ' + op.resource.resource + '/';
    case 'update': return 'update ' + op.resource.group + ' ' + op.resource.resource + '/' + (op.subresource ?? '');
    case 'delete': return 'delete ' + op.resource.group + ' ' + op.resource.resource + '/';
    case 'bind': return 'create  pods/binding';
  }
}

function attributesOf(op: WireOp): ResourceAttributes {
  switch (op.op) {
    case 'create': return attributes('create', op.resource.group, op.resource.resource, '', op.object.metadata.namespace ?? '', op.object.metadata.name ?? '');
    case 'update': return attributes('update', op.resource.group, op.resource.resource, op.subresource ?? '', op.object.metadata.namespace ?? '', op.object.metadata.name ?? '');
    case 'delete': return attributes('delete', op.resource.group, op.resource.resource, '', op.namespace ?? '', op.name);
    case 'bind': return attributes('create', '', 'pods', 'binding', op.namespace, op.name);
  }
}

function attributes(verb: string, apiGroup: string, resource: string, subresource: string, namespace: string, name: string): ResourceAttributes {
  return { resourceRequest: true, apiVersion: '', verb, apiGroup, resource, subresource, namespace, name };
}

function refusal(err: { message: string }): OpResult {
  return { ok: false, reason: 'Forbidden', message: err.message, code: 403 };
}
