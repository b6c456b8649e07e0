import { composerPackage, isComposerName } from "../composer/package.ts";
import { readJsonObject } from "../json-file.ts";
import type { CatalogReader, ImageFile, Problem, ReadResult } from "../types.ts";

/**
 * composer.lock of a directory scan (JSON). `packages` and `packages-dev` are arrays of the
 * locked packages as Composer resolved them: `name` ("vendor/package"), `version` (the pretty
 * version: "v6.3.0", "2.1.4", "dev-main"), `source`/`dist`, `type`, `license`, ... Platform
 * requirements (`php`, `ext-*`) live in `platform` and are not packages.
 * A leading `v` before a digit is dropped from the version ("v6.3.0" -> "6.3.0"); everything
 * else is kept as written. Installed trees are read from vendor/composer/installed.json by the
 * `composer` reader; lockfiles inside vendor/ are not wanted.
 */

const MAX_BYTES = 64 * 1024 * 1024;

export const reader: CatalogReader = {
  meta: {
    id: "composer-lock",
    title: "Composer composer.lock",
    docsUrl:
      "https://getcomposer.org/doc/01-basic-usage.md#commit-your-composer-lock-file-to-version-control",
    kind: "language",
    sources: ["dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    return path.endsWith("/composer.lock") && !path.includes("/vendor/");
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) readLockfile(file, result);
    return result;
  },
};

function readLockfile(file: ImageFile, result: ReadResult): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  const parsed = readJsonObject(file, "composer.lock", MAX_BYTES);
  if ("problem" in parsed) {
    result.problems.push(problem(withLine(parsed.problem, file.content)));
    return;
  }
  const seen = new Set<string>();
  for (const key of ["packages", "packages-dev"] as const) {
    const list = parsed.doc[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      result.problems.push(problem(`${key} is not an array`));
      continue;
    }
    list.forEach((entry: unknown, i) => {
      const where = `${key}[${i}]`;
      if (!isObject(entry)) {
        result.problems.push(problem(`${where} is not an object`));
        return;
      }
      const name = entry["name"];
      const written = entry["version"];
      if (typeof name !== "string" || name === "") {
        result.problems.push(problem(`${where} has no name`));
        return;
      }
      if (typeof written !== "string" || written === "" || /\s/.test(written)) {
        result.problems.push(problem(`${where} (${name}) has no version`));
        return;
      }
      if (!isComposerName(name)) {
        result.problems.push(
          problem(`${where} has an invalid name ${JSON.stringify(name.slice(0, 200))}`),
        );
        return;
      }
      const version = /^[vV]\d/.test(written) ? written.slice(1) : written;
      const id = `${name}@${version}`;
      if (seen.has(id)) return;
      seen.add(id);
      result.packages.push(composerPackage(name, version, entry, file, key === "packages-dev"));
    });
  }
}

/** Prefixes an `invalid JSON` reason with the line of the first syntax error. */
function withLine(reason: string, content: Buffer): string {
  if (!reason.startsWith("invalid JSON")) return reason;
  let text = content.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const at = jsonErrorOffset(text);
  if (at === null) return reason;
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) line++;
  return `line ${line}: ${reason}`;
}

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * The offset of the first JSON syntax error (RFC 8259), or null if there is none. Iterative:
 * JSON.parse's messages give a position for some errors only, and this must not recurse.
 */
export function jsonErrorOffset(s: string): number | null {
  const stack: string[] = [];
  type State = "value" | "value-or-end" | "key" | "key-or-end" | "colon" | "comma-or-end" | "done";
  let state: State = "value";
  const after = (): State => (stack.length === 0 ? "done" : "comma-or-end");
  let i = 0;
  while (true) {
    while (s[i] === " " || s[i] === "\t" || s[i] === "\n" || s[i] === "\r") i++;
    if (i >= s.length) return state === "done" ? null : i;
    const c = s[i]!;
    switch (state) {
      case "done":
        return i;
      case "colon":
        if (c !== ":") return i;
        i++;
        state = "value";
        continue;
      case "comma-or-end": {
        const top = stack[stack.length - 1];
        if (c === ",") {
          i++;
          state = top === "{" ? "key" : "value";
        } else if ((c === "}" && top === "{") || (c === "]" && top === "[")) {
          stack.pop();
          i++;
          state = after();
        } else return i;
        continue;
      }
      case "key":
      case "key-or-end":
        if (c === "}" && state === "key-or-end") {
          stack.pop();
          i++;
          state = after();
          continue;
        }
        if (c !== '"') return i;
        i = stringEnd(s, i);
        if (i < 0) return -i - 1;
        state = "colon";
        continue;
      default:
        if (c === "]" && state === "value-or-end") {
          stack.pop();
          i++;
          state = after();
        } else if (c === "{" || c === "[") {
          stack.push(c);
          i++;
          state = c === "{" ? "key-or-end" : "value-or-end";
        } else if (c === '"') {
          i = stringEnd(s, i);
          if (i < 0) return -i - 1;
          state = after();
        } else if (s.startsWith("true", i) || s.startsWith("null", i)) {
          i += 4;
          state = after();
        } else if (s.startsWith("false", i)) {
          i += 5;
          state = after();
        } else {
          JSON_NUMBER.lastIndex = i;
          if (!JSON_NUMBER.test(s)) return i;
          i = JSON_NUMBER.lastIndex;
          state = after();
        }
    }
  }
}

/** At an opening quote: the offset after the closing quote, or -(offset of the error) - 1. */
function stringEnd(s: string, start: number): number {
  let i = start + 1;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return -i - 1;
    if (c === 0x5c) {
      const e = s[i + 1];
      if (e === "u") {
        if (!/^[0-9A-Fa-f]{4}$/.test(s.slice(i + 2, i + 6))) return -i - 1;
        i += 6;
      } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
      else return -i - 1;
      continue;
    }
    i++;
  }
  return -s.length - 1;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
