// Which runtime.* events about its children a parent hears, and what they do to its record of
// them (address -> spawn id). An event names an address, and a later actor may run there
// already: a parent that stops a child and spawns it again, or a failed instance's children
// stopped and spawned again by the new one, can hear the old actor's end after the new one
// started. The spawn id it carries tells the two apart.
import type { Address } from './address.js';

interface ChildEvent {
  type: string;
  id?: Address;
  child?: Address;
  spawnId?: number;
  sameParent?: boolean;
  runningSpawnId?: number;
}

/** Updates `children` for `event`; false when the event is about an earlier actor at a child's address (not delivered). */
export function keepChildEvent(children: Map<Address, number>, event: { type: string }): boolean {
  const e = event as ChildEvent;
  switch (e.type) {
    case 'runtime.child.done':
    case 'runtime.child.escalated': {
      const address = (e.type === 'runtime.child.done' ? e.id : e.child)!;
      const known = children.get(address);
      if (known !== undefined && e.spawnId !== undefined && known !== e.spawnId) return false;
      children.delete(address);
      return true;
    }
    case 'runtime.spawn.failed': {
      const address = e.id!;
      // Refused as a duplicate of its own child (restored, it spawned what it runs again): the
      // running actor stays its child, under that actor's spawn id.
      if (e.sameParent && e.runningSpawnId !== undefined) children.set(address, e.runningSpawnId);
      else if (children.get(address) === e.spawnId) children.delete(address);
      return true;
    }
    default:
      return true;
  }
}
