// An owner's view of itself and of what it owns (a Deployment and its
// ReplicaSets, a ReplicaSet and its pods): the newest version of its own
// object and a cache of its dependents, kept by routed changes, by the
// replies to its own writes, and by a jittered check against the store that
// repairs a missed event (when quiet, the versions first, the objects only if
// they differ). Level-triggered: whoever reads it sees the whole current picture.
import type { KObject, ResourceRef } from '../src/store/types.js';
import { ObjectCache, changesOf, readUntilAnswered, resyncEvery, revisionOf, uidOf, type StoreClient } from './client.js';
import { keyOf } from './protocol.js';

export class OwnedView {
  owner: KObject;
  readonly owned = new ObjectCache();
  /** False until the first read of the dependents has come back. */
  ready = false;
  readonly uid: string;
  readonly namespace: string;
  private stopResync: () => void = () => {};
  /** A routed change told this view something since the last resync round. */
  private heard = false;
  private stopReading: () => void = () => {};

  /**
   * `onChange` runs whenever the picture changed (the actor then reconciles); `onOwner` with
   * each newer version of the owner, however it was learnt (routed, read, or a write's reply).
   */
  constructor(
    private readonly client: StoreClient,
    private readonly ownerRef: ResourceRef,
    owner: KObject,
    private readonly ownedRef: ResourceRef,
    private readonly onChange: () => void,
    private readonly onOwner: (owner: KObject) => void = () => {},
  ) {
    this.owner = owner;
    this.uid = uidOf(owner);
    this.namespace = owner.metadata.namespace!;
  }

  /** Subscribes to the owner's key and to what it owns, reads the dependents (until answered), and starts the resync; a read that fails otherwise goes to `onError`. */
  start(resyncMs: number | undefined, onError: (err: unknown) => void): void {
    const name = this.owner.metadata.name!;
    this.stopReading = readUntilAnswered(() => this.client.subscribe(
      [{ by: 'key', value: keyOf(this.ownerRef, this.namespace, name) }, { by: 'owner', value: this.uid }],
      [{ resource: this.ownedRef, namespace: this.namespace, ownerUid: this.uid }],
    ), (reply) => {
      for (const o of reply.objects[0] ?? []) this.owned.put(o);
      this.ready = true;
      this.onChange();
    }, onError);
    const ownerRead = { resource: this.ownerRef, namespace: this.namespace, fieldSelector: `metadata.name=${name}` };
    const ownedRead = { resource: this.ownedRef, namespace: this.namespace, ownerUid: this.uid };
    this.stopResync = resyncEvery(resyncMs, async () => {
      const busy = this.heard;
      this.heard = false;
      let ownerReply, owned: { revision: number; objects: KObject[] } | undefined;
      if (busy) {
        // Changes came since the last round: what it owns is in flux, and a read of the
        // versions would mostly find a difference. Both are read whole at once.
        const reply = await this.client.subscribe([], [ownerRead, ownedRead]);
        ownerReply = reply.objects[0];
        owned = { revision: reply.revision, objects: reply.objects[1] ?? [] };
      } else {
        // Quiet since the last round: the owner is read whole (one object), and of what it owns
        // only the versions. When they match what this view has heard, as they do unless a
        // change went missing, nothing more is read, decoded or sent.
        const [reply, versions] = await Promise.all([this.client.subscribe([], [ownerRead]), this.client.revisions(ownedRead)]);
        ownerReply = reply.objects[0];
        if (versions.error !== undefined || this.owned.drifted(versions.items, versions.revision)) {
          const whole = await this.client.subscribe([], [ownedRead]);
          owned = { revision: whole.revision, objects: whole.objects[0] ?? [] };
        }
      }
      const fresh = ownerReply?.[0];
      const ownerChanged = fresh ? this.noteOwner(fresh) : false;
      const ownedChanged = owned ? this.owned.resync(owned.objects, owned.revision) : false;
      if (ownedChanged || ownerChanged) this.onChange();
    });
  }

  /** The owner as a write reply or a change shows it; true when newer than what we had. */
  noteOwner(o: KObject): boolean {
    if (uidOf(o) !== this.uid || revisionOf(o) <= revisionOf(this.owner)) return false;
    this.owner = o;
    this.onOwner(o);
    return true;
  }

  /** A routed message; true when it changed the picture. */
  hear(event: { type: string }): boolean {
    let changed = false;
    for (const c of changesOf(event)) {
      if (uidOf(c.object) === this.uid) {
        if (c.type !== 'DELETED' && this.noteOwner(c.object)) changed = true;
      } else if (c.object.kind === this.ownedRef.kind && this.owned.apply(c)) changed = true;
    }
    if (changed) this.heard = true;
    return changed;
  }

  stop(): void {
    this.stopReading();
    this.stopResync();
    this.client.unsubscribe();
  }
}
