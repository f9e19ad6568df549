// The Kubernetes version this server speaks for, and a small stable hash used
// for OpenAPI document ETags (no node:crypto in src).

export const KUBERNETES_MAJOR = '1';
export const KUBERNETES_MINOR = '32';
export const GIT_VERSION = `v${KUBERNETES_MAJOR}.${KUBERNETES_MINOR}.0-cybernetes`;

/**
 * A 128-bit non-cryptographic hash of a string as 32 upper-case hex digits:
 * four 32-bit multiply-xorshift lanes over UTF-16 code units. Stable across
 * runs and platforms; used only to tell document versions apart.
 */
export function stableHash(text: string): string {
  let h1 = 0x6a09e667, h2 = 0xbb67ae85, h3 = 0x3c6ef372, h4 = 0xa54ff53a;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x85ebca77);
    h2 = Math.imul(h2 ^ c, 0xc2b2ae3d);
    h3 = Math.imul(h3 ^ c, 0x27d4eb2f);
    h4 = Math.imul(h4 ^ c, 0x165667b1);
    h1 ^= h2 >>> 15;
    h2 ^= h3 >>> 13;
    h3 ^= h4 >>> 16;
    h4 ^= h1 >>> 17;
  }
  h1 ^= text.length;
  for (let r = 0; r < 4; r++) {
    h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ h4;
    h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35) ^ h1;
    h3 = Math.imul(h3 ^ (h3 >>> 16), 0x85ebca6b) ^ h2;
    h4 = Math.imul(h4 ^ (h4 >>> 13), 0xc2b2ae35) ^ h3;
  }
  return [h1, h2, h3, h4].map((h) => (h >>> 0).toString(16).padStart(8, '0')).join('').toUpperCase();
}
