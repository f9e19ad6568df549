// The 403 Status, worded as kube-apiserver words it:
//   pods "x" is forbidden: User "alice" cannot get resource "pods" in API group "" in the namespace "default"
import { ApiError } from '../status.js';
import type { RequestAttributes } from './request-attributes.js';

export function forbiddenMessage(user: string, a: RequestAttributes): string {
  if (!a.resourceRequest) return `User "${user}" cannot ${a.verb} path "${a.path}"`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const where = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `User "${user}" cannot ${a.verb} resource "${resource}" in API group "${a.apiGroup}" ${where}`;
}

/** Forbidden for a request; `why` replaces the "User ... cannot ..." part (the node restriction's own words). */
export function forbidden(user: string, a: RequestAttributes, reason = '', why?: string): ApiError {
  const cause = (why ?? forbiddenMessage(user, a)) + (reason ? `: ${reason}` : '');
  if (!a.resourceRequest) return new ApiError('Forbidden', `forbidden: ${cause}`);
  const qualified = a.apiGroup ? `${a.resource}.${a.apiGroup}` : a.resource;
  const message = a.name ? `${qualified} "${a.name}" is forbidden: ${cause}` : `${qualified} is forbidden: ${cause}`;
  return new ApiError('Forbidden', message, { ...(a.name ? { name: a.name } : {}), ...(a.apiGroup ? { group: a.apiGroup } : {}), kind: a.resource });
}
