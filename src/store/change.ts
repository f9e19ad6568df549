// One committed change as watchers see it. The object is the one written when the store has it,
// else decoded at most once, lazily; either way shared, read-only, by every watcher that receives it.
import type { ObjectCodec, ChangeType } from './codec.js';
import type { KObject } from './types.js';

export class Change {
  private decoded: KObject | undefined;
  private prevDecoded: KObject | undefined;

  constructor(
    readonly rev: number,
    readonly key: string,
    readonly type: ChangeType,
    readonly namespace: string,
    /** The new state; for DELETED the last state (with the deletion's resourceVersion). */
    readonly encoded: Uint8Array,
    /** The previous live state, when there was one (decides filter transitions). */
    readonly prevEncoded: Uint8Array | undefined,
    private readonly codec: ObjectCodec,
    private readonly knownLabels?: { now: Readonly<Record<string, string>> | undefined; prev: Readonly<Record<string, string>> | undefined },
    /** The object as the writer left it, when the store has it: shared read-only, not decoded again. */
    object?: KObject,
  ) {
    this.decoded = object;
  }

  get object(): KObject {
    if (!this.decoded) this.decoded = this.codec.decode<KObject>(this.encoded);
    return this.decoded;
  }

  get prevObject(): KObject | undefined {
    if (!this.prevEncoded) return undefined;
    return (this.prevDecoded ??= this.codec.decode(this.prevEncoded));
  }

  get labels(): Readonly<Record<string, string>> | undefined {
    return this.knownLabels ? this.knownLabels.now : this.object.metadata?.labels;
  }

  get prevLabels(): Readonly<Record<string, string>> | undefined {
    return this.knownLabels ? this.knownLabels.prev : this.prevObject?.metadata?.labels;
  }
}
