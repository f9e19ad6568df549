// Shared by the runtime tests: a runtime on the fixture logic, closed after the test.
import type { Test } from 'tap';
import { createRuntime, type LifecycleRecord, type Runtime, type RuntimeOptions } from '../../src/index.js';

export const FIXTURES = new URL('../fixtures/logic.js', import.meta.url);

export async function runtimeFor(t: Test, options: RuntimeOptions = {}): Promise<Runtime> {
  const rt = await createRuntime({ modules: [FIXTURES], ...options });
  t.teardown(() => rt.close());
  return rt;
}

/** The first lifecycle record matching `predicate` (rejects after `ms`). */
export function waitForLifecycle(rt: Runtime, predicate: (r: LifecycleRecord) => boolean, ms = 10_000): Promise<LifecycleRecord> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { off(); reject(new Error('lifecycle record did not come')); }, ms);
    const off = rt.onLifecycle((r) => {
      if (!predicate(r)) return;
      clearTimeout(timer);
      off();
      resolve(r);
    });
  });
}
