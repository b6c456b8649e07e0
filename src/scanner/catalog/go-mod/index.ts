import { purl } from "../../../core/purl.ts";
import { stdlibVersion } from "../go-binary/index.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

/**
 * go.mod of a directory scan (https://go.dev/ref/mod#go-mod-file). Line-oriented: a directive
 * is a verb and its arguments on one line, or a block `verb (` ... `)` with one set of
 * arguments per line; `//` starts a comment; arguments may be quoted ("..." or `...`).
 *   - `require path version`, with `// indirect` for modules not imported by the main module;
 *   - `replace path [version] => path version` (another module) or `=> ./dir` (a local
 *     directory); a replacement naming the required version wins over a path-only one;
 *   - `go 1.21` (minimum language version), `toolchain go1.21.5` (preferred toolchain);
 *   - `module`, `exclude`, `retract`, `godebug`, `tool`, `ignore` and unknown verbs are not
 *     packages and are skipped.
 * Packages: each required module (the replacement's version when replaced by another module;
 * no version when replaced by a local directory, whose code has none), and the standard library
 * as `stdlib` at the toolchain version (else the go version), named as the go-binary reader does.
 */

const MAX_BYTES = 16 * 1024 * 1024;
/** `go` directive values: 1.21, 1.21.5, 1.22rc1 (cmd/go's GoVersionRE). */
const GO_VERSION = /^(?:[1-9][0-9]*)\.(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))?(?:[a-z]+[0-9]+)?$/;
/** Module versions are semantic versions with a `v`: v1.2.3, v0.0.0-2023...-abcdef, v2.0.0+incompatible. */
const MODULE_VERSION = /^v[0-9]+(?:\.[0-9]+){0,2}\S*$/;

export const reader: CatalogReader = {
  meta: {
    id: "go-mod",
    title: "Go go.mod",
    docsUrl: "https://go.dev/ref/mod#go-mod-file",
    kind: "language",
    sources: ["dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    if (!path.endsWith("/go.mod")) return false;
    // The module cache ($GOPATH/pkg/mod) holds dependencies' go.mod files, not a project's.
    return !path.includes("/pkg/mod/") && !path.includes("/vendor/");
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) readGoMod(file, result);
    return result;
  },
};

interface Require {
  path: string;
  version: string;
  indirect: boolean;
}

interface Replace {
  oldPath: string;
  oldVersion: string | null;
  newPath: string;
  /** null for a local directory. */
  newVersion: string | null;
}

interface GoMod {
  module: string | null;
  go: string | null;
  toolchain: string | null;
  requires: Require[];
  replaces: Replace[];
}

