import { readTomlLockfiles, type TomlLockfileRules } from "../lockfile.ts";
import type { CatalogReader } from "../types.ts";

/**
 * Cargo.lock of a directory scan (TOML). Every lockfile version (v1 without a `version` key,
 * v2, `version = 3`, `version = 4`) lists the resolved crates as `[[package]]` tables with
 * `name`, `version`, `source` and `checksum`:
 *   - `source = "registry+https://github.com/rust-lang/crates.io-index"` (or
 *     `sparse+https://index.crates.io/`, or another registry's index),
 *   - `source = "git+https://github.com/o/r?branch=main#<commit>"`,
 *   - no `source`: a workspace member or path dependency, the project's own code: skipped.
 * Each name@version@source is reported once per lockfile.
 */

const MAX_BYTES = 64 * 1024 * 1024;
const CRATE_NAME = /^[A-Za-z0-9_-]+$/;
const CRATES_IO = new Set([
  "registry+https://github.com/rust-lang/crates.io-index",
  "sparse+https://index.crates.io/",
]);

export const reader: CatalogReader = {
  meta: {
    id: "cargo-lock",
    title: "Cargo.lock",
    docsUrl: "https://doc.rust-lang.org/cargo/guide/cargo-toml-vs-cargo-lock.html",
    kind: "language",
    sources: ["dir"],
  },
  maxFileBytes: MAX_BYTES,
  wants(path) {
    if (!path.endsWith("/Cargo.lock")) return false;
    // Crates unpacked by Cargo itself (CARGO_HOME/registry/src, CARGO_HOME/git/checkouts) are
    // dependencies' sources, not a project being built.
    return !path.includes("/registry/src/") && !path.includes("/git/checkouts/");
  },
  read(files) {
    return readTomlLockfiles(files, RULES);
  },
};

/** The reader's own rules for the shared `[[package]]` extraction. */
const RULES: TomlLockfileRules = {
  what: "Cargo.lock",
  maxBytes: MAX_BYTES,
  type: "cargo",
  name: CRATE_NAME,
  entry(t) {
    const source = t["source"];
    if (source !== undefined && typeof source !== "string") {
      return { problem: "source is not a string" };
    }
    // Workspace members and path dependencies have no source.
    if (source === undefined || source === "") return null;
    return { metadata: CRATES_IO.has(source) ? {} : { source }, distinct: source };
  },
};
