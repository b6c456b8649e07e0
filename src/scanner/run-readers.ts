import type {
  CatalogReader,
  ImageFile,
  OsInfo,
  OwnedFiles,
  Package,
  Problem,
  ReadContext,
} from "./catalog/types.ts";
import { comparePackages } from "./report/inventory.ts";

/**
 * Runs the readers over their files: the OS first (its facts go to the others), then the
 * package managers. Language packages whose files an OS package manager installed are marked
 * osOwned, so they are matched through the OS record only.
 */
export async function runReaders(
  files: Map<string, ImageFile>,
  wantedBy: Map<string, string[]>,
  readers: readonly CatalogReader[],
  source: "image" | "dir",
  /** Packages per-file readers found already (image scans read those as layers stream by). */
  alreadyRead: Package[] = [],
): Promise<{ packages: Package[]; os: OsInfo | null; problems: Problem[] }> {
  const byReader = new Map<string, ImageFile[]>();
  for (const [path, ids] of wantedBy) {
    const file = files.get(path)!;
    for (const id of ids) {
      const list = byReader.get(id) ?? [];
      list.push(file);
      byReader.set(id, list);
    }
  }
  const ctx: ReadContext = { os: null, source };
  const problems: Problem[] = [];
  const packages: Package[] = [...alreadyRead];
  const owned: (ReadonlySet<string> | OwnedFiles)[] = [];
  const ordered = [...readers].sort((a, b) => rank(a) - rank(b));
  for (const reader of ordered) {
    if (!reader.meta.sources.includes(source)) continue;
    const input = (byReader.get(reader.meta.id) ?? []).sort((a, b) => (a.path < b.path ? -1 : 1));
    if (input.length === 0) continue;
    let result: Awaited<ReturnType<CatalogReader["read"]>>;
    try {
      result = await reader.read(input, ctx);
    } catch (err) {
      // Readers report problems rather than throw; one that throws anyway loses only its own part.
      problems.push({
        path: input[0]!.path,
        reason: `${reader.meta.id} reader failed: ${(err as Error).message}`,
      });
      continue;
    }
    if (result.os) ctx.os = result.os;
    // Each OS reader's set is kept as it is (no copy of 100,000 paths).
    if (result.ownedFiles) owned.push(result.ownedFiles);
    const layerOf = new Map(input.map((f) => [f.path, f.layer]));
    for (const pkg of result.packages) {
      const base = pkg.path.split(":")[0]!;
      packages.push({ ...pkg, layer: pkg.layer ?? layerOf.get(base) ?? null });
    }
    problems.push(...result.problems);
  }
  // A language package is OS-owned when its manifest file, or its directory, was installed
  // by the OS: every such path is asked of each OS reader at once.
  const language = packages.filter((pkg) => !isOsType(pkg.type));
  const asked = new Set<string>();
  for (const pkg of language) asked.add(pkg.path).add(dirOf(pkg.path));
  const installed = new Set<string>();
  for (const files of owned) for (const path of ownedAmong(files, asked)) installed.add(path);
  for (const pkg of language)
    if (installed.has(pkg.path) || installed.has(dirOf(pkg.path))) pkg.osOwned = true;
  packages.sort(comparePackages);
  return { packages, os: ctx.os, problems };
}

function rank(r: CatalogReader): number {
  if (r.meta.id === "os-release") return 0;
  return r.meta.kind === "os" ? 1 : 2;
}

function isOsType(type: Package["type"]): boolean {
  return type === "deb" || type === "apk" || type === "rpm";
}

/** Which of `paths` an OS reader's owned files hold, whichever form the reader keeps them in. */
export function ownedAmong(
  files: ReadonlySet<string> | OwnedFiles,
  paths: ReadonlySet<string>,
): Set<string> {
  if ("ownedAmong" in files) return files.ownedAmong(paths);
  return new Set([...paths].filter((path) => files.has(path)));
}

function dirOf(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}
