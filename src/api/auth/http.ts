// The API server's auth check (createApiHandler's `authorize` hook): who is
// asking (bearer token, 401 when unknown), then whether RBAC lets them (403).
import { ApiError, statusResponse } from '../status.js';
import { tokenAuthenticator } from './authenticate.js';
import { forbidden } from './forbidden.js';
import type { RbacPolicy } from './policy.js';
import { requestAttributes } from './request-attributes.js';
import type { StaticToken } from './token-file.js';

/** Probes stay open, as kube-apiserver's are to anyone (load balancers and kubelets probe them without a token). */
const OPEN_PATHS = new Set(['/healthz', '/healthz/', '/livez', '/livez/', '/readyz', '/readyz/']);
/** The inspector page's static shell holds no cluster data; a browser loads it without headers. Its API and stream need the token. */
const INSPECTOR_SHELL = new Set(['/inspector', '/inspector/', '/inspector/index.html', '/inspector/app.js', '/inspector/app.css']);

export interface RequestAuthOptions {
  tokens: readonly StaticToken[];
  policy: { current(): RbacPolicy | Promise<RbacPolicy> };
}

/**
 * Authentication alone (401 for a missing or unknown token). kube-apiserver authenticates
 * before its in-flight limits and authorizes after them: the server runs this in front of
 * the limiter, so a flood without a token is refused as Unauthorized, not as TooManyRequests.
 */
export function requestAuthenticator(tokens: readonly StaticToken[]): (request: Request) => Response | null {
  const authenticate = tokenAuthenticator(tokens);
  return (request) => {
    const url = new URL(request.url);
    if (OPEN_PATHS.has(url.pathname)) return null;
    const method = request.method.toUpperCase();
    if ((method === 'GET' || method === 'HEAD') && INSPECTOR_SHELL.has(url.pathname)) return null;
    return authenticate(request, url) ? null : statusResponse(new ApiError('Unauthorized', 'Unauthorized').toStatus());
  };
}

export function requestAuthorizer(options: RequestAuthOptions): (request: Request, url: URL) => Response | null | Promise<Response | null> {
  const authenticate = tokenAuthenticator(options.tokens);
  return (request, url) => {
    const method = request.method.toUpperCase();
    if (OPEN_PATHS.has(url.pathname)) return null;
    if ((method === 'GET' || method === 'HEAD') && INSPECTOR_SHELL.has(url.pathname)) return null;
    const user = authenticate(request, url);
    if (!user) return statusResponse(new ApiError('Unauthorized', 'Unauthorized').toStatus());
    const attributes = requestAttributes(method, url);
    const decide = (policy: RbacPolicy): Response | null => {
      const d = policy.authorize(user, attributes);
      return d.allowed ? null : statusResponse(forbidden(user.name, attributes, d.reason).toStatus());
    };
    const policy = options.policy.current();
    return policy instanceof Promise ? policy.then(decide) : decide(policy);
  };
}
