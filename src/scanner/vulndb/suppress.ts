/**
 * What comes between the matcher and the report: suppressions (OpenVEX statements and the ignore
 * file) and the `--severity` / `--ignore-unfixed` filters.
 *
 * A finding is suppressed by
 * - the VEX statements about it: those whose vulnerability (name or an alias) is the finding's id
 *   or one of its aliases, and whose product is the package, or the scanned image (its
 *   reference, its digest, `pkg:oci/...@sha256:...`, or a `sha-256` hash) with no subcomponents
 *   (every package in the image) or with a subcomponent that is the package. A product that is
 *   not the image but lists subcomponents (an application and its dependencies) covers those
 *   subcomponents only when the product is itself one of the scanned packages (`packages`);
 *   otherwise the statement is about software that is not here, and suppresses nothing. The
 *   latest statement wins (timestamp, then files in the order given, then document order); the
 *   finding is suppressed when it is `not_affected`;
 * - else the first ignore-file entry whose id is the finding's id or an alias and whose package
 *   (if any) is the finding's package.
 * VEX comes first: a `not_affected` statement says more than an accepted risk with an expiry.
 *
 * Packages are matched by purl or by name. A purl matches when type, namespace and name are the
 * same (after the purl spec's per-type normalisation); qualifiers never matter; the version
 * matters only when the purl has one. A plain name matches the package's name or, for OS
 * packages, its source package's name (`openssl` covers `libssl3`).
 */
import { purl as makePurl } from "../../core/purl.ts";
import type { IgnoreEntry } from "./ignore.ts";
import { SEVERITIES, type Severity, type SuppressedFinding, type VulnFinding } from "./types.ts";
import { type VexComponent, type VexProduct, type VexStatement, vexReason } from "./vex.ts";

export interface SuppressOptions {
  /** Ignore-file entries that apply today (parseIgnoreFile's `entries`). */
  ignore: IgnoreEntry[];
  /** The ignore file's name, shown as the suppression's source. */
  ignoreFile?: string;
  /** OpenVEX documents, in the order the user gave them. */
  vex: { file: string; statements: VexStatement[] }[];
  /** The scanned image as the user wrote it. */
  imageRef?: string;
  /** Its manifest digest (`sha256:...`). */
  imageDigest?: string | null;
  /**
   * Every package of the scanned target (the inventory's). Only used for VEX products that are
   * not the image but list subcomponents: such a statement applies when its product is one of
   * these packages. Without it such statements suppress nothing.
   */
  packages?: readonly VulnFinding["package"][];
}

/** Splits findings into those still counted and those suppressed; both keep the input order. */
export function applySuppressions(
  findings: VulnFinding[],
  opts: SuppressOptions,
): { findings: VulnFinding[]; suppressed: SuppressedFinding[] } {
  const statements = opts.vex
    .flatMap((doc, fileIndex) =>
      doc.statements.map((s) => ({ s, file: doc.file, fileIndex, time: Date.parse(s.timestamp) })),
    )
    .sort((a, b) => a.time - b.time || a.fileIndex - b.fileIndex || a.s.index - b.s.index);
  const present = new Map<VexProduct, boolean>();
  const target: Target = {
    ref: opts.imageRef,
    digest: opts.imageDigest ?? null,
    has(p) {
      let found = present.get(p);
      if (found === undefined) {
        found = (opts.packages ?? []).some((pkg) => componentMatches(p, pkg));
        present.set(p, found);
      }
      return found;
    },
  };
  const ignoreFile = opts.ignoreFile ?? ".drydockignore.yaml";

  const kept: VulnFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    const ids = new Set([f.id, ...f.aliases].map((id) => id.toUpperCase()));

    let latest: (typeof statements)[number] | undefined;
    for (const st of statements)
      if (vexNamesVuln(st.s, ids) && st.s.products.some((p) => productCovers(p, f, target)))
        latest = st;
    if (latest?.s.status === "not_affected") {
      suppressed.push({
        ...f,
        suppression: { kind: "vex", reason: vexReason(latest.s), source: latest.file },
      });
      continue;
    }

    const entry = opts.ignore.find(
      (e) =>
        ids.has(e.id.toUpperCase()) &&
        (e.package === undefined || packageMatches(e.package, f.package)),
    );
    if (entry) {
      suppressed.push({
        ...f,
        suppression: {
          kind: "ignore",
          reason: entry.reason,
          source: ignoreFile,
          expires: entry.expires,
        },
      });
      continue;
    }
    kept.push(f);
  }
  return { findings: kept, suppressed };
}

