/**
 * The ignore file, `.drydockignore.yaml`: vulnerabilities a team has looked at and accepts for
 * a while. Every entry says why and until when; an expired entry stops applying (the CLI warns
 * about it), so an accepted risk is looked at again.
 *
 * ```yaml
 * ignore:
 *   - id: CVE-2024-12345            # the finding's id or any of its aliases (GHSA-..., ...)
 *     reason: "not reachable: we never parse untrusted certificates"
 *     expires: 2027-01-31           # YYYY-MM-DD; the entry applies up to and including that day
 *     package: pkg:npm/lodash       # optional: a purl (version optional) or a package name
 * ```
 *
 * The file is checked strictly: an unknown key, a missing or empty reason, a missing or impossible
 * expiry date is an error naming the file and the line (a typo must not silently ignore nothing,
 * nor ignore for ever).
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  type Document as YamlDocument,
} from "yaml";
import { parsePurl } from "./suppress.ts";

export const DEFAULT_IGNORE_FILE = ".drydockignore.yaml";

export interface IgnoreEntry {
  /** A vulnerability id (CVE, GHSA, ...): matches a finding's id or any of its aliases. */
  id: string;
  reason: string;
  /** Last day the entry applies (YYYY-MM-DD). */
  expires: string;
  /** A purl (`pkg:type/namespace/name`, version optional) or a package name; absent: every package. */
  package?: string;
  /** 1-based line of the entry in the file, for messages. */
  line: number;
}

export interface IgnoreFile {
  /** Entries that apply today, in file order. */
  entries: IgnoreEntry[];
  /** Entries whose expiry date is before today: not applied; the CLI warns about each. */
  expired: IgnoreEntry[];
}

/** A file that cannot be used; `error` is `file:line: what is wrong`. */
export interface IgnoreError {
  error: string;
}

const ENTRY_KEYS = ["id", "reason", "expires", "package"] as const;

/**
 * Parses the YAML text of `file`. `today` (YYYY-MM-DD, the caller's clock) decides which entries
 * have expired: an entry expiring today still applies.
 */
export function parseIgnoreFile(
  text: string,
  file: string,
  today: string,
): IgnoreFile | IgnoreError {
  if (!isDate(today)) throw new Error(`parseIgnoreFile: today must be YYYY-MM-DD, got "${today}"`);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true });
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined) =>
    node?.range ? lines.linePos(node.range[0]).line : 1;
  const fail = (line: number, message: string): IgnoreError => ({
    error: `${file}:${line}: ${message}`,
  });

  const syntax = doc.errors[0];
  if (syntax) {
    const line = syntax.linePos?.[0].line ?? 1;
    const message = syntax.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    return fail(line, `not valid YAML: ${message}`);
  }

  const root = resolve(doc, doc.contents);
  // An empty file (or only comments) ignores nothing.
  if (root === null || (isScalar(root) && root.value === null)) return { entries: [], expired: [] };
  if (!isMap(root)) return fail(lineOf(root), 'expected a mapping with an "ignore" list');

  let list: Node | null = null;
  let listLine = 1;
  for (const pair of root.items) {
    const key = resolve(doc, pair.key as Node | null);
    const name = isScalar(key) ? String(key.value) : "";
    if (name !== "ignore")
      return fail(lineOf(key), `unknown key "${name}" (the file has one key: "ignore")`);
    list = resolve(doc, pair.value as Node | null);
    listLine = lineOf(key);
  }
  if (list === null || (isScalar(list) && list.value === null)) return { entries: [], expired: [] };
  if (!isSeq(list)) return fail(lineOf(list), '"ignore" must be a list of entries');

  const entries: IgnoreEntry[] = [];
  const expired: IgnoreEntry[] = [];
  for (const [i, item] of list.items.entries()) {
    const node = resolve(doc, item as Node | null);
    const line = node ? lineOf(node) : listLine;
    const what = `ignore entry ${i + 1}`;
    if (!isMap(node)) return fail(line, `${what}: expected a mapping with id, reason and expires`);

    const values: Partial<Record<(typeof ENTRY_KEYS)[number], { value: unknown; line: number }>> =
      {};
    for (const pair of node.items) {
      const key = resolve(doc, pair.key as Node | null);
      const name = isScalar(key) ? String(key.value) : "";
      if (!(ENTRY_KEYS as readonly string[]).includes(name))
        return fail(
          lineOf(key),
          `${what}: unknown key "${name}" (expected ${ENTRY_KEYS.join(", ")})`,
        );
      const value = resolve(doc, pair.value as Node | null);
      values[name as (typeof ENTRY_KEYS)[number]] = {
        value: isScalar(value) ? value.value : value === null ? null : value.toJSON(),
        line: value ? lineOf(value) : lineOf(key),
      };
    }

    const id = values.id;
    if (id === undefined) return fail(line, `${what}: missing "id" (a vulnerability id)`);
    if (typeof id.value !== "string" || id.value.trim() === "")
      return fail(id.line, `${what}: "id" must be a vulnerability id such as CVE-2024-1234`);
    const label = `ignore entry ${i + 1} (${id.value.trim()})`;

    const reason = values.reason;
    if (reason === undefined)
      return fail(line, `${label}: missing "reason" (say why it is safe to ignore)`);
    if (typeof reason.value !== "string" || reason.value.trim() === "")
      return fail(reason.line, `${label}: "reason" must not be empty`);

    const expires = values.expires;
    if (expires === undefined) return fail(line, `${label}: missing "expires" (YYYY-MM-DD)`);
    const date = dateText(expires.value);
    if (date === null || !/^\d{4}-\d{2}-\d{2}$/.test(date))
      return fail(
        expires.line,
        `${label}: "expires" must be a date YYYY-MM-DD, got ${JSON.stringify(expires.value)}`,
      );
    if (!isDate(date)) return fail(expires.line, `${label}: "expires" ${date} is not a real date`);

    const entry: IgnoreEntry = {
      id: id.value.trim(),
      reason: reason.value.trim(),
      expires: date,
      line,
    };
    const pkg = values.package;
    if (pkg !== undefined) {
      if (typeof pkg.value !== "string" || pkg.value.trim() === "")
        return fail(pkg.line, `${label}: "package" must be a purl or a package name`);
      const spec = pkg.value.trim();
      if (spec.startsWith("pkg:") && parsePurl(spec) === null)
        return fail(pkg.line, `${label}: "package" ${spec} is not a valid purl`);
      entry.package = spec;
    }
    (date < today ? expired : entries).push(entry);
  }
  return { entries, expired };
}

/** Follows a YAML alias (`*name`) to the node it names. */
function resolve(doc: YamlDocument, node: Node | null | undefined): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return node;
}

/** A YAML 1.1 document (`%YAML 1.1`) reads an unquoted date as a timestamp: take its day. */
function dateText(value: unknown): string | null {
  if (typeof value === "string") return value.trim();
  if (value instanceof Date && !Number.isNaN(value.getTime()))
    return value.toISOString().slice(0, 10);
  return null;
}

/** True for an existing calendar day written YYYY-MM-DD (2027-02-30 is not one). */
export function isDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
