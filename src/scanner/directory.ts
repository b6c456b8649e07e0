import type { Dirent } from "node:fs";
import { open, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { CatalogReader, ImageFile, Problem } from "./catalog/types.ts";
import type { InventoryReport } from "./report/inventory.ts";
import { runReaders } from "./run-readers.ts";

export interface DirectoryOptions {
  readers: readonly CatalogReader[];
  version: string;
  now: Date;
  maxFiles?: number;
  onFile?: (count: number) => void;
}

const HEAD_BYTES = 64;

/**
 * The inventory of a directory tree (`dir:PATH`): an unpacked root filesystem or a source
 * checkout. Symlinks are not followed (no loops, no escapes); lockfile readers apply here.
 */
export async function scanDirectory(
  root: string,
  ref: string,
  opts: DirectoryOptions,
): Promise<InventoryReport> {
  const readers = opts.readers.filter((r) => r.meta.sources.includes("dir"));
  const files = new Map<string, ImageFile>();
  const wantedBy = new Map<string, string[]>();
  const problems: Problem[] = [];
  const maxFiles = opts.maxFiles ?? 2_000_000;
  let seen = 0;
  const stack: string[] = ["/"];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = await readdir(join(root, rel), { withFileTypes: true });
    } catch (err) {
      problems.push({
        path: rel,
        reason: `cannot list directory: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      });
      continue;
    }
    for (const entry of entries) {
      const path = rel === "/" ? `/${entry.name}` : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== ".git") stack.push(path);
        continue;
      }
      if (!entry.isFile()) continue;
      if (++seen > maxFiles) {
        problems.push({ path: rel, reason: `more than ${maxFiles} files; the rest was not read` });
        stack.length = 0;
        break;
      }
      opts.onFile?.(seen);
      const file = await readWanted(join(root, path), path, readers, problems);
      if (file) {
        files.set(path, file.file);
        wantedBy.set(path, file.ids);
      }
    }
  }
  const result = await runReaders(files, wantedBy, readers, "dir");
  problems.push(...result.problems);
  return {
    schemaVersion: 1,
    tool: { name: "drydock", version: opts.version },
    createdAt: opts.now.toISOString(),
    target: { kind: "dir", ref, digest: null, platform: null, os: result.os, layers: [] },
    packages: result.packages,
    problems,
    partial: problems.length > 0,
  };
}

async function readWanted(
  full: string,
  path: string,
  readers: readonly CatalogReader[],
  problems: Problem[],
): Promise<{ file: ImageFile; ids: string[] } | null> {
  let fh: Awaited<ReturnType<typeof open>> | undefined;
  try {
    fh = await open(full, "r");
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await fh.read(head, 0, HEAD_BYTES, 0);
    const ids = readers
      .filter((r) => r.wants(path, head.subarray(0, bytesRead)))
      .map((r) => r.meta.id);
    if (ids.length === 0) return null;
    const st = await fh.stat();
    const limit = Math.max(
      ...readers.filter((r) => ids.includes(r.meta.id)).map((r) => r.maxFileBytes),
    );
    if (st.size > limit) {
      problems.push({
        path,
        reason: `file is ${st.size} bytes; readers accept at most ${limit}; skipped`,
      });
      return null;
    }
    const content = await fh.readFile();
    return { file: { path, content, layer: null, mode: st.mode }, ids };
  } catch (err) {
    problems.push({
      path,
      reason: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    });
    return null;
  } finally {
    await fh?.close();
  }
}
