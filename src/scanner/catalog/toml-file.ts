import type { ImageFile } from "./types.ts";

/**
 * A small TOML reader for lockfiles (Cargo.lock, poetry.lock, uv.lock), written against
 * TOML 1.0 (https://toml.io/en/v1.0.0) and lenient where TOML 1.1 is (newlines and a trailing
 * comma in inline tables, `\e` and `\xHH` escapes). It reads the whole language: bare, quoted
 * and dotted keys, `[table]` and `[[array of tables]]` headers, basic/literal and multi-line
 * strings, integers, floats, booleans, arrays and inline tables. Dates and times are kept as
 * the strings written.
 *
 * It never throws for bad input. A syntax error is recorded with its line; the rest of the
 * table it happened in is dropped (the table is marked damaged) and reading resumes at the next
 * line starting with `[` (a header), so the other tables of a lockfile are still read.
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

export interface TomlError {
  /** 1-based. */
  line: number;
  message: string;
}

export interface TomlDocument {
  root: TomlTable;
  errors: TomlError[];
  /** Line of the header that opened a table (`[a]`, or one `[[a]]` element); 0 for the root. */
  lineOf(table: TomlTable): number | undefined;
  /** Whether a syntax error cut this table short (keys after the error were not read). */
  damaged(table: TomlTable): boolean;
}

const MAX_DEPTH = 64;
const MAX_ERRORS = 50;

export function parseToml(text: string): TomlDocument {
  const p = new Parser(text);
  p.run();
  return {
    root: p.root,
    errors: p.errors,
    lineOf: (t) => p.lines.get(t),
    damaged: (t) => p.damagedTables.has(t),
  };
}

