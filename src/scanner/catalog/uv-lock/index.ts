import { purl } from "../../../core/purl.ts";
import { isTable, packageTables, readTomlFile, stringField } from "../toml-file.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

/**
 * uv.lock of a directory scan (TOML, read with the shared lockfile TOML reader). Top-level
 * `version = 1` (and `revision`), `requires-python`, optional `[manifest]` (workspace members),
 * then one `[[package]]` table per resolved distribution: `name`, `version` (absent for a
 * project with a dynamic version), `source` (an inline table with one key), `dependencies`,
 * `sdist`, `wheels`, and for projects `[package.metadata]` / `[package.dev-dependencies]`.
 * Sources:
 *   - `{ registry = "https://pypi.org/simple" }` (or another index, or a find-links folder),
 *   - `{ git = "https://github.com/o/r?rev=main#<commit>" }`, `{ url = "https://.../x.tar.gz" }`,
 *     `{ path = "wheels/x-1.0-py3-none-any.whl" }` (a local archive),
 *   - `{ editable = "." }`, `{ virtual = "." }`, `{ directory = "../lib" }`: the project, its
 *     workspace members and local source trees, the project's own code: skipped.
 */

const MAX_BYTES = 64 * 1024 * 1024;
const LOCAL = ["editable", "virtual", "directory"];
const PYPI = "https://pypi.org/simple";

export const reader: CatalogReader = {
  meta: {
    id: "uv-lock",
    title: "uv uv.lock",
    docsUrl: "https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile",
    kind: "language",
    sources: ["dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    return path.endsWith("/uv.lock") && !INSTALLED.test(path);
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) readLockfile(file, result);
    return result;
  },
};

/** Lockfiles shipped inside installed packages are not what is installed. */
const INSTALLED = /\/(?:site-packages|dist-packages|node_modules)\//;
/** PEP 508 names. */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const VERSION = /^\S+$/;

function readLockfile(file: ImageFile, result: ReadResult): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  const read = readTomlFile(file, "uv.lock", MAX_BYTES);
  if ("problem" in read) {
    result.problems.push(problem(read.problem));
    return;
  }
  const doc = read.doc;
  for (const e of doc.errors) result.problems.push(problem(`line ${e.line}: ${e.message}`));
  const { tables, reasons } = packageTables(doc);
  for (const r of reasons) result.problems.push(problem(r));
  const seen = new Set<string>();
  for (const t of tables) {
    const line = doc.lineOf(t) ?? 0;
    const name = stringField(doc, t, "name", NAME, "[[package]]");
    if ("reason" in name) {
      if (name.reason) result.problems.push(problem(name.reason));
      continue;
    }
    const source = t["source"];
    if (source !== undefined && !isTable(source)) {
      result.problems.push(problem(`line ${line}: ${name.value}: source is not a table`));
      continue;
    }
    if (source && LOCAL.some((k) => source[k] !== undefined)) continue;
    // A syntax error before the source: it may have been the project's own.
    if (source === undefined && doc.damaged(t)) continue;
    const version = stringField(doc, t, "version", VERSION, name.value);
    if ("reason" in version) {
      if (version.reason) result.problems.push(problem(version.reason));
      continue;
    }
    const pkg: Package = {
      type: "pypi",
      name: name.value,
      version: version.value,
      purl: purl({ type: "pypi", name: name.value, version: version.value }),
      path: file.path,
      layer: file.layer,
    };
    const where = source ? describe(source) : null;
    if (where) pkg.metadata = { source: where };
    const key = `${pkg.purl} ${JSON.stringify(where)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.packages.push(pkg);
  }
}

/** The source's string fields (`{ git: "..." }`), or null for PyPI itself. */
function describe(source: Record<string, unknown>): Record<string, string> | null {
  const registry = source["registry"];
  if (typeof registry === "string" && registry.replace(/\/+$/, "") === PYPI) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (typeof v === "string") out[k] = v;
  return Object.keys(out).length > 0 ? out : null;
}
