// kube-apiserver's static token file (--token-file): CSV lines of
// `token,user,uid[,"group1,group2"]`. Parsing is pure; reading the file goes
// through the platform layer.
import { readTextFile } from '../../platform/files.js';

export interface StaticToken {
  token: string;
  user: string;
  uid: string;
  groups: string[];
}

export class TokenFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenFileError';
  }
}

/** Parses the file's text; a malformed line is a one-line error naming the source and line. */
export function parseTokenFile(text: string, source = 'token file'): StaticToken[] {
  const out: StaticToken[] = [];
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue; // as Go's encoding/csv, blank lines are skipped
    const at = `${source}, line ${i + 1}`;
    let fields: string[];
    try {
      fields = splitCsvLine(line);
    } catch (err) {
      throw new TokenFileError(`${at}: ${(err as Error).message}`);
    }
    if (fields.length < 3) throw new TokenFileError(`${at}: needs at least 3 columns (token, user name, user uid), found ${fields.length}`);
    if (fields.length > 4) throw new TokenFileError(`${at}: ${fields.length} columns; several groups go in one quoted field, as in "group1,group2"`);
    const [token, user, uid, groupField] = fields as [string, string, string, string | undefined];
    if (token === '') throw new TokenFileError(`${at}: the token is empty`);
    if (/\s/.test(token)) throw new TokenFileError(`${at}: the token contains whitespace`);
    if (user === '') throw new TokenFileError(`${at}: the user name is empty`);
    const first = seen.get(token);
    if (first !== undefined) throw new TokenFileError(`${at}: the same token as line ${first}`);
    seen.set(token, i + 1);
    const groups = (groupField ?? '').split(',').map((g) => g.trim()).filter((g) => g !== '');
    out.push({ token, user, uid, groups });
  }
  return out;
}

/** One CSV record: comma-separated, fields optionally in double quotes ("" for a quote); leading spaces trimmed. */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= line.length) throw new Error('a quoted field is not closed (quoted fields cannot span lines)');
        const c = line[i]!;
        if (c === '"') {
          if (line[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += c;
        i++;
      }
      if (i < line.length && line[i] !== ',') throw new Error(`unexpected "${line[i]}" after a quoted field`);
    } else {
      const end = line.indexOf(',', i);
      field = end < 0 ? line.slice(i) : line.slice(i, end);
      if (field.includes('"')) throw new Error('a bare " in an unquoted field');
      i = end < 0 ? line.length : end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++; // the comma
  }
}

/** Reads and parses a token file. */
export async function loadTokenFile(path: string): Promise<StaticToken[]> {
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (err) {
    throw new TokenFileError(`cannot read the token file ${path}: ${(err as Error).message}`);
  }
  return parseTokenFile(text, path);
}