function readGoMod(file: ImageFile, result: ReadResult): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  if (file.content.length > MAX_BYTES) {
    result.problems.push(
      problem(`go.mod is ${file.content.length} bytes, over the ${MAX_BYTES} limit`),
    );
    return;
  }
  if (file.content.includes(0)) {
    result.problems.push(problem("go.mod is binary (contains NUL bytes)"));
    return;
  }
  let text = file.content.toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const reasons: string[] = [];
  const mod = parseGoMod(text, reasons);
  for (const r of reasons) result.problems.push(problem(r));

  const base = { path: file.path, layer: file.layer };
  const seen = new Set<string>();
  for (const r of mod.requires) {
    const rep =
      mod.replaces.find((p) => p.oldPath === r.path && p.oldVersion === r.version) ??
      mod.replaces.find((p) => p.oldPath === r.path && p.oldVersion === null);
    const metadata: Record<string, unknown> = {};
    if (r.indirect) metadata["indirect"] = true;
    let version = r.version;
    if (rep) {
      if (rep.newVersion === null) {
        // A local directory: whatever is there has no version to match advisories on.
        version = "";
        metadata["replace"] = { path: rep.newPath };
        metadata["requiredVersion"] = r.version;
      } else {
        version = rep.newVersion;
        metadata["replace"] = { path: rep.newPath, version: rep.newVersion };
      }
    }
    const key = `${r.path}@${version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const pkg: Package = {
      type: "golang",
      name: r.path,
      version,
      purl: purl({ type: "golang", name: r.path, version }),
      ...base,
    };
    if (Object.keys(metadata).length > 0) pkg.metadata = metadata;
    result.packages.push(pkg);
  }

  const std =
    (mod.toolchain !== null ? stdlibVersion(mod.toolchain) : null) ??
    (mod.go !== null ? stdlibVersion(`go${mod.go}`) : null);
  if (std !== null) {
    const metadata: Record<string, unknown> = {};
    if (mod.go !== null) metadata["goDirective"] = mod.go;
    if (mod.toolchain !== null) metadata["toolchain"] = mod.toolchain;
    if (mod.module !== null) metadata["mainModule"] = mod.module;
    result.packages.push({
      type: "golang",
      name: "stdlib",
      version: std,
      purl: purl({ type: "golang", name: "stdlib", version: std }),
      ...base,
      metadata,
    });
  }
}

/** Parses go.mod text; malformed lines are skipped with a reason naming the line. */
export function parseGoMod(text: string, reasons: string[]): GoMod {
  const mod: GoMod = { module: null, go: null, toolchain: null, requires: [], replaces: [] };
  let block: { verb: string; line: number } | null = null;
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const lineNo = n + 1;
    const lexed = lex(lines[n]!.endsWith("\r") ? lines[n]!.slice(0, -1) : lines[n]!);
    if ("error" in lexed) {
      reasons.push(`line ${lineNo}: ${lexed.error}`);
      continue;
    }
    const { tokens, comment } = lexed;
    if (tokens.length === 0) continue;
    if (block !== null) {
      if (tokens[0]!.text === ")" && !tokens[0]!.quoted) {
        if (tokens.length > 1) reasons.push(`line ${lineNo}: unexpected text after ")"`);
        block = null;
        continue;
      }
      const bad = directive(block.verb, tokens, comment, mod);
      if (bad !== null) reasons.push(`line ${lineNo}: ${bad}`);
      continue;
    }
    const verb = tokens[0]!.text;
    const rest = tokens.slice(1);
    if (rest[0]?.text === "(" && !rest[0].quoted) {
      if (rest.length === 1) block = { verb, line: lineNo };
      else if (rest.length === 2 && rest[1]!.text === ")") {
        // `require ()`: an empty block.
      } else reasons.push(`line ${lineNo}: unexpected text after "${verb} ("`);
      continue;
    }
    const bad = directive(verb, rest, comment, mod);
    if (bad !== null) reasons.push(`line ${lineNo}: ${bad}`);
  }
  if (block !== null) reasons.push(`line ${block.line}: ${block.verb} block is not closed`);
  return mod;
}

interface Token {
  text: string;
  quoted: boolean;
}

/** Applies one directive line to `mod`; the reason it is malformed, or null. */
function directive(verb: string, args: Token[], comment: string, mod: GoMod): string | null {
  const words = args.map((a) => a.text);
  switch (verb) {
    case "module":
      if (words.length !== 1) return "usage: module module/path";
      mod.module = words[0]!;
      return null;
    case "go":
      if (words.length !== 1 || !GO_VERSION.test(words[0]!))
        return `invalid go version ${JSON.stringify(words.join(" ").slice(0, 100))}`;
      mod.go = words[0]!;
      return null;
    case "toolchain":
      if (words.length !== 1 || !/^go\S+$/.test(words[0]!))
        return `invalid toolchain ${JSON.stringify(words.join(" ").slice(0, 100))}`;
      mod.toolchain = words[0]!;
      return null;
    case "require": {
      if (words.length !== 2) return "usage: require module/path v1.2.3";
      const [path, version] = words as [string, string];
      if (!validPath(path)) return `invalid module path ${JSON.stringify(path.slice(0, 200))}`;
      if (!MODULE_VERSION.test(version))
        return `invalid version ${JSON.stringify(version.slice(0, 100))} of ${path}`;
      // `// indirect` or `// indirect; other notes`.
      mod.requires.push({ path, version, indirect: /^indirect\s*(?:;|$)/.test(comment) });
      return null;
    }
    case "replace": {
      const arrow = args.findIndex((a) => a.text === "=>" && !a.quoted);
      const left = words.slice(0, arrow);
      const right = words.slice(arrow + 1);
      if (
        arrow === -1 ||
        left.length < 1 ||
        left.length > 2 ||
        right.length < 1 ||
        right.length > 2
      )
        return "usage: replace module/path [v1.2.3] => other/module v1.4.5 | ../local/dir";
      const [oldPath, oldVersion] = left as [string, string | undefined];
      const [newPath, newVersion] = right as [string, string | undefined];
      if (!validPath(oldPath))
        return `invalid module path ${JSON.stringify(oldPath.slice(0, 200))}`;
      if (oldVersion !== undefined && !MODULE_VERSION.test(oldVersion))
        return `invalid version ${JSON.stringify(oldVersion.slice(0, 100))} of ${oldPath}`;
      if (newVersion === undefined) {
        if (!isLocalPath(newPath))
          return `replacement module ${newPath} has no version (and is not a local path)`;
      } else {
        if (isLocalPath(newPath)) return `a local replacement ${newPath} takes no version`;
        if (!MODULE_VERSION.test(newVersion))
          return `invalid version ${JSON.stringify(newVersion.slice(0, 100))} of ${newPath}`;
      }
      mod.replaces.push({
        oldPath,
        oldVersion: oldVersion ?? null,
        newPath,
        newVersion: newVersion ?? null,
      });
      return null;
    }
    default:
      // exclude, retract, godebug, tool, ignore, and directives newer than this reader.
      return null;
  }
}

