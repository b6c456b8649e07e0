/**
 * Go binaries: the module graph and toolchain version the Go linker embeds in every binary
 * (Go >= 1.13; module info only for module-mode builds). See readme.md.
 */
import { purl } from "../../../core/purl.ts";
import { isElf, parseElf } from "../../binary/elf.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";
import { readRawBuildInfo } from "./buildinfo.ts";
import { type GoModule, type ModInfo, parseModInfo } from "./modinfo.ts";

/** Build settings copied into the main module's metadata (others, like -ldflags, can be long or noisy). */
const KEPT_SETTINGS = [
  "-buildmode",
  "-compiler",
  "CGO_ENABLED",
  "GOARCH",
  "GOOS",
  "GOEXPERIMENT",
  "vcs",
  "vcs.revision",
  "vcs.time",
  "vcs.modified",
];

export const reader: CatalogReader = {
  meta: {
    id: "go-binary",
    title: "Go binaries (embedded build info)",
    docsUrl: "https://pkg.go.dev/debug/buildinfo",
    kind: "binary",
    sources: ["image", "dir"],
  },
  maxFileBytes: 256 * 1024 * 1024,
  wants(_path, head) {
    return isElf(head);
  },
  read(files) {
    const result: ReadResult = { packages: [], problems: [] };
    for (const file of files) {
      const { packages, problems } = readGoBinary(file);
      result.packages.push(...packages);
      result.problems.push(...problems);
    }
    return result;
  },
};

export function readGoBinary(file: ImageFile): { packages: Package[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (reason: string) => problems.push({ path: file.path, reason, layer: file.layer });
  let elf: ReturnType<typeof parseElf>;
  let raw: ReturnType<typeof readRawBuildInfo>;
  try {
    elf = parseElf(file.content);
    if (typeof elf === "string") {
      problem(`malformed ELF: ${elf}`);
      return { packages: [], problems };
    }
    raw = readRawBuildInfo(file.content, elf);
  } catch (err) {
    // Defensive: the parsers bounds-check, so this means a bug, still not the image's fault.
    problem(`unreadable ELF: ${(err as Error).message}`);
    return { packages: [], problems };
  }
  if (raw.kind === "none") return { packages: [], problems };
  if (raw.kind === "corrupt") {
    problem(raw.reason);
    return { packages: [], problems };
  }

  const goVersion = raw.version;
  const info = parseModInfo(raw.modinfo);
  if (info.badLines.length > 0)
    problem(`Go module info has malformed lines (skipped): ${info.badLines.join("; ")}`);
  return { packages: toPackages(file, goVersion, info), problems };
}

function toPackages(file: ImageFile, goVersion: string, info: ModInfo): Package[] {
  const packages: Package[] = [];
  const arch = info.settings["GOARCH"];
  const base = { path: file.path, layer: file.layer, ...(arch ? { arch } : {}) };
  const mainPath = info.main?.path ?? null;

  const moduleMeta = (m: GoModule, extra: Record<string, unknown>) => {
    const meta = compact({ goVersion, ...extra });
    if (m.sum) meta["sum"] = m.sum;
    if (m.replace) meta["replace"] = { ...m.replace };
    return meta;
  };
  const modulePackage = (m: GoModule, extra: Record<string, unknown>): Package => {
    // A replacement by another module version is what was compiled in; a local directory
    // replacement (`=> ../dir`, empty version) keeps the original requirement's version.
    const version = m.replace?.version ? m.replace.version : m.version;
    return {
      type: "golang",
      name: m.path,
      version,
      purl: purl({ type: "golang", name: m.path, version }),
      ...base,
      metadata: moduleMeta(m, extra),
    };
  };

  if (info.main) {
    const settings: Record<string, string> = {};
    for (const k of KEPT_SETTINGS)
      if (info.settings[k] !== undefined) settings[k] = info.settings[k];
    packages.push(
      modulePackage(info.main, {
        mainModule: true,
        mainPackage: info.path || undefined,
        ...(Object.keys(settings).length > 0 ? { buildSettings: settings } : {}),
      }),
    );
  }
  const seen = new Set<string>();
  for (const dep of info.deps) {
    const key = `${dep.path}\0${dep.version}`;
    if (seen.has(key) || dep.path === mainPath) continue;
    seen.add(key);
    packages.push(modulePackage(dep, { mainModule: mainPath ?? undefined }));
  }

  const std = stdlibVersion(goVersion);
  if (std) {
    packages.push({
      type: "golang",
      name: "stdlib",
      version: std,
      purl: purl({ type: "golang", name: "stdlib", version: std }),
      ...base,
      metadata: compact({
        goVersion,
        mainModule: mainPath ?? undefined,
        mainPackage: info.path || undefined,
      }),
    });
  }
  return packages;
}

/**
 * The stdlib version from the toolchain string: "go1.21.5" -> "1.21.5",
 * "go1.23.1 X:nocoverageredesign" -> "1.23.1", "go1.22rc1" -> "1.22rc1"; null for "devel ..." builds.
 */
export function stdlibVersion(goVersion: string): string | null {
  const m = /^go(\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?)(?:$|[\s+-])/.exec(goVersion);
  return m ? m[1]! : null;
}

/** Drops undefined values so metadata stays plain JSON. */
function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}
