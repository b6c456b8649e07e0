import { purl } from "../../../core/purl.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";
import { type ParseYaml, withYaml } from "../yaml-parser.ts";

/**
 * yarn.lock of a directory scan, both formats:
 *   - v1 (yarn classic): its own indented format. A block starts with a header of one or more
 *     comma-separated specifiers (`"a@^1", a@~1.2:`) and holds `version "1.2.3"`.
 *   - berry (yarn 2+): YAML with a `__metadata` block; each entry has `resolution: "a@npm:1.2.3"`
 *     and `version: 1.2.3`.
 * The package name comes from the resolution (berry) or the specifier (v1), so an alias
 * (`my-alias@npm:real@^1`) reports the real package. Workspace, link and portal entries are the
 * project's own code and are skipped. Each name@version is reported once per lockfile.
 */

const MAX_BYTES = 64 * 1024 * 1024;

export const reader: CatalogReader = {
  meta: {
    id: "yarn-lock",
    title: "yarn.lock (classic v1 and berry)",
    docsUrl: "https://classic.yarnpkg.com/lang/en/docs/yarn-lock/",
    kind: "language",
    sources: ["dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    return path.endsWith("/yarn.lock") && !path.includes("/node_modules/");
  },
  read(files) {
    return withYaml((parseYaml) => {
      const result: ReadResult = { packages: [], problems: [] };
      for (const file of files) readLockfile(file, result, parseYaml);
      return result;
    });
  },
};

interface Found {
  name: string;
  version: string;
}

function readLockfile(file: ImageFile, result: ReadResult, parseYaml: ParseYaml): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  if (file.content.length > MAX_BYTES) {
    result.problems.push(
      problem(`yarn.lock is ${file.content.length} bytes, over the ${MAX_BYTES} limit`),
    );
    return;
  }
  if (file.content.includes(0)) {
    result.problems.push(problem("yarn.lock is binary (contains NUL bytes)"));
    return;
  }
  let text = file.content.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const found: Found[] = [];
  const reasons: string[] = [];
  if (isBerry(text)) readBerry(text, found, reasons, parseYaml);
  else readClassic(text, found, reasons);
  for (const r of reasons) result.problems.push(problem(r));
  const seen = new Set<string>();
  for (const f of found) {
    const key = `${f.name}@${f.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const split = splitName(f.name);
    if (split === null) {
      result.problems.push(problem(`invalid package name ${JSON.stringify(f.name)}`));
      continue;
    }
    const pkg: Package = {
      type: "npm",
      name: f.name,
      version: f.version,
      purl: purl({ type: "npm", namespace: split.scope, name: split.name, version: f.version }),
      path: file.path,
      layer: file.layer,
    };
    result.packages.push(pkg);
  }
}

/** Berry files start (after comments) with a `__metadata:` mapping. */
function isBerry(text: string): boolean {
  return text.startsWith("__metadata:") || text.includes("\n__metadata:");
}

// ---- berry ---------------------------------------------------------------------------------

const LOCAL_PROTOCOLS = ["workspace:", "link:", "portal:"];

function readBerry(text: string, found: Found[], reasons: string[], parseYaml: ParseYaml): void {
  let doc: unknown;
  try {
    // failsafe: every scalar stays a string, so `version: 1.10` is not read as the number 1.1.
    doc = parseYaml(text, {
      schema: "failsafe",
      maxAliasCount: 100,
      uniqueKeys: false,
      prettyErrors: false,
    });
  } catch (err) {
    reasons.push(`invalid YAML: ${firstLine(err)}`);
    return;
  }
  if (!isObject(doc)) {
    reasons.push("yarn.lock is not a YAML mapping");
    return;
  }
  for (const [key, value] of Object.entries(doc)) {
    if (key === "__metadata") continue;
    if (!isObject(value)) {
      reasons.push(`entry ${JSON.stringify(key)} is not a mapping`);
      continue;
    }
    const resolution = value["resolution"];
    if (typeof resolution !== "string" || resolution === "") {
      reasons.push(`entry ${JSON.stringify(key)} has no resolution`);
      continue;
    }
    const at = resolution.indexOf("@", 1);
    if (at <= 0) {
      reasons.push(
        `entry ${JSON.stringify(key)} has an unreadable resolution ${JSON.stringify(resolution)}`,
      );
      continue;
    }
    const name = resolution.slice(0, at);
    const reference = resolution.slice(at + 1);
    if (LOCAL_PROTOCOLS.some((p) => reference.startsWith(p))) continue;
    let version = value["version"];
    if (typeof version !== "string" || version === "") {
      // `name@npm:1.2.3`: the version is the reference without its protocol.
      version = reference.startsWith("npm:") ? reference.slice(4) : "";
    }
    if (version === "" || version === "0.0.0-use.local") {
      reasons.push(`entry ${JSON.stringify(key)} has no version`);
      continue;
    }
    found.push({ name, version: version as string });
  }
}

// ---- classic v1 ----------------------------------------------------------------------------

function readClassic(text: string, found: Found[], reasons: string[]): void {
  let header: { specs: string[]; line: number } | null = null;
  let version: string | null = null;
  const flush = () => {
    if (header === null) return;
    const h = header;
    header = null;
    const names = new Set<string>();
    let local = true;
    for (const spec of h.specs) {
      const parsed = parseSpec(spec);
      if (parsed === null) continue;
      names.add(parsed.name);
      if (!parsed.local) local = false;
    }
    if (names.size === 0) {
      reasons.push(
        `line ${h.line}: unreadable header ${JSON.stringify(h.specs.join(", ").slice(0, 200))}`,
      );
      return;
    }
    if (local) return;
    if (version === null || version === "") {
      reasons.push(`line ${h.line}: ${[...names][0]} has no version`);
      return;
    }
    // All specifiers of one block name the same package (or aliases of it); take the first.
    found.push({ name: [...names][0]!, version });
  };

  let lineNo = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    let line = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    if (line[0] !== " " && line[0] !== "\t") {
      flush();
      version = null;
      if (!line.endsWith(":")) {
        reasons.push(`line ${lineNo}: expected a header ending with ":"`);
        continue;
      }
      header = { specs: splitSpecs(line.slice(0, -1)), line: lineNo };
      continue;
    }
    if (header === null) continue;
    // Only the block's own fields (two-space indent), not nested `dependencies:` entries.
    if (line.startsWith("  ") && line[2] !== " " && line[2] !== "\t") {
      const m = /^ {2}version:? +(.*)$/.exec(line);
      if (m) version = unquote(m[1]!.trim());
    }
  }
  flush();
}

/** `"a@^1", a@~1` -> [`a@^1`, `a@~1`]. Quoted specifiers may contain commas in URLs. */
function splitSpecs(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (s[i] === " " || s[i] === ",") i++;
    if (i >= s.length) break;
    if (s[i] === '"') {
      const close = s.indexOf('"', i + 1);
      const endQ = close === -1 ? s.length : close;
      out.push(s.slice(i + 1, endQ));
      i = endQ + 1;
    } else {
      let comma = s.indexOf(",", i);
      if (comma === -1) comma = s.length;
      out.push(s.slice(i, comma).trim());
      i = comma + 1;
    }
  }
  return out.filter((x) => x !== "");
}

/** `name@range`, `@scope/name@range`, `alias@npm:real@range` -> the real name. */
function parseSpec(spec: string): { name: string; local: boolean } | null {
  const at = spec.indexOf("@", 1);
  if (at <= 0) return null;
  const name = spec.slice(0, at);
  const range = spec.slice(at + 1);
  if (range.startsWith("npm:")) {
    const inner = range.slice(4);
    const innerAt = inner.indexOf("@", 1);
    if (innerAt > 0) return { name: inner.slice(0, innerAt), local: false };
  }
  const local =
    range.startsWith("file:") || range.startsWith("link:") || range.startsWith("workspace:");
  return { name, local };
}

function unquote(s: string): string {
  if (s.length >= 2 && s.startsWith('"') && s.endsWith('"')) return s.slice(1, -1);
  return s;
}

function splitName(name: string): { scope: string | null; name: string } | null {
  if (name.startsWith("@")) {
    const slash = name.indexOf("/");
    if (slash <= 1 || slash === name.length - 1 || name.indexOf("/", slash + 1) !== -1) return null;
    return { scope: name.slice(0, slash), name: name.slice(slash + 1) };
  }
  if (name === "" || name.includes("/") || name.includes(" ")) return null;
  return { scope: null, name };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0]!.slice(0, 300);
}
