/**
 * Java archives (jar, war, ear, Jenkins jpi/hpi): Maven coordinates from
 * META-INF/maven/<g>/<a>/pom.properties, else from META-INF/MANIFEST.MF and the file name;
 * nested archives (WEB-INF/lib, BOOT-INF/lib, ear modules) are read recursively. See readme.md.
 */
import { purl } from "../../../core/purl.ts";
import { openZip, readEntry, type Zip, type ZipEntry } from "../../../core/zip.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";
import { nameFromFileName, parseManifest, parseProperties } from "./meta.ts";

export interface JavaLimits {
  /** Nesting levels read below the archive itself (an ear's war's jar is depth 2). */
  maxDepth: number;
  /** Bytes inflated in total for one archive file, nested archives included. */
  maxTotalInflated: number;
  /** Largest nested archive inflated. */
  maxNestedBytes: number;
  /** Largest MANIFEST.MF / pom.properties read. */
  maxMetaBytes: number;
  /** Problems reported per archive file (a hostile archive could otherwise produce thousands). */
  maxProblems: number;
}

export const DEFAULT_LIMITS: JavaLimits = {
  maxDepth: 3,
  maxTotalInflated: 256 * 1024 * 1024,
  maxNestedBytes: 128 * 1024 * 1024,
  maxMetaBytes: 1024 * 1024,
  maxProblems: 20,
};

const ARCHIVE_EXT = /\.(jar|war|ear|jpi|hpi)$/i;
const POM_PROPERTIES = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/;
const ARTIFACT_LIKE = /^[A-Za-z0-9_.-]+$/;

export const reader: CatalogReader = {
  meta: {
    id: "java",
    title: "Java archives (jar, war, ear, jpi, hpi)",
    docsUrl: "https://docs.oracle.com/en/java/javase/21/docs/specs/jar/jar.html",
    kind: "language",
    sources: ["image", "dir"],
  },
  maxFileBytes: 128 * 1024 * 1024,
  wants(path, head) {
    return (
      ARCHIVE_EXT.test(path) &&
      head.length >= 4 &&
      head[0] === 0x50 &&
      head[1] === 0x4b &&
      head[2] === 0x03 &&
      head[3] === 0x04
    );
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) {
      const r = readJavaArchive(file);
      result.packages.push(...r.packages);
      result.problems.push(...r.problems);
    }
    return result;
  },
};

interface Walk {
  file: ImageFile;
  limits: JavaLimits;
  budget: number;
  packages: Package[];
  problems: Problem[];
  seen: Set<string>;
}

export function readJavaArchive(
  file: ImageFile,
  limits: JavaLimits = DEFAULT_LIMITS,
): { packages: Package[]; problems: Problem[] } {
  const w: Walk = {
    file,
    limits,
    budget: limits.maxTotalInflated,
    packages: [],
    problems: [],
    seen: new Set(),
  };
  try {
    walk(w, file.content, file.path, 0);
  } catch (err) {
    // Defensive: the zip reader bounds-checks, so this means a bug, still not the image's fault.
    problem(w, file.path, `unreadable archive: ${(err as Error).message}`);
  }
  return { packages: w.packages, problems: w.problems };
}

function problem(w: Walk, path: string, reason: string): void {
  if (w.problems.length < w.limits.maxProblems)
    w.problems.push({ path, reason, layer: w.file.layer });
  else if (w.problems.length === w.limits.maxProblems)
    w.problems.push({
      path: w.file.path,
      reason: "further problems not reported",
      layer: w.file.layer,
    });
}

/** Reads an entry, charging inflated bytes to the archive's budget; stored entries are free views. */
function take(w: Walk, zip: Zip, entry: ZipEntry, max: number, where: string): Buffer | null {
  if (entry.method !== 0 && entry.size <= max && entry.size > w.budget) {
    problem(
      w,
      where,
      `not read: the archive's ${w.limits.maxTotalInflated}-byte inflate budget is spent`,
    );
    return null;
  }
  const r = readEntry(zip, entry, max);
  if (!r.ok) {
    problem(w, where, r.reason);
    return null;
  }
  if (entry.method !== 0) w.budget -= r.data.length;
  return r.data;
}