/** modfile.IsDirectoryPath: ./x, ../x, ., .., or an absolute path. */
function isLocalPath(p: string): boolean {
  return (
    p === "." ||
    p === ".." ||
    p.startsWith("./") ||
    p.startsWith("../") ||
    p.startsWith("/") ||
    p.startsWith(".\\") ||
    p.startsWith("..\\") ||
    /^[A-Za-z]:[\\/]/.test(p)
  );
}

function validPath(p: string): boolean {
  return p !== "" && p.length <= 1024 && !/[\s"`]/.test(p);
}

/**
 * One line's tokens and its `//` comment (trimmed, without the slashes). Quoted strings are
 * single tokens; `(`, `)` and `=>` are tokens of their own.
 */
function lex(line: string): { tokens: Token[]; comment: string } | { error: string } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "/" && line[i + 1] === "/") return { tokens, comment: line.slice(i + 2).trim() };
    if (c === "(" || c === ")") {
      tokens.push({ text: c, quoted: false });
      i++;
      continue;
    }
    if (c === "=" && line[i + 1] === ">") {
      tokens.push({ text: "=>", quoted: false });
      i += 2;
      continue;
    }
    if (c === "`") {
      const end = line.indexOf("`", i + 1);
      if (end === -1) return { error: "unterminated raw string" };
      tokens.push({ text: line.slice(i + 1, end), quoted: true });
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === "\\" ? 2 : 1;
      if (j >= line.length) return { error: "unterminated string" };
      let text: unknown;
      try {
        text = JSON.parse(line.slice(i, j + 1));
      } catch {
        return { error: `invalid quoted string ${line.slice(i, Math.min(j + 1, i + 100))}` };
      }
      tokens.push({ text: String(text), quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !/[\s()"`]/.test(line[j]!)) {
      if (line[j] === "=" && line[j + 1] === ">") break;
      if (line[j] === "/" && line[j + 1] === "/") break;
      j++;
    }
    tokens.push({ text: line.slice(i, j), quoted: false });
    i = j;
  }
  return { tokens, comment: "" };
}
