import { purl } from "../../../core/purl.ts";
import { isTable, packageTables, readTomlFile, stringField } from "../toml-file.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

/**
 * poetry.lock of a directory scan (TOML, read with the shared lockfile TOML reader). Every
 * lock-version (1.1 from Poetry 1.0-1.4, 2.0 from 1.5+, 2.1 from Poetry 2) lists the resolved
 * distributions as `[[package]]` tables with `name`, `version`, `optional`, `python-versions`,
 * `files` (2.x; `[metadata.files]` in 1.1), sub-tables `[package.dependencies]`,
 * `[package.extras]` and, for non-PyPI packages, `[package.source]` (`type` = git, directory,
 * file, url or legacy, with `url`, `reference`, `resolved_reference`).
 *   - Poetry < 1.5 marks dev-only packages `category = "dev"`; Poetry 2 lists `groups`.
 *   - `type = "directory"` sources are local source trees (often `develop = true`), the
 *     project's own code: skipped.
 * The root project itself is never in poetry.lock.
 */

const MAX_BYTES = 64 * 1024 * 1024;

export const reader: CatalogReader = {
  meta: {
    id: "poetry-lock",
    title: "Poetry poetry.lock",
    docsUrl: "https://python-poetry.org/docs/basic-usage/#installing-with-poetrylock",
    kind: "language",
    sources: ["dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    return path.endsWith("/poetry.lock") && !INSTALLED.test(path);
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
  const read = readTomlFile(file, "poetry.lock", MAX_BYTES);
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
    const name = stringField(doc, t, "name", NAME, "[[package]]");
    if ("reason" in name) {
      if (name.reason) result.problems.push(problem(name.reason));
      continue;
    }
    const source = isTable(t["source"]) ? t["source"] : null;
    if (source?.["type"] === "directory") continue;
    const version = stringField(doc, t, "version", VERSION, name.value);
    if ("reason" in version) {
      if (version.reason) result.problems.push(problem(version.reason));
      continue;
    }
    const metadata: Record<string, unknown> = {};
    const groups = Array.isArray(t["groups"])
      ? t["groups"].filter((g): g is string => typeof g === "string")
      : null;
    if (
      t["category"] === "dev" ||
      (groups !== null && groups.length > 0 && !groups.includes("main"))
    )
      metadata["dev"] = true;
    if (t["optional"] === true) metadata["optional"] = true;
    if (source !== null) {
      const s: Record<string, string> = {};
      for (const [from, to] of [
        ["type", "type"],
        ["url", "url"],
        ["reference", "reference"],
        ["resolved_reference", "resolvedReference"],
      ] as const) {
        const v = source[from];
        if (typeof v === "string" && v !== "") s[to] = v;
      }
      if (Object.keys(s).length > 0) metadata["source"] = s;
    }
    const pkg: Package = {
      type: "pypi",
      name: name.value,
      version: version.value,
      purl: purl({ type: "pypi", name: name.value, version: version.value }),
      path: file.path,
      layer: file.layer,
    };
    if (Object.keys(metadata).length > 0) pkg.metadata = metadata;
    const key = `${pkg.purl} ${JSON.stringify(metadata["source"] ?? null)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.packages.push(pkg);
  }
}
