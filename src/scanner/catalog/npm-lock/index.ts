import { purl } from "../../../core/purl.ts";
import { readJsonObject } from "../json-file.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

/**
 * npm lockfiles (`package-lock.json`, `npm-shrinkwrap.json`) of a directory scan.
 *   - lockfileVersion 1: a nested `dependencies` tree ({ name: { version, dependencies } }).
 *   - lockfileVersion 2 and 3: a flat `packages` map keyed by install path ("" is the root
 *     project, "node_modules/a/node_modules/@s/b" a nested copy). v2 also carries the v1 tree;
 *     the `packages` map wins when present.
 * Each distinct name@version is reported once per lockfile (its path is the lockfile's).
 * Links (`link: true`, v1 `file:` versions) and workspace folders are the project's own code,
 * not installed packages, and are skipped; the link targets' real packages are listed separately.
 */

const MAX_BYTES = 64 * 1024 * 1024;
const NM = "node_modules/";

export const reader: CatalogReader = {
  meta: {
    id: "npm-lock",
    title: "npm package-lock.json / npm-shrinkwrap.json",
    docsUrl: "https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json",
    kind: "language",
    sources: ["dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    if (!path.endsWith("/package-lock.json") && !path.endsWith("/npm-shrinkwrap.json"))
      return false;
    // A lockfile inside an installed package is never used by npm.
    return !path.includes("/node_modules/");
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) readLockfile(file, result);
    return result;
  },
};

interface Entry {
  name: string;
  version: string;
  dev: boolean;
  optional: boolean;
}

function readLockfile(file: ImageFile, result: ReadResult): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  const parsed = readJsonObject(file, "lockfile", MAX_BYTES);
  if ("problem" in parsed) {
    result.problems.push(problem(parsed.problem));
    return;
  }
  const doc = parsed.doc;
  const lockfileVersion = doc["lockfileVersion"];
  if (lockfileVersion !== undefined && typeof lockfileVersion !== "number") {
    result.problems.push(
      problem(`lockfileVersion is not a number: ${JSON.stringify(lockfileVersion)}`),
    );
    return;
  }
  const entries: Entry[] = [];
  const bad: string[] = [];
  if (isObject(doc["packages"])) readPackages(doc["packages"], entries, bad);
  else if (isObject(doc["dependencies"])) readDependencies(doc["dependencies"], entries, bad);
  else if (doc["packages"] !== undefined || doc["dependencies"] !== undefined) {
    result.problems.push(problem("lockfile has neither a packages map nor a dependencies tree"));
    return;
  }
  for (const reason of bad) result.problems.push(problem(reason));

  // One record per name@version; dev/optional only when every copy is.
  const seen = new Map<string, Package>();
  for (const e of entries) {
    const key = `${e.name}@${e.version}`;
    const had = seen.get(key);
    if (had) {
      const m = had.metadata!;
      m["dev"] = m["dev"] === true && e.dev;
      m["optional"] = m["optional"] === true && e.optional;
      continue;
    }
    const split = splitName(e.name);
    if (split === null) {
      result.problems.push(problem(`invalid package name ${JSON.stringify(e.name)}`));
      continue;
    }
    const pkg: Package = {
      type: "npm",
      name: e.name,
      version: e.version,
      purl: purl({ type: "npm", namespace: split.scope, name: split.name, version: e.version }),
      path: file.path,
      layer: file.layer,
      metadata: { dev: e.dev, optional: e.optional },
    };
    seen.set(key, pkg);
    result.packages.push(pkg);
  }
  for (const pkg of seen.values()) {
    const m = pkg.metadata!;
    if (m["dev"] !== true) delete m["dev"];
    if (m["optional"] !== true) delete m["optional"];
    if (Object.keys(m).length === 0) delete pkg.metadata;
  }
}

/** v2/v3: { "node_modules/a": { version }, "node_modules/a/node_modules/@s/b": { ... } }. */
function readPackages(packages: Record<string, unknown>, out: Entry[], bad: string[]): void {
  for (const [key, value] of Object.entries(packages)) {
    if (key === "") continue;
    const at = key.lastIndexOf(NM);
    // Workspace folders ("packages/app") are the project's own code.
    if (at === -1) continue;
    if (!isObject(value)) {
      bad.push(`packages[${JSON.stringify(key)}] is not an object`);
      continue;
    }
    if (value["link"] === true) continue;
    const name =
      typeof value["name"] === "string" && value["name"]
        ? value["name"]
        : key.slice(at + NM.length);
    const version = value["version"];
    if (typeof version !== "string" || version === "") {
      // npm leaves out the version of an extraneous or unresolved entry; nothing to match on.
      bad.push(`packages[${JSON.stringify(key)}] has no version`);
      continue;
    }
    const real = fromAlias(name, version);
    out.push({ ...real, dev: value["dev"] === true, optional: value["optional"] === true });
  }
}

/** v1: a tree of { name: { version, dependencies: { ... } } }, walked without recursion. */
function readDependencies(root: Record<string, unknown>, out: Entry[], bad: string[]): void {
  const stack: [string, Record<string, unknown>][] = [["", root]];
  while (stack.length > 0) {
    const [prefix, deps] = stack.pop()!;
    for (const [name, value] of Object.entries(deps)) {
      const where = `${prefix}${name}`;
      if (!isObject(value)) {
        bad.push(`dependencies ${JSON.stringify(where)} is not an object`);
        continue;
      }
      const version = value["version"];
      if (typeof version !== "string" || version === "") {
        bad.push(`dependencies ${JSON.stringify(where)} has no version`);
      } else if (!version.startsWith("file:") && !version.startsWith("link:")) {
        out.push({
          ...fromAlias(name, version),
          dev: value["dev"] === true,
          optional: value["optional"] === true,
        });
      }
      if (isObject(value["dependencies"])) stack.push([`${where} > `, value["dependencies"]]);
    }
  }
}

/** v1 aliases carry the real package in the version: `"version": "npm:real-name@1.2.3"`. */
function fromAlias(name: string, version: string): { name: string; version: string } {
  if (!version.startsWith("npm:")) return { name, version };
  const spec = version.slice(4);
  const at = spec.lastIndexOf("@");
  if (at <= 0) return { name, version: spec };
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

function splitName(name: string): { scope: string | null; name: string } | null {
  if (name.startsWith("@")) {
    const slash = name.indexOf("/");
    if (slash <= 1 || slash === name.length - 1 || name.indexOf("/", slash + 1) !== -1) return null;
    return { scope: name.slice(0, slash), name: name.slice(slash + 1) };
  }
  if (name === "" || name.includes("/")) return null;
  return { scope: null, name };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
