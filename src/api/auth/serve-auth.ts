// What a server authenticates with, decided before it opens anything: the
// token file (and tokens given in code), or nobody — which is refused on an
// address others can reach unless the operator says so explicitly.
import { loadTokenFile, TokenFileError, type StaticToken } from './token-file.js';

export interface AuthOptions {
  /** kube-apiserver's --token-file: CSV `token,user,uid,"group1,group2"`. */
  tokenFile?: string;
  /** Tokens given in code (createCluster), beside or instead of the file. */
  tokens?: readonly StaticToken[];
  /** Serve without authentication on a non-loopback address. */
  insecureAllowAnonymous?: boolean;
}

/** 127.0.0.0/8, ::1 and localhost: only this machine can connect. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The tokens to authenticate with, or null to serve without authentication; throws a one-line reason to refuse. */
export async function resolveAuth(host: string, o: AuthOptions): Promise<StaticToken[] | null> {
  const tokens = [...(o.tokens ?? [])];
  if (o.tokenFile !== undefined) {
    const fromFile = await loadTokenFile(o.tokenFile);
    if (fromFile.length === 0) throw new TokenFileError(`${o.tokenFile}: no tokens (lines look like token,user,uid,"group1,group2")`);
    const known = new Set(tokens.map((t) => t.token));
    for (const t of fromFile) if (!known.has(t.token)) tokens.push(t);
  }
  if (tokens.length > 0) return tokens;
  if (!isLoopbackHost(host) && !o.insecureAllowAnonymous) {
    throw new Error(`refusing to serve on ${host} without authentication, to anyone who can reach it: pass --token-file FILE, or --insecure-allow-anonymous to allow that`);
  }
  return null;
}
