// A request's URL, parsed once: the overload guard, the auth check, the router and the
// inspector each need it. Shared, so read it and never change it.
const parsed = new WeakMap<Request, URL>();

export function requestURL(request: Request): URL {
  let url = parsed.get(request);
  if (!url) parsed.set(request, (url = new URL(request.url)));
  return url;
}
