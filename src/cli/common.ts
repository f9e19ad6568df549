// What every client verb shares: --server, --token, --namespace, the
// connection built from them, discovery read at most once, and printing.
import { envVar } from '../platform/cli-io.js';
import { Client, DEFAULT_SERVER } from './client.js';
import { discoverResources } from './discovery.js';
import type { Flags } from './flags.js';
import type { ResourceInfo } from './resources.js';

export const COMMON_FLAGS = ['server', 'token', 'namespace'];
export const COMMON_SHORT: Record<string, string> = { s: 'server', n: 'namespace' };

export const COMMON_USAGE = `common options: --server URL (default $CYBERNETES_SERVER or ${DEFAULT_SERVER}), --token TOKEN (default $CYBERNETES_TOKEN),
                -n, --namespace NS (default "default")`;

export interface Context {
  client: Client;
  namespace: string;
  /** True when -n was given: apply then refuses objects that name another namespace. */
  namespaceGiven: boolean;
  resources(): Promise<ResourceInfo[]>;
}

export function connect(flags: Flags): Context {
  const client = new Client(flags.get('server') ?? envVar('CYBERNETES_SERVER') ?? DEFAULT_SERVER, flags.get('token') ?? envVar('CYBERNETES_TOKEN'));
  let discovered: Promise<ResourceInfo[]> | undefined;
  return {
    client,
    namespace: flags.get('namespace') ?? 'default',
    namespaceGiven: flags.has('namespace'),
    resources: () => (discovered ??= discoverResources(client)),
  };
}

/** stdout, text that already ends in a newline (or nothing). */
export function print(text: string): void {
  if (text) console.log(text.endsWith('\n') ? text.slice(0, -1) : text);
}

/** stderr, one line: a failure that does not stop the command (the others go on). */
export function warn(message: string): void {
  console.error(`cybernetes: ${message}`);
}
