// Authentication by bearer token against the static token file.
import type { StaticToken } from './token-file.js';
import { authenticated, type UserInfo } from './user.js';

export type Authenticator = (request: Request, url: URL) => UserInfo | null;

/**
 * The bearer token of a request: `Authorization: Bearer <token>`; under
 * /inspector/ also `?access_token=`, because the page's EventSource cannot
 * send headers (Kubernetes itself no longer takes tokens in the query).
 */
export function bearerToken(request: Request, url: URL): string | null {
  const header = request.headers.get('authorization');
  if (header) {
    const m = /^bearer\s+(\S+)\s*$/i.exec(header.trim());
    return m ? m[1]! : null;
  }
  if (url.pathname.startsWith('/inspector/')) return url.searchParams.get('access_token') || null;
  return null;
}

/** Looks the token up; null when there is none or it is unknown (both are a 401). */
export function tokenAuthenticator(tokens: readonly StaticToken[]): Authenticator {
  const users = new Map<string, UserInfo>();
  for (const t of tokens) users.set(t.token, authenticated(t.user, t.groups, t.uid || undefined));
  return (request, url) => {
    const token = bearerToken(request, url);
    return token === null ? null : users.get(token) ?? null;
  };
}
