import { purl } from "../../../core/purl.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";
import { type ParseYaml, withYaml } from "../yaml-parser.ts";

/**
 * pnpm-lock.yaml of a directory scan. The `packages` keys changed shape over the versions:
 *   - v5.x: `/name/1.2.3`, `/@scope/name/1.2.3`, peers as `_peer@1.0.0+other@2.0.0`
 *   - v6:   `/name@1.2.3`, `/@scope/name@1.2.3`, peers as `(peer@1.0.0)`
 *   - v9:   `name@1.2.3` in `packages:` (no peers) and `snapshots:` (with `(peer@x)` suffixes)
 * Non-registry packages (git, tarballs) have keys that are URLs; their entries then carry `name`
 * and `version`, which win over the key. `importers` (the project's own folders) and `link:`
 * versions are skipped. Each name@version is reported once per lockfile.
 */

const MAX_BYTES = 64 * 1024 * 1024;

export const reader: CatalogReader = {
  meta: {
    id: "pnpm-lock",
    title: "pnpm-lock.yaml (v5, v6, v9)",
    docsUrl: "https://pnpm.io/lockfile-format",
    kind: "language",
    sources: ["dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    return path.endsWith("/pnpm-lock.yaml") && !path.includes("/node_modules/");
  },
  read(files) {
    return withYaml((parseYaml) => {
      const result: ReadResult = { packages: [], problems: [] };
      for (const file of files) readLockfile(file, result, parseYaml);
      return result;
    });
  },
};

function readLockfile(file: ImageFile, result: ReadResult, parseYaml: ParseYaml): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  if (file.content.length > MAX_BYTES) {
    result.problems.push(
      problem(`pnpm-lock.yaml is ${file.content.length} bytes, over the ${MAX_BYTES} limit`),
    );
    return;
  }
  if (file.content.includes(0)) {
    result.problems.push(problem("pnpm-lock.yaml is binary (contains NUL bytes)"));
    return;
  }
  let doc: unknown;
  try {
    // failsafe: every scalar stays a string (`version: 1.10` must not become 1.1).
    doc = parseYaml(file.content.toString("utf8"), {
      schema: "failsafe",
      maxAliasCount: 100,
      uniqueKeys: false,
      prettyErrors: false,
    });
  } catch (err) {
    const msg = (err instanceof Error ? err.message : String(err)).split("\n")[0]!.slice(0, 300);
    result.problems.push(problem(`invalid YAML: ${msg}`));
    return;
  }
  if (!isObject(doc)) {
    result.problems.push(problem("pnpm-lock.yaml is not a YAML mapping"));
    return;
  }
  const lockfileVersion = Number.parseFloat(String(doc["lockfileVersion"] ?? ""));
  const major = Number.isFinite(lockfileVersion) ? Math.floor(lockfileVersion) : null;

  const seen = new Map<string, Package>();
  for (const section of ["packages", "snapshots"]) {
    const map = doc[section];
    if (map === undefined || map === null || map === "") continue;
    if (!isObject(map)) {
      result.problems.push(problem(`${section} is not a mapping`));
      continue;
    }
    for (const [key, value] of Object.entries(map)) {
      const entry = isObject(value) ? value : {};
      if (value !== null && value !== "" && !isObject(value)) {
        result.problems.push(problem(`${section}[${JSON.stringify(key)}] is not a mapping`));
        continue;
      }
      const fromKey = parseKey(key, major);
      const name = str(entry["name"]) ?? fromKey?.name ?? null;
      let version = str(entry["version"]);
      if (version === null && fromKey !== null) {
        if (!fromKey.version.includes(":")) version = fromKey.version;
        // A URL or local path in the key: the local ones are the project's own code, and
        // `packages` holds the version of a snapshot's git or tarball package.
        else if (section === "snapshots" || /^(file|link|workspace):/.test(fromKey.version))
          continue;
      }
      if (name === null || version === null) {
        result.problems.push(
          problem(`${section}[${JSON.stringify(key)}] has no readable name and version`),
        );
        continue;
      }
      if (version.startsWith("link:") || version.startsWith("workspace:")) continue;
      const split = splitName(name);
      if (split === null) {
        result.problems.push(
          problem(
            `${section}[${JSON.stringify(key)}]: invalid package name ${JSON.stringify(name)}`,
          ),
        );
        continue;
      }
      const id = `${name}@${version}`;
      const dev = entry["dev"] === "true";
      const had = seen.get(id);
      if (had) {
        if (!dev && had.metadata) delete had.metadata;
        continue;
      }
      const pkg: Package = {
        type: "npm",
        name,
        version,
        purl: purl({ type: "npm", namespace: split.scope, name: split.name, version }),
        path: file.path,
        layer: file.layer,
      };
      if (dev) pkg.metadata = { dev: true };
      seen.set(id, pkg);
      result.packages.push(pkg);
    }
  }
}

/**
 * A package key -> name and version, or null when the key is not a registry key (a URL).
 * `major` is the lockfile's major version (null if absent: guessed from the key's shape).
 */
export function parseKey(
  key: string,
  major: number | null,
): { name: string; version: string } | null {
  let k = key.startsWith("/") ? key.slice(1) : key;
  // v6/v9 peer suffixes: `name@1.0.0(peer@2.0.0)(other@1.0.0)`.
  const paren = k.indexOf("(");
  if (paren !== -1) k = k.slice(0, paren);
  const slashStyle = major !== null ? major < 6 : !atStyle(k);
  if (slashStyle) {
    const parts = k.split("/");
    const scoped = parts[0]?.startsWith("@") === true;
    const want = scoped ? 3 : 2;
    if (parts.length !== want) return null;
    const name = scoped ? `${parts[0]}/${parts[1]}` : parts[0]!;
    // v5 peer suffix: `1.0.0_peer@2.0.0+other@1.0.0`.
    const version = parts[want - 1]!.split("_")[0]!;
    if (name === "" || version === "") return null;
    return { name, version };
  }
  const at = k.indexOf("@", 1);
  if (at <= 0) return null;
  const name = k.slice(0, at);
  const version = k.slice(at + 1);
  if (version === "" || name.includes(":")) return null;
  // Names have at most one slash (after a scope); a host/path key is a URL, not a name.
  const slash = name.indexOf("/");
  if (slash !== -1 && (!name.startsWith("@") || name.indexOf("/", slash + 1) !== -1)) return null;
  return { name, version };
}

function atStyle(k: string): boolean {
  const at = k.indexOf("@", 1);
  if (at === -1) return false;
  const slash = k.indexOf("/", k.startsWith("@") ? k.indexOf("/") + 1 : 0);
  return slash === -1 || at < slash;
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

function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
