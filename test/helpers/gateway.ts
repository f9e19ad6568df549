// The real store gateway on a fresh journal, in a runtime of the write-probe fixture (probes
// spawned under the writers' logic names, so the gateway gives them those identities).
import type { Test } from 'tap';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provideMainServices, withdrawMainServices } from '../../actors/services.js';
import { WriteAuthorizer } from '../../actors/write-authorizer.js';
import { createRuntime, type Runtime } from '../../src/runtime/runtime.js';
import { openStore, type JournalStore } from '../../src/store/index.js';

export async function gatewayRuntime(t: Test): Promise<{ store: JournalStore; runtime: Runtime; writes: WriteAuthorizer }> {
  const dir = await mkdtemp(join(tmpdir(), 'cybernetes-gateway-'));
  const store = await openStore({ path: join(dir, 'journal') });
  const writes = new WriteAuthorizer((ns, name) => store.podNodeName(ns, name));
  const token = provideMainServices({ store, writes });
  const runtime = await createRuntime({ workers: 1, modules: [new URL('../fixtures/write-probe.js', import.meta.url)] });
  t.teardown(async () => { await runtime.close(); withdrawMainServices(token); await store.close(); await rm(dir, { recursive: true, force: true }); });
  runtime.onLifecycle((r) => {
    if (r.type === 'spawned') writes.spawned(r.address, r.logic, r.input);
    if (r.type === 'stopped' || r.type === 'done' || r.type === 'escalated') writes.ended(r.address);
  });
  runtime.spawn('store', { id: 'store', worker: 0, input: { services: token } });
  return { store, runtime, writes };
}
