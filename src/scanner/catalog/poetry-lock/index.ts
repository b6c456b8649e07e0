import { readTomlLockfiles, type TomlLockfileRules } from "../lockfile.ts";
import { isTable } from "../toml-file.ts";
import type { CatalogReader } from "../types.ts";

/**
 * poetry.lock of a directory scan (TOML, `[[package]]` tables read by ../lockfile.ts). Every
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
    return readTomlLockfiles(files, RULES);
  },
};

/** Lockfiles shipped inside installed packages are not what is installed. */
const INSTALLED = /\/(?:site-packages|dist-packages|node_modules)\//;
/** PEP 508 names. */
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** The reader's own rules for the shared `[[package]]` extraction. */
const RULES: TomlLockfileRules = {
  what: "poetry.lock",
  maxBytes: MAX_BYTES,
  type: "pypi",
  name: NAME,
  entry(t) {
    const source = isTable(t["source"]) ? t["source"] : null;
    if (source?.["type"] === "directory") return null;
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
    return { metadata, distinct: JSON.stringify(metadata["source"] ?? null) };
  },
};
