import { purl } from "../../../core/purl.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

/**
 * pip requirements files (`requirements*.txt`, and `*.txt` in a `requirements/` folder) of a
 * directory scan: the pinned lines `name==version`, as pip-compile, `pip freeze` and
 * `uv pip compile` write them. Per pip's requirements file format:
 *   - a line ending in `\` continues on the next one (joined before comments are removed);
 *   - `#` at the start of a line or after whitespace starts a comment;
 *   - lines starting with `-` are options (`-r`, `-c`, `-e`, `--index-url`, ...): skipped;
 *   - a requirement is a PEP 508 specifier, `name[extra,...] <specifiers> ; <markers>`,
 *     followed by per-requirement options (`--hash=sha256:...`) from the first word with `-`.
 * Only exact pins (`==1.2.3`, `===1.2.3`, one clause, no wildcard) are packages; ranges, bare
 * names, URLs and paths are not locked and are skipped, never guessed.
 */

const MAX_BYTES = 16 * 1024 * 1024;
/** PEP 508 names. */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
/** A pinned version: PEP 440 characters (plus local versions), no wildcard. */
const PINNED = /^(===?)\s*([A-Za-z0-9][A-Za-z0-9._+!-]*)$/;
const OPERATOR = /^(?:===|==|!=|~=|<=|>=|<|>)/;
/** One specifier clause, pinned or not (`>=1.0`, `==1.2.*`, `==${VERSION}`). */
const CLAUSE = /^(?:===|==|!=|~=|<=|>=|<|>)\s*[A-Za-z0-9._+!*${}-]+$/;

export const reader: CatalogReader = {
  meta: {
    id: "python-requirements",
    title: "pip requirements files",
    docsUrl: "https://pip.pypa.io/en/stable/reference/requirements-file-format/",
    kind: "language",
    sources: ["dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    if (!path.endsWith(".txt") || INSTALLED.test(path)) return false;
    const slash = path.lastIndexOf("/");
    const base = path.slice(slash + 1);
    if (/^requirements.*\.txt$/i.test(base)) return true;
    // requirements/base.txt, requirements/prod.txt
    return path.slice(0, slash).endsWith("/requirements");
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) readRequirements(file, result);
    return result;
  },
};

/** Files shipped inside installed packages are not what is installed. */
const INSTALLED = /\/(?:site-packages|dist-packages|node_modules)\//;

