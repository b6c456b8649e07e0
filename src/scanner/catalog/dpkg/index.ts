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
import { parseStanzas, type Stanza } from "./control.ts";
import { DpkgLists } from "./lists.ts";

/**
 * dpkg's database: /var/lib/dpkg/status (Debian Policy ch. 5 control fields, as written by
 * dpkg), distroless's /var/lib/dpkg/status.d/<name> (the same stanzas, usually without a
 * Status field), and /var/lib/dpkg/info/<package>[:<arch>].list (one installed path a line).
 */
const STATUS = "/var/lib/dpkg/status";
const STATUS_D = "/var/lib/dpkg/status.d/";
const INFO = "/var/lib/dpkg/info/";

// dpkg's pkg_name_is_illegal: alphanumeric first, then alphanumerics and - + . _
const NAME = /^[A-Za-z0-9][A-Za-z0-9+._-]*$/;
// Policy 5.6.12: [epoch:]upstream_version[-debian_revision], no whitespace.
const VERSION = /^(?:[0-9]+:)?[0-9A-Za-z.+~:-]*[0-9A-Za-z.+~]$/;
const ARCH = /^[a-z0-9-]+$/;
const SOURCE = /^(\S+)(?:\s+\((\S+)\))?$/;

function isDirectChild(path: string, dir: string): boolean {
  return path.length > dir.length && path.startsWith(dir) && !path.includes("/", dir.length);
}

interface StanzaResult {
  pkg: Package | null;
  problems: string[];
}

/** One stanza to one installed package, or null (not installed / malformed) with reasons. */
export function stanzaToPackage(
  stanza: Stanza,
  file: ImageFile,
  ctx: ReadContext,
  statusRequired: boolean,
): StanzaResult {
  const f = stanza.fields;
  const name = f.get("package");
  const at = `stanza at line ${stanza.line}${name ? ` (${name})` : ""}`;
  if (stanza.errors.length > 0) {
    return { pkg: null, problems: [`${at}: ${stanza.errors.join("; ")}`] };
  }
  const status = f.get("status");
  if (status === undefined) {
    if (statusRequired) return { pkg: null, problems: [`${at}: no Status field`] };
  } else {
    const words = status.split(/\s+/);
    if (words.length !== 3) return { pkg: null, problems: [`${at}: bad Status "${status}"`] };
    if (words[2] !== "installed") return { pkg: null, problems: [] };
  }
  if (!name) return { pkg: null, problems: [`${at}: no Package field`] };
  if (!NAME.test(name)) return { pkg: null, problems: [`${at}: bad Package name "${name}"`] };
  const version = f.get("version");
  if (!version) return { pkg: null, problems: [`${at}: no Version field`] };
  if (!VERSION.test(version)) return { pkg: null, problems: [`${at}: bad Version "${version}"`] };
  const problems: string[] = [];
  const arch = f.get("architecture") || undefined;
  if (arch !== undefined && !ARCH.test(arch)) {
    return { pkg: null, problems: [`${at}: bad Architecture "${arch}"`] };
  }

  // Policy 5.6.1: Source names the source package, with its version in parentheses when it
  // differs from the binary's (binNMUs, or binaries built with their own version).
  let source = { name, version };
  const sourceField = f.get("source");
  if (sourceField !== undefined) {
    const m = SOURCE.exec(sourceField);
    if (m && NAME.test(m[1]!) && (m[2] === undefined || VERSION.test(m[2]))) {
      source = { name: m[1]!, version: m[2] ?? version };
    } else {
      problems.push(`${at}: bad Source "${sourceField}"; using the binary package`);
    }
  }

  const pkg: Package = {
    type: "deb",
    name,
    version,
    purl: purl({
      type: "deb",
      namespace: ctx.os?.id ?? "debian",
      name,
      version,
      qualifiers: { arch, distro: distroQualifier(ctx.os) },
    }),
    path: file.path,
    layer: file.layer,
    source,
  };
  if (arch !== undefined) pkg.arch = arch;
  return { pkg, problems };
}

export const reader: CatalogReader = {
  meta: {
    id: "dpkg",
    title: "Debian packages (dpkg status database)",
    docsUrl: "https://www.debian.org/doc/debian-policy/ch-controlfields.html",
    kind: "os",
    sources: ["image", "dir"],
  },
  maxFileBytes: 64 * 1024 * 1024,
  wants(path: string): boolean {
    if (path === STATUS) return true;
    if (isDirectChild(path, STATUS_D)) return !path.endsWith(".md5sums");
    return isDirectChild(path, INFO) && path.endsWith(".list");
  },
  read(files: ImageFile[], ctx: ReadContext): ReadResult {
    const packages: Package[] = [];
    const problems: Problem[] = [];
    const owned = new DpkgLists();
    const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const file of sorted) {
      if (isDirectChild(file.path, INFO)) {
        for (const line of owned.add(file.content))
          problems.push({
            path: file.path,
            reason: `line ${line}: not an absolute path`,
            layer: file.layer,
          });
        continue;
      }
      if (file.path !== STATUS && !isDirectChild(file.path, STATUS_D)) continue;
      // status.d (distroless) stanzas are the installed packages' control files: no Status.
      const statusRequired = file.path === STATUS;
      for (const stanza of parseStanzas(file.content.toString("utf8"))) {
        const r = stanzaToPackage(stanza, file, ctx, statusRequired);
        for (const reason of r.problems)
          problems.push({ path: file.path, reason, layer: file.layer });
        if (r.pkg) packages.push(r.pkg);
      }
    }
    return { packages, problems, ownedFiles: owned };
  },
};
