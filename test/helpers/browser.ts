// The browser for the tests that need one: Debian's chromium on PATH, driven by playwright-core.
// Either may be missing (apt-get install -y chromium; npm install -D playwright-core): such tests
// skip, saying why, or fail instead when CYBERNETES_REQUIRE_BROWSER=1 (CI sets it once chromium
// is there).
import type { Test } from 'tap';
import { execFileSync } from 'node:child_process';

export type BrowserCheck<P> =
  | { executablePath: string; playwright: P; skip: false }
  | { executablePath?: undefined; playwright?: undefined; skip: string };

function chromiumPath(): string | null {
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null;
  } catch { return null; }
}

async function importPlaywright<P>(): Promise<P | null> {
  const name = 'playwright-core'; // in a variable: the build does not resolve (or need) the optional module
  try {
    return (await import(name)) as P;
  } catch { return null; }
}

/**
 * Chromium and playwright-core (typed by the caller as `P`), or `skip`: the reason, for a test's
 * skip option. A missing one is printed as a TAP comment naming `what` skipped, or fails `t`
 * under CYBERNETES_REQUIRE_BROWSER=1.
 */
export async function findBrowser<P>(t: Test, what: string): Promise<BrowserCheck<P>> {
  const executablePath = chromiumPath();
  const playwright = await importPlaywright<P>();
  if (executablePath && playwright) return { executablePath, playwright, skip: false };
  const missing = [!executablePath && 'chromium (apt-get install -y chromium)', !playwright && 'playwright-core (npm install -D playwright-core)'].filter(Boolean).join(' and ');
  if (process.env.CYBERNETES_REQUIRE_BROWSER === '1') t.fail(`CYBERNETES_REQUIRE_BROWSER=1, but ${missing} is missing`);
  else console.log(`# ${what} skipped: ${missing} missing`);
  return { skip: `needs ${missing}` };
}