function readRequirements(file: ImageFile, result: ReadResult): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  if (file.content.length > MAX_BYTES) {
    result.problems.push(
      problem(`requirements file is ${file.content.length} bytes, over the ${MAX_BYTES} limit`),
    );
    return;
  }
  if (file.content.includes(0)) {
    result.problems.push(problem("requirements file is binary (contains NUL bytes)"));
    return;
  }
  let text = file.content.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const seen = new Set<string>();
  for (const { line, text: logical } of logicalLines(text)) {
    const parsed = parseLine(logical);
    if (parsed === null) continue;
    if ("reason" in parsed) {
      result.problems.push(problem(`line ${line}: ${parsed.reason}`));
      continue;
    }
    const { name, version, extras, markers } = parsed;
    const pkg: Package = {
      type: "pypi",
      name,
      version,
      purl: purl({ type: "pypi", name, version }),
      path: file.path,
      layer: file.layer,
    };
    const metadata: Record<string, unknown> = {};
    if (extras.length > 0) metadata["extras"] = extras;
    if (markers) metadata["markers"] = markers;
    if (Object.keys(metadata).length > 0) pkg.metadata = metadata;
    const key = `${pkg.purl} ${markers}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.packages.push(pkg);
  }
}

/**
 * Physical lines joined at trailing backslashes, comments removed, numbered by their first
 * physical line. As pip does, a comment line ends a continuation (pip-compile writes
 * `--hash=... \` followed by `# via x`).
 */
export function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const lines = text.split("\n");
  let pending: { line: number; parts: string[] } | null = null;
  for (let n = 0; n < lines.length; n++) {
    let raw = lines[n]!;
    if (raw.endsWith("\r")) raw = raw.slice(0, -1);
    const isComment = /^\s*#/.test(raw);
    if (raw.endsWith("\\") && !isComment) {
      if (pending === null) pending = { line: n + 1, parts: [] };
      pending.parts.push(raw.slice(0, -1));
      continue;
    }
    const line = pending?.line ?? n + 1;
    const joined = pending ? `${pending.parts.join("")}${isComment ? ` ${raw}` : raw}` : raw;
    pending = null;
    const stripped = joined.replace(/(?:^|\s)#.*$/, "").trim();
    if (stripped !== "") out.push({ line, text: stripped });
  }
  if (pending !== null) {
    const stripped = pending.parts
      .join("")
      .replace(/(?:^|\s)#.*$/, "")
      .trim();
    if (stripped !== "") out.push({ line: pending.line, text: stripped });
  }
  return out;
}

export type Parsed =
  | { name: string; version: string; extras: string[]; markers: string }
  | { reason: string }
  | null;

/**
 * One logical line -> a pinned requirement, null (an option, or not pinned), or the reason the
 * line is not a requirement at all.
 */
export function parseLine(line: string): Parsed {
  if (line.startsWith("-")) return null;
  // Per-requirement options start at the first space-separated word beginning with "-".
  const words = line.split(/[ \t]+/);
  const optionAt = words.findIndex((w, i) => i > 0 && w.startsWith("-"));
  let req = (optionAt === -1 ? words : words.slice(0, optionAt)).join(" ");
  // Archives, URLs and local paths are not pinned by name and version.
  if (/^(?:\.{1,2}$|\.{0,2}\/|~|[A-Za-z][A-Za-z0-9+.-]*:\/\/|[A-Za-z]:[\\/])/.test(req))
    return null;
  let markers = "";
  const semi = req.indexOf(";");
  if (semi !== -1) {
    markers = req.slice(semi + 1).trim();
    req = req.slice(0, semi).trim();
  }
  const shown = JSON.stringify(line.slice(0, 100));
  const nameMatch = NAME.exec(req);
  if (nameMatch === null) return { reason: `not a requirement: ${shown}` };
  const name = nameMatch[0];
  let rest = req.slice(name.length).trimStart();
  const extras: string[] = [];
  if (rest.startsWith("[")) {
    const close = rest.indexOf("]");
    if (close === -1) return { reason: `unclosed extras in ${shown}` };
    for (const e of rest.slice(1, close).split(",")) {
      const x = e.trim();
      if (x === "") continue;
      if (!/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(x))
        return { reason: `invalid extra ${JSON.stringify(x)} in ${shown}` };
      extras.push(x);
    }
    rest = rest.slice(close + 1).trimStart();
  }
  // `name @ url`: a direct reference, not pinned by version.
  if (rest.startsWith("@")) return null;
  // Legacy parenthesised specifiers: `name (==1.0)`.
  if (rest.startsWith("(") && rest.endsWith(")")) rest = rest.slice(1, -1).trim();
  if (rest === "") return null; // a bare name
  if (!OPERATOR.test(rest)) return { reason: `not a requirement: ${shown}` };
  const clauses = rest.split(",").map((c) => c.trim());
  for (const c of clauses) {
    if (/^(?:===|==|!=|~=|<=|>=|<|>)\s*$/.test(c))
      return { reason: `${name}: "${c}" without a version` };
    if (!CLAUSE.test(c)) return { reason: `unreadable version specifier in ${shown}` };
  }
  // Several clauses are a range; a wildcard (==1.2.*) or an environment variable is no pin.
  const pin = clauses.length === 1 ? PINNED.exec(clauses[0]!) : null;
  if (pin === null) return null;
  return { name, version: pin[2]!, extras, markers };
}
