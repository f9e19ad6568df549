// Main-thread services that main-thread actors use: logic is shared by every
// thread, but the journal exists only on main, so the gateway finds it here,
// by the token the cluster gave it as input (several clusters may share a process).
import type { JournalStore } from '../src/store/index.js';
import type { WriteAuthorizer } from './write-authorizer.js';

export interface MainServices {
  store: JournalStore;
  /** Checks each write against the writer's identity (derived from its spawn record). */
  writes: WriteAuthorizer;
}

const services = new Map<string, MainServices>();
let next = 0;

export function provideMainServices(s: MainServices): string {
  const token = `cluster-${++next}`;
  services.set(token, s);
  return token;
}

export function withdrawMainServices(token: string): void {
  services.delete(token);
}

export function mainServices(token: string): MainServices {
  const s = services.get(token);
  if (!s) throw new Error('main-thread services are not set: the store gateway runs only on the main thread of a cluster');
  return s;
}