export interface FilterOptions {
  /** Keep only these severities (`--severity CRITICAL,HIGH`); absent or empty: all. */
  severities?: readonly Severity[];
  /** Drop findings without a fixed version (`--ignore-unfixed`): status other than `fixed`. */
  ignoreUnfixed?: boolean;
}

/** The findings the filters keep, in order. Works on suppressed findings too. */
export function filterFindings<T extends VulnFinding>(
  findings: readonly T[],
  opts: FilterOptions,
): T[] {
  const severities =
    opts.severities && opts.severities.length > 0 ? new Set(opts.severities) : null;
  return findings.filter(
    (f) =>
      (severities === null || severities.has(f.severity.level)) &&
      (!opts.ignoreUnfixed || f.status === "fixed"),
  );
}

/** `--severity` text (`CRITICAL,HIGH`, any case, spaces allowed) to the levels it names. */
export function parseSeverities(text: string): Severity[] | { error: string } {
  const out: Severity[] = [];
  for (const part of text.split(",")) {
    const level = part.trim().toUpperCase();
    if (level === "") continue;
    if (!(SEVERITIES as readonly string[]).includes(level))
      return {
        error: `unknown severity "${part.trim()}" (expected ${[...SEVERITIES].reverse().join(", ")})`,
      };
    if (!out.includes(level as Severity)) out.push(level as Severity);
  }
  if (out.length === 0) return { error: "no severity given" };
  return out;
}

function vexNamesVuln(s: VexStatement, ids: Set<string>): boolean {
  return [s.vulnerability.name, ...s.vulnerability.aliases].some((id) => ids.has(id.toUpperCase()));
}

type Pkg = VulnFinding["package"];
interface Image {
  ref: string | undefined;
  digest: string | null;
}

interface Target extends Image {
  /** Whether the product is one of the scanned packages. */
  has(p: VexProduct): boolean;
}

function productCovers(p: VexProduct, f: VulnFinding, target: Target): boolean {
  const subMatch = () => p.subcomponents.some((c) => componentMatches(c, f.package));
  if (p.ids.some((id) => namesImage(id, target))) return p.subcomponents.length === 0 || subMatch();
  if (p.subcomponents.length > 0) return target.has(p) && subMatch();
  return componentMatches(p, f.package);
}

function componentMatches(c: VexComponent, pkg: Pkg): boolean {
  return c.ids.some((id) => packageMatches(id, pkg));
}

/** Whether `spec` (a purl, version optional, or a package name) is this package. */
export function packageMatches(spec: string, pkg: Pkg): boolean {
  if (/^pkg:/i.test(spec)) {
    const want = parsePurl(spec);
    const have = parsePurl(pkg.purl);
    if (want === null || have === null || want.base !== have.base) return false;
    return want.version === null || want.version === (have.version ?? pkg.version);
  }
  return spec === pkg.name || (pkg.source !== undefined && spec === pkg.source.name);
}

