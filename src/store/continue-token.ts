// Opaque list continuation: the revision every page reads at, and the last key returned.
import { badRequest } from './errors.js';

export interface ContinueState { rev: number; after: string }

export function encodeContinue(s: ContinueState): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, rv: s.rev, start: s.after }));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeContinue(token: string): ContinueState {
  try {
    const bin = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
    const o = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    if (o?.v === 1 && Number.isInteger(o.rv) && o.rv > 0 && typeof o.start === 'string') return { rev: o.rv, after: o.start };
  } catch { /* fall through */ }
  throw badRequest('continue key is not valid: the continue token is malformed');
}
