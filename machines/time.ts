// Kubernetes' metav1.Time on the wire: RFC 3339 with whole seconds.
// Statuses and Events stamp thousands of times a second, nearly always within the
// same second: the text of the last second is kept.
let lastSecond = NaN;
let lastText = '';
const MAX_FOUR_DIGIT_YEAR_MS = 253402300799999;

export function rfc3339(ms: number): string {
  if (!(ms >= 0 && ms <= MAX_FOUR_DIGIT_YEAR_MS)) return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = new Date(second * 1000).toISOString().slice(0, 19) + 'Z';
  }
  return lastText;
}