/** Whether a VEX product identifier is the scanned image. */
function namesImage(id: string, image: Image): boolean {
  if (image.ref !== undefined && id === image.ref) return true;
  const digest = image.digest;
  if (digest && (id === digest || id.endsWith(`@${digest}`))) return true;
  if (!/^pkg:oci\//i.test(id)) return false;
  const p = parsePurl(id);
  if (p === null) return false;
  // pkg:oci/name@sha256%3A...: that exact image.
  if (p.version !== null) return digest !== null && p.version === digest;
  // pkg:oci/name?repository_url=...&tag=...: every image of that repository (and tag).
  const ref = image.ref === undefined ? null : parseImageRef(image.ref);
  if (ref === null) return false;
  if (p.qualifiers.tag !== undefined && p.qualifiers.tag !== ref.tag) return false;
  const repo = p.qualifiers.repository_url;
  if (repo !== undefined)
    return normalizeRepository(repo.replace(/^[a-z]+:\/\//i, "")) === ref.repository;
  return p.name === ref.repository.slice(ref.repository.lastIndexOf("/") + 1);
}

/** `host/ns/repo:tag@sha256:...` -> repository (Docker Hub names in full) and tag; null for oci:, dir:, ... */
function parseImageRef(ref: string): { repository: string; tag: string | null } | null {
  // oci:DIR:tag, docker-archive:FILE, dir:PATH name no repository.
  if (/^(oci|oci-archive|docker-archive|docker-daemon|containers-storage|dir):/.test(ref))
    return null;
  let rest = ref.replace(/^docker:\/\//, "");
  const at = rest.indexOf("@");
  if (at >= 0) rest = rest.slice(0, at);
  let tag: string | null = null;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: normalizeRepository(rest), tag };
}

/** `alpine` -> `docker.io/library/alpine`; `index.docker.io/x/y` -> `docker.io/x/y`. */
function normalizeRepository(repo: string): string {
  const parts = repo.replace(/\/+$/, "").split("/");
  const first = parts[0]!;
  const hasHost =
    parts.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  if (!hasHost) {
    if (parts.length === 1) parts.unshift("library");
    parts.unshift("docker.io");
  } else if (first === "index.docker.io" || first === "registry-1.docker.io") {
    parts[0] = "docker.io";
  }
  if (parts[0] === "docker.io" && parts.length === 2) parts.splice(1, 0, "library");
  return parts.join("/").toLowerCase();
}

export interface ParsedPurl {
  type: string;
  namespace: string | null;
  name: string;
  /** Percent-decoded. */
  version: string | null;
  qualifiers: Record<string, string>;
  /** `pkg:type/namespace/name`, normalised as core/purl.ts writes it: what matching compares. */
  base: string;
}

/** Reads a purl (`pkg:type/namespace/name@version?qualifiers#subpath`); null when it is not one. */
export function parsePurl(text: string): ParsedPurl | null {
  if (!/^pkg:/i.test(text)) return null;
  try {
    let rest = text.slice(4).replace(/^\/+/, "");
    const hash = rest.indexOf("#");
    if (hash >= 0) rest = rest.slice(0, hash);
    const qualifiers: Record<string, string> = {};
    const q = rest.indexOf("?");
    if (q >= 0) {
      for (const pair of rest.slice(q + 1).split("&")) {
        const eq = pair.indexOf("=");
        if (eq <= 0) continue;
        qualifiers[pair.slice(0, eq).toLowerCase()] = decodeURIComponent(pair.slice(eq + 1));
      }
      rest = rest.slice(0, q);
    }
    let version: string | null = null;
    const at = rest.lastIndexOf("@");
    if (at > rest.lastIndexOf("/")) {
      version = decodeURIComponent(rest.slice(at + 1));
      rest = rest.slice(0, at);
      if (version === "") version = null;
    }
    const segments = rest.split("/").filter(Boolean).map(decodeURIComponent);
    if (segments.length < 2) return null;
    const type = segments[0]!.toLowerCase();
    if (!/^[a-z][a-z0-9.+-]*$/.test(type)) return null;
    const name = segments.at(-1)!;
    const namespace = segments.length > 2 ? segments.slice(1, -1).join("/") : null;
    return {
      type,
      namespace,
      name,
      version,
      qualifiers,
      base: makePurl({ type, namespace, name }),
    };
  } catch {
    // A malformed percent-escape.
    return null;
  }
}
