import type { OwnedFiles } from "../types.ts";

/**
 * The paths in dpkg's `info/*.list` files (one absolute path per line, files and directories,
 * `/.` for the root), kept as the files' bytes. A Debian image lists ~100,000 paths and the
 * scan only ever asks about the files of language packages (a few thousand at most), once, all
 * together: a Set of every line cost ~100 ms at the end of every scan (a string and a hash
 * insertion per line). Here `add` finds the lines with memchr (Buffer.indexOf) and records
 * where each is with a cheap hash of its bytes; `ownedAmong` looks the lines up by that hash
 * among the questions' hashes and makes a string only of a line that may be one of them.
 */
export class DpkgLists implements OwnedFiles {
  private readonly lists: Buffer[] = [];
  /** Per line: list number, start, length, hash (4 numbers). */
  private lines = new Int32Array(4 * 1024);
  private count = 0;

  /**
   * Records one list's lines; returns the 1-based numbers of lines that are not absolute paths
   * (empty lines, `/.` and a trailing newline are fine; a CR before the newline is dropped).
   */
  add(list: Buffer): number[] {
    const n = this.lists.push(list) - 1;
    const bad: number[] = [];
    let line = 0;
    for (let start = 0; start < list.length; ) {
      line++;
      let next = list.indexOf(0x0a, start);
      if (next < 0) next = list.length;
      let end = next;
      if (end > start && list[end - 1] === 0x0d) end--;
      const length = end - start;
      if (length > 0) {
        if (list[start] !== 0x2f) bad.push(line);
        else if (!(length === 2 && list[start + 1] === 0x2e))
          this.record(n, start, length, hash(list, start, length));
      }
      start = next + 1;
    }
    return bad;
  }

  ownedAmong(paths: ReadonlySet<string>): Set<string> {
    const wanted = new Map<number, Buffer[]>();
    for (const path of paths) {
      const q = Buffer.from(path, "utf8");
      if (q.length === 0) continue;
      const h = hash(q, 0, q.length);
      const same = wanted.get(h);
      if (same) same.push(q);
      else wanted.set(h, [q]);
    }
    const found = new Set<string>();
    if (wanted.size === 0) return found;
    const lines = this.lines;
    for (let i = 0; i < this.count * 4; i += 4) {
      const same = wanted.get(lines[i + 3]!);
      if (!same) continue;
      const list = this.lists[lines[i]!]!;
      const start = lines[i + 1]!;
      const length = lines[i + 2]!;
      for (const q of same) {
        if (q.length === length && q.compare(list, start, start + length) === 0) {
          found.add(q.toString("utf8"));
          break;
        }
      }
    }
    return found;
  }

  private record(list: number, start: number, length: number, h: number): void {
    if ((this.count + 1) * 4 > this.lines.length) {
      const grown = new Int32Array(this.lines.length * 2);
      grown.set(this.lines);
      this.lines = grown;
    }
    const at = this.count++ * 4;
    this.lines[at] = list;
    this.lines[at + 1] = start;
    this.lines[at + 2] = length;
    this.lines[at + 3] = h;
  }
}

/**
 * Length and seven bytes spread over the line (its end varies most: file names, extensions);
 * a position before the line's start reads its first byte, the same in a list and a question.
 */
function hash(b: Uint8Array, start: number, length: number): number {
  const end = start + length;
  let h = length;
  h = (Math.imul(h, 31) + b[end - 1]!) | 0;
  h = (Math.imul(h, 31) + b[Math.max(start, end - 2)]!) | 0;
  h = (Math.imul(h, 31) + b[Math.max(start, end - 3)]!) | 0;
  h = (Math.imul(h, 31) + b[Math.max(start, end - 6)]!) | 0;
  h = (Math.imul(h, 31) + b[Math.max(start, end - 10)]!) | 0;
  h = (Math.imul(h, 31) + b[start + (length >> 1)]!) | 0;
  h = (Math.imul(h, 31) + b[start + (length >> 2)]!) | 0;
  return h;
}
