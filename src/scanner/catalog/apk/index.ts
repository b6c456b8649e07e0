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

/**
 * apk-tools' installed database (wiki "Apk spec"): one package per blank-line-separated
 * record of `X:value` lines (the same letters as APKINDEX). P name, V version, A arch,
 * o origin (source package), L license; F a directory (relative to /) followed by the R files in
 * it, with a/M/Z lines for owners, modes and checksums.
 */
export const INSTALLED_PATHS = ["/lib/apk/db/installed", "/usr/lib/apk/db/installed"];

const LINE = /^([A-Za-z]):(.*)$/;
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.+-]*$/;
const VERSION = /^\S+$/;

interface ApkRecord {
  line: number;
  fields: Map<string, string>;
  files: string[];
  errors: string[];
}

/** Splits the database into records; line errors are kept on the record they belong to. */
export function parseInstalled(text: string): ApkRecord[] {
  const records: ApkRecord[] = [];
  let current: ApkRecord | null = null;
  let dir: string | null = null;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!.endsWith("\r") ? lines[i]!.slice(0, -1) : lines[i]!;
    if (line.trim() === "") {
      current = null;
      dir = null;
      continue;
    }
    if (current === null) {
      current = { line: lineNo, fields: new Map(), files: [], errors: [] };
      records.push(current);
    }
    const m = LINE.exec(line);
    if (!m) {
      current.errors.push(`line ${lineNo}: not an "X:value" line`);
      continue;
    }
    const [, key, value] = m as unknown as [string, string, string];
    switch (key) {
      case "F":
        dir = value.replace(/^\/+|\/+$/g, "");
        break;
      case "R": {
        if (value === "" || value.includes("/")) {
          current.errors.push(`line ${lineNo}: bad file name "${value}"`);
          break;
        }
        current.files.push(dir ? `/${dir}/${value}` : `/${value}`);
        break;
      }
      case "P":
      case "V":
      case "A":
      case "o":
      case "L":
        if (current.fields.has(key)) current.errors.push(`line ${lineNo}: duplicate ${key}:`);
        else current.fields.set(key, value.trim());
        break;
      default:
        // Checksums, sizes, dependencies, owners and modes: not needed for an inventory.
        break;
    }
  }
  return records;
}

export const reader: CatalogReader = {
  meta: {
    id: "apk",
    title: "Alpine packages (apk installed database)",
    docsUrl: "https://wiki.alpinelinux.org/wiki/Apk_spec",
    kind: "os",
    sources: ["image", "dir"],
  },
  maxFileBytes: 64 * 1024 * 1024,
  wants(path: string): boolean {
    return path === INSTALLED_PATHS[0] || path === INSTALLED_PATHS[1];
  },
  read(files: ImageFile[], ctx: ReadContext): ReadResult {
    const packages: Package[] = [];
    const problems: Problem[] = [];
    const owned = new Set<string>();
    for (const file of files) {
      if (!INSTALLED_PATHS.includes(file.path)) continue;
      const problem = (reason: string): void => {
        problems.push({ path: file.path, reason, layer: file.layer });
      };
      for (const rec of parseInstalled(file.content.toString("utf8"))) {
        const name = rec.fields.get("P");
        const at = `record at line ${rec.line}${name ? ` (${name})` : ""}`;
        if (rec.errors.length > 0) {
          problem(`${at}: ${rec.errors.join("; ")}`);
          continue;
        }
        const version = rec.fields.get("V");
        if (!name) {
          problem(`${at}: no P: (name)`);
          continue;
        }
        if (!NAME.test(name)) {
          problem(`${at}: bad name "${name}"`);
          continue;
        }
        if (!version) {
          problem(`${at}: no V: (version)`);
          continue;
        }
        if (!VERSION.test(version)) {
          problem(`${at}: bad version "${version}"`);
          continue;
        }
        const arch = rec.fields.get("A") || undefined;
        const origin = rec.fields.get("o") || name;
        const license = rec.fields.get("L");
        const pkg: Package = {
          type: "apk",
          name,
          version,
          purl: purl({
            type: "apk",
            namespace: ctx.os?.id ?? "alpine",
            name,
            version,
            qualifiers: { arch, distro: distroQualifier(ctx.os) },
          }),
          path: file.path,
          layer: file.layer,
          // Subpackages share their origin's pkgver-pkgrel, so the source version is V.
          source: { name: origin, version },
        };
        if (arch !== undefined) pkg.arch = arch;
        if (license) pkg.licenses = [license];
        packages.push(pkg);
        for (const f of rec.files) owned.add(f);
      }
    }
    return { packages, problems, ownedFiles: owned };
  },
};
