// What a write must pass before it reaches the store: the namespace exists and
// is not terminating; defaults; validation.
import { StoreError } from '../../store/errors.js';
import type { KObject } from '../../store/types.js';
import { validateObjectMeta, type FieldError } from '../resources/index.js';
import { ApiError, invalid } from '../status.js';
import type { RequestContext } from './context.js';
import { NAMESPACES_REF, namespaceLister } from './namespace-lister.js';

/** `name`: the object's, for the refusal's message (a create's URL names none). */
export async function admitNamespace(ctx: RequestContext, namespace: string, name?: string): Promise<void> {
  let ns: KObject | undefined = namespaceLister(ctx.env.store).get(namespace);
  if (!ns) {
    try {
      ns = await ctx.env.store.get(NAMESPACES_REF, undefined, namespace);
    } catch (err) {
      if (err instanceof StoreError && err.reason === 'NotFound') {
        throw new ApiError('NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
      }
      throw err;
    }
  }
  if (ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') {
    const objectName = name ?? ctx.name ?? '';
    throw new ApiError('Forbidden', `${ctx.qualified} "${objectName}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
      name: objectName || undefined, kind: ctx.type.resource, group: ctx.type.group,
      causes: [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }],
    });
  }
}

/** Kind-qualified name for messages: "Deployment.apps", "Pod". */
export function qualifiedKind(ctx: RequestContext): string {
  return ctx.type.group ? `${ctx.type.kind}.${ctx.type.group}` : ctx.type.kind;
}

/** The server's admission beyond validation, if it has any (RBAC's escalation check under a token file). */
export async function admitWrite(ctx: RequestContext, obj: KObject, old?: KObject): Promise<void> {
  if (ctx.env.admit) await ctx.env.admit(ctx.request, obj, old);
}

export function validateOrThrow(ctx: RequestContext, obj: KObject, old?: KObject): void {
  const errors: FieldError[] = [...validateObjectMeta(obj, ctx.type, old), ...ctx.type.validate(obj, old)];
  if (errors.length) {
    const name = obj.metadata?.name ?? obj.metadata?.generateName ?? '';
    throw invalid(qualifiedKind(ctx), name, ctx.type.kind, ctx.type.group, errors);
  }
}
