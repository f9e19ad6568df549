// The API server's auth check (createApiHandler's `authorize` hook): who is
// asking (bearer token, 401 when unknown), then whether RBAC lets them (403).
import { ApiError, statusResponse } from '../status.js';
import { tokenAuthenticator } from './authenticate.js';
import type { UserInfo } from './user.js';
import { forbidden } from './forbidden.js';
import type { RbacPolicy } from './policy.js';
import { escalationCheck, onlyMutatesGCFields } from './escalation.js';
import { RBAC_KINDS } from './rbac.js';
import type { KObject } from '../../store/types.js';
import { requestAttributes } from './request-attributes.js';
import type { StaticToken } from './token-file.js';
import { requestURL } from '../request-url.js';

/** Probes stay open, as kube-apiserver's are to anyone (load balancers and kubelets probe them without a token). */
const OPEN_PATHS = new Set(['/healthz', '/healthz/', '/livez', '/livez/', '/readyz', '/readyz/']);
/** The inspector page's static shell holds no cluster data; a browser loads it without headers. Its API and stream need the token. */
const INSPECTOR_SHELL = new Set(['/inspector', '/inspector/', '/inspector/index.html', '/inspector/app.js', '/inspector/app.css']);

export interface RequestAuthOptions {
  tokens: readonly StaticToken[];
  policy: { current(): RbacPolicy | Promise<RbacPolicy> };
}

/** Who each request was authenticated as, by the authenticator in front (so it is done once). */
const authenticatedAs = new WeakMap<Request, UserInfo>();

/** Who `request` was authenticated as (by requestAuthenticator or requestAuthorizer), if anyone. */
export function authenticatedUser(request: Request): UserInfo | undefined {
  return authenticatedAs.get(request);
}

/** Probes, and the inspector's static shell to GET/HEAD: no token needed. */
function exempt(method: string, pathname: string): boolean {
  return OPEN_PATHS.has(pathname) || ((method === 'GET' || method === 'HEAD') && INSPECTOR_SHELL.has(pathname));
}

/**
 * RBAC's escalation check at admission, on the object a write would store: a Role, ClusterRole or
 * binding granting more than the writer holds is refused (src/api/auth/escalation.ts). An update
 * (`old`: the stored object) that changes only finalizers or ownerReferences is not checked.
 */
export function escalationAdmission(policy: RequestAuthOptions['policy']): (request: Request, object: KObject, old?: KObject) => void | Promise<void> {
  return (request, object, old) => {
    // Any other kind passes without reading the policy (which may be rebuilding: a promise).
    if (!RBAC_KINDS.has(object.kind)) return;
    // The authorizer in front records everyone it lets write. No user here means the request was
    // rebuilt on its way, and the check would be skipped without a word: refuse instead.
    const user = authenticatedAs.get(request);
    if (!user) throw new ApiError('InternalError', 'Internal error occurred: no authenticated user reached the RBAC escalation check');
    if (old && onlyMutatesGCFields(object, old)) return;
    const decide = (p: RbacPolicy) => { const refused = escalationCheck(p, user, object); if (refused) throw refused; };
    const p = policy.current();
    return p instanceof Promise ? p.then(decide) : decide(p);
  };
}

const unauthorized = () => statusResponse(new ApiError('Unauthorized', 'Unauthorized').toStatus());

/**
 * Authentication alone (401 for a missing or unknown token). kube-apiserver authenticates
 * before its in-flight limits and authorizes after them: the server runs this in front of
 * the limiter, so a flood without a token is refused as Unauthorized, not as TooManyRequests.
 */
export function requestAuthenticator(tokens: readonly StaticToken[]): (request: Request) => Response | null {
  const authenticate = tokenAuthenticator(tokens);
  return (request) => {
    const url = requestURL(request);
    if (exempt(request.method.toUpperCase(), url.pathname)) return null;
    const user = authenticate(request, url);
    if (!user) return unauthorized();
    authenticatedAs.set(request, user);
    return null;
  };
}

/** Authorization (403), and authentication too for a request that did not pass requestAuthenticator. */
export function requestAuthorizer(options: RequestAuthOptions): (request: Request, url: URL) => Response | null | Promise<Response | null> {
  const authenticate = tokenAuthenticator(options.tokens);
  return (request, url) => {
    const method = request.method.toUpperCase();
    if (exempt(method, url.pathname)) return null;
    const user = authenticatedAs.get(request) ?? authenticate(request, url);
    if (!user) return unauthorized();
    authenticatedAs.set(request, user);
    const attributes = requestAttributes(method, url);
    const decide = (policy: RbacPolicy): Response | null => {
      const d = policy.authorize(user, attributes);
      return d.allowed ? null : statusResponse(forbidden(user.name, attributes, d.reason).toStatus());
    };
    const policy = options.policy.current();
    return policy instanceof Promise ? policy.then(decide) : decide(policy);
  };
}
