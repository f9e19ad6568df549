// A JSON parser for request bodies that reports duplicate object keys (with
// their path, as Kubernetes' strict decoding does), bounds nesting depth, and
// fails only with a typed StrictJsonError whose message reads like Go's
// encoding/json ("unexpected end of JSON input", "invalid character 'x'
// looking for beginning of value").
//
// Semantics otherwise follow JSON.parse: the last of duplicate keys wins,
// numbers are IEEE doubles, "__proto__" is an ordinary own key.

export type StrictJsonErrorReason = 'syntax' | 'truncated' | 'depth' | 'encoding';

export class StrictJsonError extends Error {
  override readonly name = 'StrictJsonError';
  constructor(
    /** What went wrong: malformed input, input that ends early, nesting too deep, or bytes that are not UTF-8. */
    readonly reason: StrictJsonErrorReason,
    message: string,
    /** Offset (in UTF-16 code units of the decoded text) where the problem was found. */
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface StrictJsonResult {
  value: unknown;
  /** Paths of keys that occur more than once in their object, in the order found, each once: "metadata.name", "spec.containers[0].image". */
  duplicates: string[];
}

export interface StrictJsonOptions {
  /** The deepest nesting of objects and arrays accepted. Default 100. */
  maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 100;

/** Parses a JSON document, collecting duplicate keys. Throws only StrictJsonError. */
export function parseJsonStrict(input: string | Uint8Array, options: StrictJsonOptions = {}): StrictJsonResult {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new StrictJsonError('encoding', 'invalid UTF-8 in JSON input', 0);
    }
  }
  return new Parser(text, options.maxDepth ?? DEFAULT_MAX_DEPTH).document();
}

const enum C {
  Tab = 9, Newline = 10, Return = 13, Space = 32, Quote = 34, Plus = 43, Comma = 44, Minus = 45, Dot = 46,
  Slash = 47, Zero = 48, Nine = 57, Colon = 58, UpperE = 69, OpenBracket = 91, Backslash = 92,
  CloseBracket = 93, LowerE = 101, OpenBrace = 123, CloseBrace = 125,
}

type PathPart = string | number;

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly path: PathPart[] = [];
  private readonly duplicates: string[] = [];
  private readonly seenDuplicates = new Set<string>();

  constructor(private readonly text: string, private readonly maxDepth: number) {}

  document(): StrictJsonResult {
    this.ws();
    if (this.pos >= this.text.length) throw this.eof();
    const value = this.value('looking for beginning of value');
    this.ws();
    if (this.pos < this.text.length) throw this.invalid('after top-level value');
    return { value, duplicates: this.duplicates };
  }

