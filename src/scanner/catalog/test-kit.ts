/**
 * Shared by the lockfile readers' tests (not used at run time): a reader bound to one lockfile
 * path and a directory scan, the summaries the cases compare, and the table runners every
 * lockfile test repeats (wanted paths, clean reads, problems naming the file and line).
 */
import assert from "node:assert/strict";
import type { CatalogReader, ImageFile, PackageType, ReadResult } from "./types.ts";

export const DIR_CONTEXT = { os: null, source: "dir" } as const;

/** A wanted file as a directory scan hands it over (no layer, a regular file). */
export function imageFile(path: string, content: string | Buffer): ImageFile {
  return {
    path,
    content: typeof content === "string" ? Buffer.from(content) : content,
    layer: null,
    mode: 0o100644,
  };
}

/** The packages' purls, each followed by its metadata as JSON when it has some; sorted. */
export function summary(r: ReadResult): string[] {
  return r.packages
    .map((p) => `${p.purl}${p.metadata ? ` ${JSON.stringify(p.metadata)}` : ""}`)
    .sort();
}

/** The packages' purls, sorted. */
export function purls(r: ReadResult): string[] {
  return r.packages.map((p) => p.purl).sort();
}

/** A case read without problems: `want` is the summary of what it finds. */
export interface ReadCase {
  name: string;
  text: string | Buffer;
  want: string[];
}

/** A case with problems: one reason a problem, in order; `want` is what is still found. */
export interface ProblemCase extends ReadCase {
  reasons: RegExp[];
}

/**
 * A lockfile reader bound to one path of a directory scan. `show` summarises a result for the
 * cases' `want` (default: {@link summary}).
 */
export function lockfileKit(
  reader: CatalogReader,
  path: string,
  show: (r: ReadResult) => string[] = summary,
) {
  const read = (content: string | Buffer): ReadResult => {
    const r = reader.read([imageFile(path, content)], DIR_CONTEXT);
    if (r instanceof Promise) throw new Error(`${reader.meta.id}: read once before the cases`);
    return r;
  };
  return {
    read,
    /** A directory-only language reader that wants exactly the paths marked true. */
    assertWants(cases: [string, boolean][]): void {
      assert.deepEqual(reader.meta.sources, ["dir"]);
      assert.equal(reader.meta.kind, "language");
      for (const [p, want] of cases) assert.equal(reader.wants(p, Buffer.alloc(0)), want, p);
    },
    /** Each case reads without problems; every package names the lockfile (and is of `type`). */
    assertReads(cases: ReadCase[], type?: PackageType): void {
      for (const c of cases) {
        const r = read(c.text);
        assert.deepEqual(r.problems, [], c.name);
        assert.deepEqual(show(r), c.want, c.name);
        for (const p of r.packages) {
          assert.equal(p.path, path);
          if (type !== undefined) assert.equal(p.type, type);
        }
      }
    },
    /** Each case has exactly its problems, in order, each naming the lockfile; good entries are kept. */
    assertProblems(cases: ProblemCase[]): void {
      for (const c of cases) {
        const r = read(c.text);
        assert.equal(
          r.problems.length,
          c.reasons.length,
          `${c.name}: ${JSON.stringify(r.problems)}`,
        );
        c.reasons.forEach((re, i) => {
          assert.match(r.problems[i]!.reason, re, c.name);
        });
        for (const p of r.problems) assert.equal(p.path, path);
        assert.deepEqual(show(r), c.want, c.name);
      }
    },
  };
}
