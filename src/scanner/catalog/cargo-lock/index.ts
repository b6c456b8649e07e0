import { purl } from "../../../core/purl.ts";
import { packageTables, readTomlFile, stringField } from "../toml-file.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

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
const VERSION = /^\S+$/;
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
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) readLockfile(file, result);
    return result;
  },
};

function readLockfile(file: ImageFile, result: ReadResult): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  const read = readTomlFile(file, "Cargo.lock", MAX_BYTES);
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
    const name = stringField(doc, t, "name", CRATE_NAME, "[[package]]");
    if ("reason" in name) {
      if (name.reason) result.problems.push(problem(name.reason));
      continue;
    }
    const source = t["source"];
    if (source !== undefined && typeof source !== "string") {
      result.problems.push(
        problem(`line ${doc.lineOf(t) ?? 0}: ${name.value}: source is not a string`),
      );
      continue;
    }
    // Workspace members and path dependencies have no source.
    if (source === undefined || source === "") continue;
    const version = stringField(doc, t, "version", VERSION, name.value);
    if ("reason" in version) {
      if (version.reason) result.problems.push(problem(version.reason));
      continue;
    }
    const pkg = toPackage(file, name.value, version.value, source);
    const key = `${pkg.name}@${pkg.version}@${source}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.packages.push(pkg);
  }
}

function toPackage(file: ImageFile, name: string, version: string, source: string): Package {
  const pkg: Package = {
    type: "cargo",
    name,
    version,
    purl: purl({ type: "cargo", name, version }),
    path: file.path,
    layer: file.layer,
  };
  if (!CRATES_IO.has(source)) pkg.metadata = { source };
  return pkg;
}
