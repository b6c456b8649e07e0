/**
 * Rust binaries built with cargo-auditable: the crate graph it embeds as zlib-compressed JSON in
 * the `.dep-v0` ELF section. See readme.md.
 */
import { inflateSync } from "node:zlib";
import { purl } from "../../../core/purl.ts";
import { isElf, parseElf, sectionData } from "../../binary/elf.ts";
import type { CatalogReader, ImageFile, Package, Problem, ReadResult } from "../types.ts";

const SECTION = ".dep-v0";
/** cargo-auditable's own reader refuses more than 8 MiB; be a little more lenient. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;
const MAX_PACKAGES = 100_000;
const MAX_PROBLEMS = 5;

export const reader: CatalogReader = {
  meta: {
    id: "rust-binary",
    title: "Rust binaries (cargo-auditable)",
    docsUrl: "https://github.com/rust-secure-code/cargo-auditable/blob/master/PARSING.md",
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
      const r = readRustBinary(file);
      result.packages.push(...r.packages);
      result.problems.push(...r.problems);
    }
    return result;
  },
};

interface AuditPackage {
  name: string;
  version: string;
  source: string;
  kind: "runtime" | "build";
  dependencies: number[];
  root: boolean;
}

export function readRustBinary(file: ImageFile): { packages: Package[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const problem = (reason: string) => {
    if (problems.length < MAX_PROBLEMS)
      problems.push({ path: file.path, reason, layer: file.layer });
  };
  let compressed: Buffer | null;
  try {
    const elf = parseElf(file.content);
    // A malformed ELF is reported once, by go-binary, which reads every ELF too.
    if (typeof elf === "string") return { packages: [], problems };
    const section = elf.sections.find((s) => s.name === SECTION);
    if (!section) return { packages: [], problems };
    compressed = sectionData(file.content, section);
  } catch (err) {
    problem(`unreadable ELF: ${(err as Error).message}`);
    return { packages: [], problems };
  }
  if (!compressed) {
    problem(`${SECTION} section lies outside the file (truncated?)`);
    return { packages: [], problems };
  }

  let json: unknown;
  try {
    const text = inflateSync(compressed, { maxOutputLength: MAX_JSON_BYTES }).toString("utf8");
    json = JSON.parse(text);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE")
      problem(`${SECTION} inflates beyond ${MAX_JSON_BYTES} bytes`);
    else if (err instanceof SyntaxError) problem(`${SECTION} is not valid JSON: ${err.message}`);
    else problem(`${SECTION} is not valid zlib data (${code ?? (err as Error).message})`);
    return { packages: [], problems };
  }

  const list = (json as { packages?: unknown } | null)?.packages;
  if (typeof json !== "object" || json === null || !Array.isArray(list)) {
    problem(`${SECTION} JSON has no "packages" array`);
    return { packages: [], problems };
  }
  if (list.length > MAX_PACKAGES) {
    problem(`${SECTION} lists ${list.length} packages, over the ${MAX_PACKAGES} limit`);
    return { packages: [], problems };
  }
  const parsed: (AuditPackage | null)[] = list.map((p, i) => {
    const pkg = validate(p);
    if (!pkg) problem(`${SECTION} package #${i} is malformed (skipped)`);
    return pkg;
  });

  const packages: Package[] = [];
  for (const p of parsed) {
    // Build dependencies (build scripts, proc macros) run at compile time and are not linked in.
    if (!p || p.kind === "build") continue;
    const dependencies = p.dependencies
      .map((i) => parsed[i])
      .filter((d): d is AuditPackage => !!d && d.kind !== "build")
      .map((d) => `${d.name}@${d.version}`);
    packages.push({
      type: "cargo",
      name: p.name,
      version: p.version,
      purl: purl({ type: "cargo", name: p.name, version: p.version }),
      path: file.path,
      layer: file.layer,
      metadata: {
        source: p.source,
        ...(p.root ? { root: true } : {}),
        ...(dependencies.length > 0 ? { dependencies } : {}),
      },
    });
  }
  return { packages, problems };
}

/** One entry of cargo-auditable's schema: name, version, source required; kind, dependencies, root optional. */
function validate(p: unknown): AuditPackage | null {
  if (typeof p !== "object" || p === null) return null;
  const o = p as Record<string, unknown>;
  if (typeof o["name"] !== "string" || o["name"] === "") return null;
  if (typeof o["version"] !== "string" || o["version"] === "") return null;
  if (typeof o["source"] !== "string") return null;
  const kind = o["kind"] ?? "runtime";
  if (kind !== "runtime" && kind !== "build") return null;
  const deps = o["dependencies"] ?? [];
  if (!Array.isArray(deps) || !deps.every((d) => Number.isSafeInteger(d) && d >= 0)) return null;
  const root = o["root"] ?? false;
  if (typeof root !== "boolean") return null;
  return {
    name: o["name"],
    version: o["version"],
    source: o["source"],
    kind,
    dependencies: deps as number[],
    root,
  };
}
