// Waiting on a condition in the tests, by polling (never by sleeping a fixed time).

/** Polls `check` until it returns a value, or fails after `ms` (generous: the machine is shared). */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
