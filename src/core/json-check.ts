/**
 * Checks for parsed JSON documents that every scan reads (manifests, indexes, image configs):
 * written out by hand rather than as zod schemas, because `drydock scan` reads them on every
 * run and zod's start-up (~18 ms for zod/mini, measured in the warm rescan of bench/scan.sh)
 * is a tenth of a cached scan. The rest of the project parses its boundaries with zod.
 *
 * A check returns the value it accepts (a fresh object of the known keys, or for loose shapes
 * the object as it is) and records what is wrong, with the path, as zod would report it.
 */

export interface JsonIssue {
  path: (string | number)[];
  message: string;
}

export type JsonParse<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: JsonIssue[] } };

/** Collects issues (the first 10) while a document is checked. */
export class JsonIssues {
  readonly list: JsonIssue[] = [];
  add(path: (string | number)[], message: string): void {
    if (this.list.length < 10) this.list.push({ path, message });
  }
  result<T>(data: T): JsonParse<T> {
    return this.list.length === 0
      ? { success: true, data }
      : { success: false, error: { issues: this.list } };
  }
}

/** The first issue as "path: message" (the document itself when the path is empty). */
export function firstIssue(error: { issues: JsonIssue[] }): string {
  const first = error.issues[0];
  if (!first) return "invalid";
  return first.path.length > 0 ? `${first.path.join(".")}: ${first.message}` : first.message;
}

export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function expected(what: string, v: unknown): string {
  return v === undefined
    ? `Invalid input: expected ${what}, received undefined`
    : `Invalid input: expected ${what}, received ${kind(v)}`;
}

type Check<T> = (v: unknown, path: (string | number)[], issues: JsonIssues) => v is T;

/** A check of one JSON type that records "expected <what>" where it fails. */
function checkOf<T>(test: (v: unknown) => v is T, what: string): Check<T> {
  return (v, path, issues): v is T => {
    if (test(v)) return true;
    issues.add(path, expected(what, v));
    return false;
  };
}

/** An object (its keys are checked by the caller). */
export const checkObject = checkOf(isJsonObject, "object");
export const checkString = checkOf((v): v is string => typeof v === "string", "string");
export const checkArray = checkOf(Array.isArray as (v: unknown) => v is unknown[], "array");

export function checkStringArray(
  v: unknown,
  path: (string | number)[],
  issues: JsonIssues,
): v is string[] {
  if (!checkArray(v, path, issues)) return false;
  let ok = true;
  for (let i = 0; i < v.length; i++) ok = checkString(v[i], [...path, i], issues) && ok;
  return ok;
}

export function checkStringRecord(
  v: unknown,
  path: (string | number)[],
  issues: JsonIssues,
): v is Record<string, string> {
  if (!checkObject(v, path, issues)) return false;
  let ok = true;
  for (const [k, value] of Object.entries(v)) ok = checkString(value, [...path, k], issues) && ok;
  return ok;
}

/** Copies `key` onto `out` when present, after `check` accepts it (absent keys stay absent). */
export function optional<T>(
  from: Record<string, unknown>,
  key: string,
  out: Record<string, unknown>,
  path: (string | number)[],
  issues: JsonIssues,
  check: Check<T>,
): void {
  const v = from[key];
  if (v === undefined) return;
  if (check(v, [...path, key], issues)) out[key] = v;
}