  private ws(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === C.Space || c === C.Newline || c === C.Return || c === C.Tab) p++;
      else break;
    }
    this.pos = p;
  }

  private eof(): StrictJsonError {
    return new StrictJsonError('truncated', 'unexpected end of JSON input', this.text.length);
  }

  private invalid(context: string, at = this.pos): StrictJsonError {
    if (at >= this.text.length) return this.eof();
    return new StrictJsonError('syntax', `invalid character ${quoteChar(this.text.codePointAt(at)!)} ${context} (at offset ${at})`, at);
  }

  private value(context: string): unknown {
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case C.OpenBrace: return this.object();
      case C.OpenBracket: return this.array();
      case C.Quote: return this.string();
      case 116: return this.literal('true', true);
      case 102: return this.literal('false', false);
      case 110: return this.literal('null', null);
      default:
        if (c === C.Minus || (c >= C.Zero && c <= C.Nine)) return this.number();
        throw this.invalid(context);
    }
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) {
      throw new StrictJsonError('depth', `JSON nesting exceeds the maximum depth of ${this.maxDepth}`, this.pos);
    }
  }

  private object(): Record<string, unknown> {
    this.enter();
    this.pos++; // {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    this.ws();
    if (this.text.charCodeAt(this.pos) === C.CloseBrace) {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== C.Quote) throw this.invalid('looking for beginning of object key string');
      const key = this.string();
      this.ws();
      if (this.text.charCodeAt(this.pos) !== C.Colon) throw this.invalid('after object key');
      this.pos++;
      this.ws();
      this.path.push(key);
      if (seen.has(key)) this.noteDuplicate();
      else seen.add(key);
      const v = this.value('looking for beginning of value');
      this.path.pop();
      if (key === '__proto__') {
        Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
      } else {
        out[key] = v;
      }
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      if (c === C.Comma) {
        this.pos++;
        this.ws();
        continue;
      }
      if (c === C.CloseBrace) {
        this.pos++;
        this.depth--;
        return out;
      }
      throw this.invalid('after object key:value pair');
    }
  }

  private array(): unknown[] {
    this.enter();
    this.pos++; // [
    const out: unknown[] = [];
    this.ws();
    if (this.text.charCodeAt(this.pos) === C.CloseBracket) {
      this.pos++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.path.push(out.length);
      out.push(this.value('looking for beginning of value'));
      this.path.pop();
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      if (c === C.Comma) {
        this.pos++;
        this.ws();
        continue;
      }
      if (c === C.CloseBracket) {
        this.pos++;
        this.depth--;
        return out;
      }
      throw this.invalid('after array element');
    }
  }

  private noteDuplicate(): void {
    const p = formatPath(this.path);
    if (!this.seenDuplicates.has(p)) {
      this.seenDuplicates.add(p);
      this.duplicates.push(p);
    }
  }

  private string(): string {
    const t = this.text;
    let p = this.pos + 1; // past the opening quote
    let out = '';
    let start = p;
    for (;;) {
      if (p >= t.length) {
        this.pos = p;
        throw this.eof();
      }
      const c = t.charCodeAt(p);
      if (c === C.Quote) {
        out += t.slice(start, p);
        this.pos = p + 1;
        return out;
      }
      if (c < 0x20) throw this.invalid('in string literal', p);
      if (c !== C.Backslash) {
        p++;
        continue;
      }
      out += t.slice(start, p);
      p++;
      if (p >= t.length) {
        this.pos = p;
        throw this.eof();
      }
      const e = t.charCodeAt(p);
      switch (e) {
        case C.Quote: out += '"'; p++; break;
        case C.Backslash: out += '\\'; p++; break;
        case C.Slash: out += '/'; p++; break;
        case 98: out += '\b'; p++; break;
        case 102: out += '\f'; p++; break;
        case 110: out += '\n'; p++; break;
        case 114: out += '\r'; p++; break;
        case 116: out += '\t'; p++; break;
        case 117: { // \uXXXX
          let code = 0;
          for (let i = 1; i <= 4; i++) {
            if (p + i >= t.length) {
              this.pos = t.length;
              throw this.eof();
            }
            const h = hexValue(t.charCodeAt(p + i));
            if (h < 0) throw this.invalid('in \\u hexadecimal character escape', p + i);
            code = code * 16 + h;
          }
          out += String.fromCharCode(code);
          p += 5;
          break;
        }
        default:
          throw this.invalid('in string escape code', p);
      }
      start = p;
    }
  }

  private literal(word: string, value: unknown): unknown {
    const t = this.text;
    for (let i = 1; i < word.length; i++) {
      const at = this.pos + i;
      if (at >= t.length) throw this.eof();
      if (t.charCodeAt(at) !== word.charCodeAt(i)) {
        throw this.invalid(`in literal ${word} (expecting '${word[i]}')`, at);
      }
    }
    this.pos += word.length;
    return value;
  }

  private number(): number {
    const t = this.text;
    const start = this.pos;
    let p = start;
    const digit = (q: number) => {
      const c = t.charCodeAt(q);
      return c >= C.Zero && c <= C.Nine;
    };
    if (t.charCodeAt(p) === C.Minus) {
      p++;
      if (p >= t.length) throw this.eof();
      if (!digit(p)) throw this.invalid('in numeric literal', p);
    }
    if (t.charCodeAt(p) === C.Zero) p++;
    else while (digit(p)) p++;
    if (t.charCodeAt(p) === C.Dot) {
      p++;
      if (p >= t.length) throw this.eof();
      if (!digit(p)) throw this.invalid('after decimal point in numeric literal', p);
      while (digit(p)) p++;
    }
    const e = t.charCodeAt(p);
    if (e === C.LowerE || e === C.UpperE) {
      p++;
      const s = t.charCodeAt(p);
      if (s === C.Plus || s === C.Minus) p++;
      if (p >= t.length) throw this.eof();
      if (!digit(p)) throw this.invalid('in exponent of numeric literal', p);
      while (digit(p)) p++;
    }
    this.pos = p;
    return Number(t.slice(start, p));
  }
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

function quoteChar(code: number): string {
  if (code === 39) return "'\\''";
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCodePoint(code)}'`;
}

/** Formats a path as Kubernetes prints field paths: `spec.containers[0].name`. */
export function formatPath(path: readonly PathPart[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
