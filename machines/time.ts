// Kubernetes' metav1.Time on the wire: RFC 3339 with whole seconds.
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
