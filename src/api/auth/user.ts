// Who a request (or an internal actor) is, as Kubernetes' user.Info says it.

export interface UserInfo {
  name: string;
  uid?: string;
  groups: readonly string[];
}

/** Every authenticated user is also in this group (Kubernetes adds it the same way). */
export const AUTHENTICATED_GROUP = 'system:authenticated';
/** Members are allowed everything, without a rule being looked at. */
export const MASTERS_GROUP = 'system:masters';

/** The user with `system:authenticated` added, once. */
export function authenticated(name: string, groups: readonly string[], uid?: string): UserInfo {
  const all = groups.includes(AUTHENTICATED_GROUP) ? [...groups] : [...groups, AUTHENTICATED_GROUP];
  return uid ? { name, uid, groups: all } : { name, groups: all };
}
