import { purl } from "../../core/purl.ts";
import {
  packageTables,
  readTomlFile,
  stringField,
  type TomlDocument,
  type TomlTable,
} from "./toml-file.ts";
import type { ImageFile, Package, PackageType, Problem, ReadResult } from "./types.ts";

/**
 * The package extraction the TOML lockfiles (Cargo.lock, poetry.lock, uv.lock) share: every
 * `[[package]]` table with a valid `name` and `version` becomes a package with a purl, reported
 * once per lockfile. Syntax errors, an unusable `package` list and bad fields are problems naming
 * the file and line; the other tables are still read. Each reader keeps its own rules: which
 * entries are the project's own code (skipped), the purl type, the name rule and the metadata.
 */
export interface TomlLockfileRules {
  /** The file, as problems name it, e.g. "Cargo.lock". */
  what: string;
  maxBytes: number;
  type: PackageType;
  /** Valid `name` values. */
  name: RegExp;
  /** Valid `version` values; by default any word without white space. */
  version?: RegExp;
  /**
   * Decides on a `[[package]]` table once its name is read, before its version: `null` skips it
   * (the project's own code), `{ problem }` reports `line N: <name>: <problem>` and skips it, an
   * entry keeps it (if its version is valid) with its metadata (dropped when empty); `distinct`
   * tells apart entries with the same purl (e.g. the source).
   */
  entry(
    t: TomlTable,
    doc: TomlDocument,
  ): { metadata?: Record<string, unknown>; distinct: string } | { problem: string } | null;
}

const VERSION = /^\S+$/;

/** Reads each lockfile with the reader's rules. */
export function readTomlLockfiles(files: ImageFile[], rules: TomlLockfileRules): ReadResult {
  const result: ReadResult = { packages: [], problems: [] };
  for (const file of files) readTomlLockfile(file, rules, result);
  return result;
}

function readTomlLockfile(file: ImageFile, rules: TomlLockfileRules, result: ReadResult): void {
  const problem = (reason: string): Problem => ({ path: file.path, reason, layer: file.layer });
  const read = readTomlFile(file, rules.what, rules.maxBytes);
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
    const name = stringField(doc, t, "name", rules.name, "[[package]]");
    if ("reason" in name) {
      if (name.reason) result.problems.push(problem(name.reason));
      continue;
    }
    const entry = rules.entry(t, doc);
    if (entry === null) continue;
    if ("problem" in entry) {
      result.problems.push(problem(`line ${doc.lineOf(t) ?? 0}: ${name.value}: ${entry.problem}`));
      continue;
    }
    const version = stringField(doc, t, "version", rules.version ?? VERSION, name.value);
    if ("reason" in version) {
      if (version.reason) result.problems.push(problem(version.reason));
      continue;
    }
    const pkg: Package = {
      type: rules.type,
      name: name.value,
      version: version.value,
      purl: purl({ type: rules.type, name: name.value, version: version.value }),
      path: file.path,
      layer: file.layer,
    };
    if (entry.metadata && Object.keys(entry.metadata).length > 0) pkg.metadata = entry.metadata;
    const key = `${pkg.purl} ${entry.distinct}`;
    if (seen.has(key)) continue;
    seen.add(key);
    result.packages.push(pkg);
  }
}
