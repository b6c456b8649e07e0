import { readTomlLockfiles, type TomlLockfileRules } from "../lockfile.ts";
import { isTable } from "../toml-file.ts";
import type { CatalogReader } from "../types.ts";

/**
 * uv.lock of a directory scan (TOML, `[[package]]` tables read by ../lockfile.ts). Top-level
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
    return readTomlLockfiles(files, RULES);
  },
};

/** Lockfiles shipped inside installed packages are not what is installed. */
const INSTALLED = /\/(?:site-packages|dist-packages|node_modules)\//;
/** PEP 508 names. */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** The reader's own rules for the shared `[[package]]` extraction. */
const RULES: TomlLockfileRules = {
  what: "uv.lock",
  maxBytes: MAX_BYTES,
  type: "pypi",
  name: NAME,
  entry(t, doc) {
    const source = t["source"];
    if (source !== undefined && !isTable(source)) return { problem: "source is not a table" };
    if (source && LOCAL.some((k) => source[k] !== undefined)) return null;
    // A syntax error before the source: it may have been the project's own.
    if (source === undefined && doc.damaged(t)) return null;
    const where = source ? describe(source) : null;
    return { metadata: where ? { source: where } : {}, distinct: JSON.stringify(where) };
  },
};

/** The source's string fields (`{ git: "..." }`), or null for PyPI itself. */
function describe(source: Record<string, unknown>): Record<string, string> | null {
  const registry = source["registry"];
  if (typeof registry === "string" && registry.replace(/\/+$/, "") === PYPI) return null;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (typeof v === "string") out[k] = v;
  return Object.keys(out).length > 0 ? out : null;
}