function walk(w: Walk, buf: Buffer, path: string, depth: number): void {
  const zip = openZip(buf);
  if (typeof zip === "string") {
    problem(w, path, `not a readable zip archive: ${zip}`);
    return;
  }
  const found: Package[] = [];
  let manifest: ZipEntry | null = null;
  const nested: ZipEntry[] = [];
  for (const entry of zip.entries) {
    const m = POM_PROPERTIES.exec(entry.name);
    if (m) {
      const data = take(w, zip, entry, w.limits.maxMetaBytes, `${path}:${entry.name}`);
      if (data) {
        const pkg = fromPomProperties(w, data.toString("utf8"), m[1]!, m[2]!, path, entry.name);
        if (pkg) found.push(pkg);
      }
    } else if (entry.name.toUpperCase() === "META-INF/MANIFEST.MF") {
      manifest = entry;
    } else if (ARCHIVE_EXT.test(entry.name) && !entry.name.endsWith("/")) {
      nested.push(entry);
    }
  }
  if (found.length === 0 && manifest) {
    const data = take(w, zip, manifest, w.limits.maxMetaBytes, `${path}:${manifest.name}`);
    const pkg = fromManifest(w, data ? data.toString("utf8") : "", path);
    if (pkg) found.push(pkg);
  } else if (found.length === 0) {
    const pkg = fromManifest(w, "", path);
    if (pkg) found.push(pkg);
  }
  for (const p of found) {
    const key = `${p.purl}\0${p.path}`;
    if (w.seen.has(key)) continue;
    w.seen.add(key);
    w.packages.push(p);
  }

  if (nested.length > 0 && depth >= w.limits.maxDepth) {
    problem(
      w,
      path,
      `${nested.length} nested archive(s) deeper than ${w.limits.maxDepth} levels not read`,
    );
    return;
  }
  for (const entry of nested) {
    const where = `${path}:${entry.name}`;
    const data = take(w, zip, entry, w.limits.maxNestedBytes, where);
    if (data) walk(w, data, where, depth + 1);
  }
}

function fromPomProperties(
  w: Walk,
  text: string,
  dirGroup: string,
  dirArtifact: string,
  path: string,
  entryName: string,
): Package | null {
  const props = parseProperties(text);
  const groupId = props.get("groupId")?.trim() || dirGroup;
  const artifactId = props.get("artifactId")?.trim() || dirArtifact;
  const version = props.get("version")?.trim() ?? "";
  if (!version) {
    problem(w, `${path}:${entryName}`, "pom.properties has no version");
    return null;
  }
  return maven(w, path, groupId, artifactId, version, {
    groupId,
    artifactId,
    source: "pom.properties",
    pomProperties: entryName,
  });
}

/**
 * Without pom.properties: the manifest's Implementation-* / Bundle-* attributes, then the file
 * name. Titles are used as the artifact id only when they look like one ("Apache Commons Lang"
 * does not). No version anywhere: no package.
 */
function fromManifest(w: Walk, text: string, path: string): Package | null {
  const a = parseManifest(text);
  const fileName = path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf(":")) + 1);
  const fromFile = nameFromFileName(fileName);
  const version =
    a.get("implementation-version") || a.get("bundle-version") || fromFile.version || "";
  if (!version) return null;
  const title = [a.get("implementation-title"), a.get("bundle-name")].find(
    (t): t is string => !!t && ARTIFACT_LIKE.test(t),
  );
  const artifactId = title ?? fromFile.name;
  const bsn = a.get("bundle-symbolicname")?.split(";")[0]?.trim();
  const groupId = a.get("implementation-vendor-id") || bsn || null;
  if (!artifactId) return null;
  return maven(w, path, groupId, artifactId, version, {
    groupId,
    artifactId,
    source: "manifest",
  });
}

function maven(
  w: Walk,
  path: string,
  groupId: string | null,
  artifactId: string,
  version: string,
  metadata: Record<string, unknown>,
): Package {
  return {
    type: "maven",
    name: groupId ? `${groupId}:${artifactId}` : artifactId,
    version,
    purl: purl({ type: "maven", namespace: groupId, name: artifactId, version }),
    path,
    layer: w.file.layer,
    metadata,
  };
}
