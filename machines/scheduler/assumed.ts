// Pods the scheduler has placed in its cache before their binding is heard: kube-scheduler's
// assumed pods (AssumePod / ForgetPod). A pod is assumed on its node when its binding is sent, so
// the next cycle counts it there. The assumption ends when the binding is heard (the pod arrives
// bound), is refused, or the pod goes. A binding the store did not answer in time may still land:
// its assumption stays until the scheduler requeues its unscheduled pods (back-off or a node
// change), and is forgotten then, as kube-scheduler forgets a pod whose binding failed.
import type { KObject } from '../../src/store/types.js';

export interface Assumption {
  node: string;
  /** the pod as it was scheduled (its usage is what the node was charged) */
  pod: KObject;
  /** its binding was not answered in time */
  unanswered: boolean;
}

export class AssumedPods {
  private readonly byUid = new Map<string, Assumption>();
  private readonly byNode = new Map<string, Set<string>>();

  get size(): number {
    return this.byUid.size;
  }

  has(uid: string): boolean {
    return this.byUid.has(uid);
  }

  /** Its binding to `node` is on its way. An earlier assumption of the pod is replaced (and returned, for its node's usage). */
  assume(uid: string, node: string, pod: KObject): Assumption | undefined {
    const was = this.take(uid);
    this.byUid.set(uid, { node, pod, unanswered: false });
    let set = this.byNode.get(node);
    if (!set) this.byNode.set(node, (set = new Set()));
    set.add(uid);
    return was;
  }

  /** The assumption ends (binding heard or refused, pod gone): removed and returned, for its node's usage. */
  take(uid: string): Assumption | undefined {
    const a = this.byUid.get(uid);
    if (!a) return undefined;
    this.byUid.delete(uid);
    const set = this.byNode.get(a.node);
    set?.delete(uid);
    if (set?.size === 0) this.byNode.delete(a.node);
    return a;
  }

  /** These bindings were not answered in time. */
  unanswered(uids: Iterable<string>): void {
    for (const uid of uids) {
      const a = this.byUid.get(uid);
      if (a) a.unanswered = true;
    }
  }

  /** The assumptions whose bindings were not answered: removed and returned (their pods are scheduled again). */
  forgetUnanswered(): [string, Assumption][] {
    const out: [string, Assumption][] = [];
    for (const [uid, a] of this.byUid) if (a.unanswered) out.push([uid, a]);
    for (const [uid] of out) this.take(uid);
    return out;
  }

  /** The pods assumed on `node`. */
  onNode(node: string): KObject[] {
    return [...(this.byNode.get(node) ?? [])].map((uid) => this.byUid.get(uid)!.pod);
  }
}
