import { createRequire } from "node:module";
import type Database from "better-sqlite3";
import { purl } from "../../../core/purl.ts";
import { distroQualifier } from "../distro.ts";
import type {
  CatalogReader,
  ImageFile,
  Package,
  Problem,
  ReadContext,
  ReadResult,
} from "../types.ts";
import { RpmHeader, TAG } from "./header.ts";

/**
 * The rpm database. rpm >= 4.16 (Fedora 33+, RHEL 9, Amazon Linux 2023) keeps it in SQLite:
 * table Packages(hnum INTEGER PRIMARY KEY, blob BLOB), one RPM header blob per installed
 * package. Older BerkeleyDB (`Packages`) and SUSE's NDB (`Packages.db`) stores are recognised
 * and reported as not read.
 */
const SQLITE_PATHS = ["/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite"];
const BDB_PATHS = ["/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/Packages"];
const NDB_PATHS = ["/var/lib/rpm/Packages.db", "/usr/lib/sysimage/rpm/Packages.db"];
const ALL_PATHS = new Set([...SQLITE_PATHS, ...BDB_PATHS, ...NDB_PATHS]);

const SQLITE_MAGIC = Buffer.from("SQLite format 3\0", "latin1");
// name-version-release.src.rpm (or .nosrc.rpm); version and release never contain "-".
const SOURCE_RPM = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/;

type Outcome =
  | { kind: "package"; pkg: Package; files: string[]; problems: string[] }
  | { kind: "skip" }
  | { kind: "bad"; reason: string };

/** One header blob to a package; `where` names the record in reasons. */
export function headerToPackage(
  blob: Uint8Array,
  where: string,
  file: ImageFile,
  ctx: ReadContext,
): Outcome {
  const h = RpmHeader.parse(blob);
  if (typeof h === "string") return { kind: "bad", reason: `${where}: ${h}` };
  const str = (tag: number): string | null => {
    const r = h.string(tag);
    if (typeof r === "string") throw new BadHeader(r);
    return r.value;
  };
  try {
    const name = str(TAG.NAME);
    const version = str(TAG.VERSION);
    const release = str(TAG.RELEASE);
    if (!name) return { kind: "bad", reason: `${where}: no NAME` };
    // Imported signing keys are header-only records, not software.
    if (name === "gpg-pubkey") return { kind: "skip" };
    if (!version) return { kind: "bad", reason: `${where} (${name}): no VERSION` };
    if (!release) return { kind: "bad", reason: `${where} (${name}): no RELEASE` };
    const epochs = h.int32Array(TAG.EPOCH);
    if (typeof epochs === "string") return { kind: "bad", reason: `${where} (${name}): ${epochs}` };
    const epoch = epochs.value?.[0];
    if (epoch !== undefined && epoch < 0) {
      return { kind: "bad", reason: `${where} (${name}): negative EPOCH ${epoch}` };
    }
    const arch = str(TAG.ARCH) ?? undefined;
    const license = str(TAG.LICENSE);
    const sourceRpm = str(TAG.SOURCERPM);
    const evr = `${epoch !== undefined ? `${epoch}:` : ""}${version}-${release}`;
    const problems: string[] = [];

    const pkg: Package = {
      type: "rpm",
      name,
      version: evr,
      purl: purl({
        type: "rpm",
        namespace: ctx.os?.id ?? null,
        name,
        version: `${version}-${release}`,
        qualifiers: {
          arch,
          epoch: epoch !== undefined ? String(epoch) : undefined,
          distro: distroQualifier(ctx.os),
        },
      }),
      path: file.path,
      layer: file.layer,
      metadata: { epoch: epoch ?? null, release, sourceRpm },
    };
    if (arch !== undefined) pkg.arch = arch;
    if (license) pkg.licenses = [license];
    if (sourceRpm) {
      const m = SOURCE_RPM.exec(sourceRpm);
      // A source rpm's file name carries no epoch; its binaries share the spec's Epoch.
      if (m) {
        pkg.source = {
          name: m[1]!,
          version: `${epoch !== undefined ? `${epoch}:` : ""}${m[2]}-${m[3]}`,
        };
      } else
        problems.push(
          `${where} (${name}): SOURCERPM "${sourceRpm}" is not name-version-release.src.rpm`,
        );
    }

    const files = fileList(h);
    if (typeof files === "string") {
      problems.push(`${where} (${name}): file list not read: ${files}`);
      return { kind: "package", pkg, files: [], problems };
    }
    return { kind: "package", pkg, files, problems };
  } catch (e) {
    if (e instanceof BadHeader) return { kind: "bad", reason: `${where}: ${e.message}` };
    throw e;
  }
}