export function isTable(v: unknown): v is TomlTable {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Reads a TOML lockfile: size-checked, not binary, BOM-tolerant. Returns the document (which
 * may carry recovered syntax errors) or the reason it cannot be read at all.
 */
export function readTomlFile(
  file: ImageFile,
  what: string,
  maxBytes: number,
): { doc: TomlDocument } | { problem: string } {
  if (file.content.length > maxBytes)
    return { problem: `${what} is ${file.content.length} bytes, over the ${maxBytes} limit` };
  if (file.content.includes(0)) return { problem: `${what} is binary (contains NUL bytes)` };
  let text = file.content.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { doc: parseToml(text) };
}

/**
 * The `[[package]]` tables of a lockfile, with the reasons the list itself is unusable
 * (`package` present but not an array of tables). Syntax errors are the caller's to report.
 */
export function packageTables(
  doc: TomlDocument,
  key = "package",
): {
  tables: TomlTable[];
  reasons: string[];
} {
  const list = doc.root[key];
  if (list === undefined) return { tables: [], reasons: [] };
  if (!Array.isArray(list)) return { tables: [], reasons: [`${key} is not an array of tables`] };
  const tables: TomlTable[] = [];
  const reasons: string[] = [];
  list.forEach((t, i) => {
    if (isTable(t)) tables.push(t);
    else reasons.push(`${key}[${i}] is not a table`);
  });
  return { tables, reasons };
}

class TomlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const BARE_KEY = /[A-Za-z0-9_-]/;
const SCALAR_CHAR = /[A-Za-z0-9_+\-.:]/;
const DEC_INT = /^[+-]?(?:0|[1-9](?:_?[0-9])*)$/;
const HEX_INT = /^0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*$/;
const OCT_INT = /^0o[0-7](?:_?[0-7])*$/;
const BIN_INT = /^0b[01](?:_?[01])*$/;
const FLOAT =
  /^[+-]?(?:0|[1-9](?:_?[0-9])*)(?:\.[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|nan)$/;
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?$/;
/** A `[table]` / `[[table]]` line with bare keys (a nested array of scalars has no letters first). */
const HEADER_LINE = /^\[\[?[ \t]*[A-Za-z_][A-Za-z0-9_.\- \t]*\]\]?[ \t]*(?:#.*)?\r?$/;
const TIME = /^\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

class Parser {
  readonly root: TomlTable = {};
  readonly errors: TomlError[] = [];
  readonly lines = new WeakMap<TomlTable, number>();
  readonly damagedTables = new WeakSet<TomlTable>();
  /** Tables opened by a `[header]`: a second header for the same table is an error. */
  private readonly explicit = new WeakSet<TomlTable>();
  /** Inline tables (and tables made by dotted keys) are closed to headers. */
  private readonly closed = new WeakSet<TomlTable>();
  /** Arrays made by `[[header]]`: the only arrays a header may extend. */
  private readonly tableArrays = new WeakSet<TomlValue[]>();
  private current: TomlTable;
  private i = 0;
  /** 1-based line of position i. */
  private line = 1;
  private statementStart = 0;

  constructor(private readonly s: string) {
    this.current = this.root;
    this.lines.set(this.root, 0);
  }

  run(): void {
    while (true) {
      try {
        if (!this.statement()) return;
      } catch (err) {
        if (!(err instanceof TomlSyntaxError)) throw err;
        this.errors.push({ line: err.line, message: err.message });
        this.damagedTables.add(this.current);
        if (this.errors.length >= MAX_ERRORS) {
          this.errors.push({ line: this.line, message: "too many errors; the rest is not read" });
          return;
        }
        // The rest of this table goes to a table nobody sees.
        this.current = {};
        // A header on a later line than the failed statement began (an array left open) is
        // where reading resumes; otherwise at the next header after this line.
        const lineStart = this.s.lastIndexOf("\n", this.i - 1) + 1;
        if (lineStart > this.statementStart && this.s[lineStart] === "[") this.i = lineStart;
        else this.skipToNextHeader();
      }
    }
  }

  private fail(message: string, line = this.line): never {
    throw new TomlSyntaxError(message, line);
  }

  /** One header or key/value line; false at the end of the text. */
  private statement(): boolean {
    this.blank();
    if (this.i >= this.s.length) return false;
    this.statementStart = this.i;
    const line = this.line;
    if (this.s[this.i] === "[") this.header(line);
    else {
      const keys = this.keyPath();
      this.ws();
      if (this.s[this.i] !== "=") this.fail(`expected "=" after the key ${keys.join(".")}`);
      this.i++;
      this.ws();
      const value = this.value(0);
      this.assign(this.current, keys, value, line);
    }
    this.lineEnd();
    return true;
  }

  private header(line: number): void {
    this.current = {};
    this.i++;
    const isArray = this.s[this.i] === "[";
    if (isArray) this.i++;
    this.ws();
    const keys = this.keyPath();
    this.ws();
    if (isArray) {
      if (!this.s.startsWith("]]", this.i)) this.fail('expected "]]" to close the header');
      this.i += 2;
    } else {
      if (this.s[this.i] !== "]") this.fail('expected "]" to close the header');
      this.i++;
    }
    let t = this.root;
    for (let k = 0; k < keys.length - 1; k++) t = this.descend(t, keys[k]!, keys, line);
    const last = keys[keys.length - 1]!;
    const existing = own(t, last);
    const name = keys.join(".");
    if (isArray) {
      let arr: TomlValue[];
      if (existing === undefined) {
        arr = [];
        this.tableArrays.add(arr);
        set(t, last, arr);
      } else if (Array.isArray(existing) && this.tableArrays.has(existing)) arr = existing;
      else this.fail(`[[${name}]] extends a key that is not an array of tables`, line);
      const table: TomlTable = {};
      arr.push(table);
      this.open(table, line);
      return;
    }
    if (existing === undefined) {
      const table: TomlTable = {};
      set(t, last, table);
      this.open(table, line);
      return;
    }
    if (isTable(existing) && !this.explicit.has(existing) && !this.closed.has(existing)) {
      this.open(existing, line);
      return;
    }
    if (isTable(existing)) this.fail(`[${name}] is defined more than once`, line);
    this.fail(`[${name}]: ${last} is already a value, not a table`, line);
  }

  private open(table: TomlTable, line: number): void {
    this.explicit.add(table);
    this.lines.set(table, line);
    this.current = table;
  }

  /** A header's path step: into a table (made implicitly if absent) or the last `[[x]]` element. */
  private descend(t: TomlTable, key: string, keys: string[], line: number): TomlTable {
    const existing = own(t, key);
    if (existing === undefined) {
      const table: TomlTable = {};
      set(t, key, table);
      this.lines.set(table, line);
      return table;
    }
    if (isTable(existing) && !this.closed.has(existing)) return existing;
    if (Array.isArray(existing) && this.tableArrays.has(existing)) {
      const last = existing[existing.length - 1];
      if (isTable(last)) return last;
    }
    return this.fail(`[${keys.join(".")}]: ${key} is not a table`, line);
  }

  private assign(t: TomlTable, keys: string[], value: TomlValue, line: number): void {
    let at = t;
    for (let k = 0; k < keys.length - 1; k++) {
      const key = keys[k]!;
      const existing = own(at, key);
      if (existing === undefined) {
        const table: TomlTable = {};
        this.closed.add(table);
        set(at, key, table);
        at = table;
      } else if (isTable(existing) && !this.explicit.has(existing)) at = existing;
      else this.fail(`${keys.slice(0, k + 1).join(".")} is not a table`, line);
    }
    const last = keys[keys.length - 1]!;
    if (own(at, last) !== undefined) this.fail(`duplicate key ${keys.join(".")}`, line);
    set(at, last, value);
  }

  // ---- lexical helpers ----------------------------------------------------------------------

  private ws(): void {
    while (this.s[this.i] === " " || this.s[this.i] === "\t") this.i++;
  }

  private comment(): void {
    if (this.s[this.i] !== "#") return;
    const nl = this.s.indexOf("\n", this.i);
    this.i = nl === -1 ? this.s.length : nl;
    if (this.s[this.i - 1] === "\r") this.i--;
  }

  /** Consumes one newline (LF or CRLF); false if there is none here. */
  private newline(): boolean {
    if (this.s[this.i] === "\n") {
      this.i++;
      this.line++;
      return true;
    }
    if (this.s[this.i] === "\r" && this.s[this.i + 1] === "\n") {
      this.i += 2;
      this.line++;
      return true;
    }
    return false;
  }

  /** Whitespace, comments and newlines (between statements, inside arrays). */
  private blank(): void {
    while (true) {
      this.ws();
      this.comment();
      if (!this.newline()) return;
    }
  }

  private lineEnd(): void {
    this.ws();
    this.comment();
    if (this.i >= this.s.length || this.newline()) return;
    const rest = this.s.slice(this.i, this.i + 20).split(/\r?\n/)[0]!;
    this.fail(`unexpected ${JSON.stringify(rest)} before the end of the line`);
  }

  /** At the start of a line that looks like a table header (inside an array left open). */
  private atHeader(): boolean {
    if (this.s[this.i] !== "[" || (this.i > 0 && this.s[this.i - 1] !== "\n")) return false;
    const nl = this.s.indexOf("\n", this.i);
    return HEADER_LINE.test(this.s.slice(this.i, nl === -1 ? this.s.length : nl));
  }

  private skipToNextHeader(): void {
    while (this.i < this.s.length) {
      const nl = this.s.indexOf("\n", this.i);
      if (nl === -1) {
        this.i = this.s.length;
        return;
      }
      this.i = nl + 1;
      this.line++;
      if (this.s[this.i] === "[") return;
    }
  }

  // ---- keys ---------------------------------------------------------------------------------

  private keyPath(): string[] {
    const keys = [this.key()];
    while (true) {
      this.ws();
      if (this.s[this.i] !== ".") return keys;
      this.i++;
      this.ws();
      keys.push(this.key());
    }
  }

  private key(): string {
    const c = this.s[this.i];
    if (c === '"') {
      if (this.s.startsWith('"""', this.i)) this.fail("a key cannot be a multi-line string");
      return this.basicString();
    }
    if (c === "'") {
      if (this.s.startsWith("'''", this.i)) this.fail("a key cannot be a multi-line string");
      return this.literalString();
    }
    const start = this.i;
    while (this.i < this.s.length && BARE_KEY.test(this.s[this.i]!)) this.i++;
    if (this.i === start) {
      if (this.i >= this.s.length) this.fail("unexpected end of file, expected a key");
      this.fail(`expected a key, found ${JSON.stringify(this.s.slice(this.i, this.i + 20))}`);
    }
    return this.s.slice(start, this.i);
  }

  // ---- values -------------------------------------------------------------------------------

  private value(depth: number): TomlValue {
    if (depth > MAX_DEPTH) this.fail(`arrays and inline tables nested deeper than ${MAX_DEPTH}`);
    const c = this.s[this.i];
    if (c === undefined) this.fail("unexpected end of file, expected a value");
    if (c === '"')
      return this.s.startsWith('"""', this.i) ? this.multilineBasic() : this.basicString();
    if (c === "'")
      return this.s.startsWith("'''", this.i) ? this.multilineLiteral() : this.literalString();
    if (c === "[") return this.array(depth + 1);
    if (c === "{") return this.inlineTable(depth + 1);
    return this.scalar();
  }

  private array(depth: number): TomlValue[] {
    const line = this.line;
    this.i++;
    const out: TomlValue[] = [];
    while (true) {
      this.blank();
      if (this.atHeader()) this.fail("unterminated array", line);
      if (this.s[this.i] === "]") {
        this.i++;
        return out;
      }
      out.push(this.value(depth));
      this.blank();
      if (this.atHeader()) this.fail("unterminated array", line);
      if (this.s[this.i] === ",") {
        this.i++;
        continue;
      }
      if (this.s[this.i] === "]") {
        this.i++;
        return out;
      }
      this.fail(this.i >= this.s.length ? "unterminated array" : 'expected "," or "]" in an array');
    }
  }

  private inlineTable(depth: number): TomlTable {
    const line = this.line;
    this.i++;
    const table: TomlTable = {};
    this.closed.add(table);
    while (true) {
      this.blank();
      if (this.s[this.i] === "}") {
        this.i++;
        return table;
      }
      if (this.i >= this.s.length || this.atHeader()) this.fail("unterminated inline table", line);
      const keyLine = this.line;
      const keys = this.keyPath();
      this.ws();
      if (this.s[this.i] !== "=") this.fail(`expected "=" after the key ${keys.join(".")}`);
      this.i++;
      this.ws();
      this.assign(table, keys, this.value(depth), keyLine);
      this.blank();
      if (this.atHeader()) this.fail("unterminated inline table", line);
      if (this.s[this.i] === ",") {
        this.i++;
        continue;
      }
      if (this.s[this.i] === "}") {
        this.i++;
        return table;
      }
      this.fail(
        this.i >= this.s.length ? "unterminated inline table" : 'expected "," or "}" in a table',
      );
    }
  }

  private scalar(): string | number | boolean {
    const start = this.i;
    while (this.i < this.s.length && SCALAR_CHAR.test(this.s[this.i]!)) this.i++;
    let token = this.s.slice(start, this.i);
    // `1979-05-27 07:32:00`: a date and a time separated by one space.
    if (/^\d{4}-\d{2}-\d{2}$/.test(token) && /^ \d{2}:/.test(this.s.slice(this.i, this.i + 4))) {
      this.i++;
      while (this.i < this.s.length && SCALAR_CHAR.test(this.s[this.i]!)) this.i++;
      token = this.s.slice(start, this.i);
    }
    if (token === "") {
      this.fail(`expected a value, found ${JSON.stringify(this.s.slice(this.i, this.i + 20))}`);
    }
    if (token === "true") return true;
    if (token === "false") return false;
    if (DEC_INT.test(token)) return Number(token.replace(/_/g, ""));
    if (HEX_INT.test(token)) return Number.parseInt(token.slice(2).replace(/_/g, ""), 16);
    if (OCT_INT.test(token)) return Number.parseInt(token.slice(2).replace(/_/g, ""), 8);
    if (BIN_INT.test(token)) return Number.parseInt(token.slice(2).replace(/_/g, ""), 2);
    if (FLOAT.test(token)) return Number(token.replace(/_/g, ""));
    if (SPECIAL_FLOAT.test(token)) {
      if (token.endsWith("nan")) return Number.NaN;
      return token.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
    }
    if (DATE_TIME.test(token) || TIME.test(token)) return token;
    return this.fail(`invalid value ${JSON.stringify(token.slice(0, 40))}`);
  }

  private basicString(): string {
    const line = this.line;
    this.i++;
    let out = "";
    let from = this.i;
    while (true) {
      const c = this.s[this.i];
      if (c === undefined || c === "\n" || (c === "\r" && this.s[this.i + 1] === "\n"))
        this.fail("unterminated string", line);
      if (c === '"') {
        out += this.s.slice(from, this.i);
        this.i++;
        return out;
      }
      if (c === "\\") {
        out += this.s.slice(from, this.i);
        out += this.escape();
        from = this.i;
        continue;
      }
      this.i++;
    }
  }

  /** At a backslash: the escaped character(s); advances past the escape. */
  private escape(): string {
    const c = this.s[this.i + 1];
    this.i += 2;
    switch (c) {
      case "b":
        return "\b";
      case "t":
        return "\t";
      case "n":
        return "\n";
      case "f":
        return "\f";
      case "r":
        return "\r";
      case "e":
        return "\x1b";
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "x":
        return this.hexEscape(2);
      case "u":
        return this.hexEscape(4);
      case "U":
        return this.hexEscape(8);
      default:
        return this.fail(`invalid escape "\\${c ?? ""}"`);
    }
  }

  private hexEscape(digits: number): string {
    const hex = this.s.slice(this.i, this.i + digits);
    if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex))
      this.fail(`invalid escape: expected ${digits} hex digits`);
    const cp = Number.parseInt(hex, 16);
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      this.fail(`invalid escape: U+${hex} is not a Unicode scalar value`);
    this.i += digits;
    return String.fromCodePoint(cp);
  }

  private multilineBasic(): string {
    const line = this.line;
    this.i += 3;
    this.newline();
    let out = "";
    while (true) {
      const c = this.s[this.i];
      if (c === undefined) this.fail("unterminated multi-line string", line);
      if (c === '"' && this.s.startsWith('"""', this.i)) {
        // Up to two quotes may sit right before the closing delimiter.
        let n = 3;
        while (n < 5 && this.s[this.i + n] === '"') n++;
        out += '"'.repeat(n - 3);
        this.i += n;
        return out;
      }
      if (c === "\\") {
        // A line-ending backslash trims the newline and the whitespace after it.
        let j = this.i + 1;
        while (this.s[j] === " " || this.s[j] === "\t") j++;
        if (this.s[j] === "\n" || (this.s[j] === "\r" && this.s[j + 1] === "\n")) {
          this.i = j;
          while (true) {
            this.ws();
            if (!this.newline()) break;
          }
          continue;
        }
        out += this.escape();
        continue;
      }
      if (this.newline()) {
        out += "\n";
        continue;
      }
      out += c;
      this.i++;
    }
  }

  private literalString(): string {
    const line = this.line;
    const start = this.i + 1;
    let j = start;
    while (j < this.s.length && this.s[j] !== "'" && this.s[j] !== "\n") j++;
    if (this.s[j] !== "'") this.fail("unterminated literal string", line);
    this.i = j + 1;
    return this.s.slice(start, j);
  }

  private multilineLiteral(): string {
    const line = this.line;
    this.i += 3;
    this.newline();
    const end = this.s.indexOf("'''", this.i);
    if (end === -1) this.fail("unterminated multi-line literal string", line);
    let n = 3;
    while (n < 5 && this.s[end + n] === "'") n++;
    const body = this.s.slice(this.i, end + n - 3);
    for (const ch of body) if (ch === "\n") this.line++;
    this.i = end + n;
    return body.replace(/\r\n/g, "\n");
  }
}

function own(t: TomlTable, key: string): TomlValue | undefined {
  return Object.hasOwn(t, key) ? t[key] : undefined;
}

/** Assigns without ever touching the prototype (a key may be `__proto__`). */
function set(t: TomlTable, key: string, value: TomlValue): void {
  Object.defineProperty(t, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A lockfile entry's string field, or why it cannot be used: `line N: <owner> has no <key>`,
 * `<owner>: <key> is not a string`, `<owner> has an invalid <key> "..."`. The reason is null when the key is missing from a table a
 * syntax error cut short (that error was reported already).
 */
export function stringField(
  doc: TomlDocument,
  t: TomlTable,
  key: string,
  valid: RegExp,
  owner: string,
): { value: string } | { reason: string | null } {
  const v = own(t, key);
  if (typeof v === "string" && valid.test(v)) return { value: v };
  const line = doc.lineOf(t) ?? 0;
  if (v === undefined)
    return { reason: doc.damaged(t) ? null : `line ${line}: ${owner} has no ${key}` };
  if (typeof v !== "string") return { reason: `line ${line}: ${owner}: ${key} is not a string` };
  return {
    reason: `line ${line}: ${owner} has an invalid ${key} ${JSON.stringify(v.slice(0, 100))}`,
  };
}
