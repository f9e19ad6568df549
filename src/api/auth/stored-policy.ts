// The RBAC policy of a running server: the journal's Roles, ClusterRoles and
// bindings, read again (four in-memory lists) after a commit touched one of
// them. A commit listener marks the policy stale before the writer hears back,
// so a request after a binding was written is checked against it.
import type { ObjectStore } from '../../store/types.js';
import { clusterrolebindings, clusterroles, rolebindings, roles } from '../resources/rbac.js';
import { RbacPolicy } from './policy.js';
import { RBAC_KINDS } from './rbac.js';

export interface PolicyStore {
  list: ObjectStore['list'];
  onCommit(listener: (changes: { kind: string }[]) => void): () => void;
}

export class StoredPolicy {
  private changes = 1;
  private readAt = 0;
  private policy = new RbacPolicy();
  private reading: Promise<RbacPolicy> | null = null;
  private readingFor = 0;
  private readonly off: () => void;

  constructor(private readonly store: PolicyStore) {
    this.off = store.onCommit((changes) => {
      if (changes.some((c) => RBAC_KINDS.has(c.kind))) this.changes++;
    });
  }

  /** The policy as of the newest commit. */
  current(): RbacPolicy | Promise<RbacPolicy> {
    if (this.readAt === this.changes) return this.policy;
    // A read begun before the latest commit may have missed it: start a new one.
    if (this.reading && this.readingFor === this.changes) return this.reading;
    this.readingFor = this.changes;
    return (this.reading = this.read(this.changes));
  }

  private async read(at: number): Promise<RbacPolicy> {
    const [r, cr, rb, crb] = await Promise.all([roles, clusterroles, rolebindings, clusterrolebindings].map((t) => this.store.list(t)));
    const policy = new RbacPolicy({ roles: r!.items, clusterRoles: cr!.items, roleBindings: rb!.items, clusterRoleBindings: crb!.items });
    if (at > this.readAt) { this.policy = policy; this.readAt = at; }
    return policy;
  }

  close(): void {
    this.off();
  }
}