class BadHeader extends Error {}

/** DIRNAMES[DIRINDEXES[i]] + BASENAMES[i] for every file; a reason when they disagree. */
function fileList(h: RpmHeader): string[] | string {
  const base = h.stringArray(TAG.BASENAMES);
  if (typeof base === "string") return base;
  const dirs = h.stringArray(TAG.DIRNAMES);
  if (typeof dirs === "string") return dirs;
  const idx = h.int32Array(TAG.DIRINDEXES);
  if (typeof idx === "string") return idx;
  if (base.value === null) return [];
  if (dirs.value === null || idx.value === null) return "BASENAMES without DIRNAMES/DIRINDEXES";
  if (idx.value.length !== base.value.length) {
    return `${base.value.length} BASENAMES but ${idx.value.length} DIRINDEXES`;
  }
  const out: string[] = [];
  for (let i = 0; i < base.value.length; i++) {
    const d = dirs.value[idx.value[i]!];
    if (d === undefined) return `DIRINDEXES[${i}] = ${idx.value[i]} is out of range`;
    out.push(d + base.value[i]);
  }
  return out;
}

interface PackagesRow {
  hnum: number;
  blob: unknown;
}

function readSqlite(
  file: ImageFile,
  ctx: ReadContext,
  packages: Package[],
  owned: Set<string>,
  problem: (reason: string) => void,
): void {
  if (file.content.length < 100 || !file.content.subarray(0, 16).equals(SQLITE_MAGIC)) {
    problem("not an SQLite database");
    return;
  }
  // Work on a copy: rpm leaves its database in WAL mode (header bytes 18/19 = 2), which an
  // in-memory (deserialised) database cannot open; 1/1 is the rollback-journal equivalent.
  // Only the main file is given to us, so a checkpointed database is complete.
  const copy = Buffer.from(file.content);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  let db: Database.Database | null = null;
  // The SQLite addon loads only when an image has an rpm database (most scans never need it).
  const Sqlite = createRequire(import.meta.url)("better-sqlite3") as typeof Database;
  try {
    db = new Sqlite(copy, { readonly: true });
    const rows = db.prepare("SELECT hnum, blob FROM Packages ORDER BY hnum").iterate();
    for (const row of rows as Iterable<PackagesRow>) {
      const where = `Packages record hnum ${row.hnum}`;
      if (!(row.blob instanceof Uint8Array)) {
        problem(`${where}: blob is not a BLOB`);
        continue;
      }
      const r = headerToPackage(row.blob, where, file, ctx);
      if (r.kind === "bad") problem(r.reason);
      if (r.kind !== "package") continue;
      for (const reason of r.problems) problem(reason);
      packages.push(r.pkg);
      for (const f of r.files) owned.add(f);
    }
  } catch (e) {
    problem(`database not fully read: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    db?.close();
  }
}

export const reader: CatalogReader = {
  meta: {
    id: "rpm",
    title: "RPM packages (rpmdb.sqlite)",
    docsUrl:
      "https://github.com/rpm-software-management/rpm/blob/master/docs/manual/format_header.md",
    kind: "os",
    sources: ["image", "dir"],
  },
  maxFileBytes: 512 * 1024 * 1024,
  wants(path: string): boolean {
    return ALL_PATHS.has(path);
  },
  read(files: ImageFile[], ctx: ReadContext): ReadResult {
    const packages: Package[] = [];
    const problems: Problem[] = [];
    const owned = new Set<string>();
    const read: Buffer[] = [];
    for (const file of files.filter((f) => SQLITE_PATHS.includes(f.path))) {
      // /var/lib/rpm is often a symlink to /usr/lib/sysimage/rpm: read one copy only.
      if (read.some((b) => b.equals(file.content))) continue;
      read.push(file.content);
      readSqlite(file, ctx, packages, owned, (reason) =>
        problems.push({ path: file.path, reason, layer: file.layer }),
      );
    }
    // A leftover BerkeleyDB/NDB store next to a SQLite one is not what rpm uses.
    if (read.length === 0) {
      for (const file of files) {
        const format = BDB_PATHS.includes(file.path)
          ? "BerkeleyDB"
          : NDB_PATHS.includes(file.path)
            ? "NDB"
            : null;
        if (format) {
          problems.push({
            path: file.path,
            reason: `${format} rpm database is not read (only rpmdb.sqlite is); its packages are missing from the inventory`,
            layer: file.layer,
          });
        }
      }
    }
    return { packages, problems, ownedFiles: owned };
  },
};
