import { randomBytes } from "node:crypto";
import { closeSync, openSync, readdirSync, readSync, statSync, unlinkSync, write } from "node:fs";
import { join } from "node:path";
import { makeDirsSync } from "../../core/files.ts";
import {
  type ElfSegment,
  PF_W,
  PF_X,
  PT_LOAD,
  parseElf,
  readElfHeader,
  readSegments,
  SHT_NOBITS,
} from "../binary/elf.ts";

/** Wanted ELF files above this size are spilled to the cache folder instead of held in memory. */
export const SPILL_BYTES = 8 * 1024 * 1024;
/** Most bytes of a spilled binary loaded back for the readers. */
const LOAD_BUDGET = 16 * 1024 * 1024;
const HEAD = 1024 * 1024;
/** Bytes of the file's start searched for the program header table. */
const START_LIMIT = 64 * 1024;
/** Bytes loaded from the start of each writable segment (Go's build info search). */
const SEGMENT_START = 1024 * 1024;
const SHF_ALLOC = 0x2;
const SHF_EXECINSTR = 0x4;
const SHT_STRTAB = 3;

/**
 * A big executable on its way through a layer (a 100 MB Rust CLI, a Go server): its bytes go to
 * a private file in the scan's cache folder as they stream by, and the binary readers then get
 * a buffer of the file's full size holding only what they read — the ELF header and tables,
 * every allocated non-code section (build info, `.dep-v0`, rodata, data), the section name
 * table, the start of each writable segment — loaded back from that file, with the rest left
 * as untouched zero pages (never resident). Machine code, symbols and debug info are never
 * loaded. The file is removed as soon as the buffer is built.
 *
 * Machine code is not even written when the program headers (at the file's start) show where it
 * is: the executable segments, past the first HEAD bytes, of a binary whose read-only data has a
 * segment of its own (GNU ld's and lld's separate-code layout, the Go linker's) hold only code,
 * so the file gets holes there (most of a Rust CLI's 100 MB). In other layouts (read-only data
 * inside the code segment) everything is written. Should a wanted section still lie in a hole,
 * the load fails with that reason rather than hand the readers zeros.
 */
export class SpilledFile {
  private readonly path: string;
  private fd: number;
  private written = 0;
  /** Bytes handed to the thread pool and not yet written. */
  private inFlight = 0;
  private failure: Error | null = null;
  private idle: (() => void)[] = [];
  private result: Promise<Buffer> | null = null;
  /** The first bytes, until the program headers are in; then null. */
  private start: Buffer | null = Buffer.alloc(0);
  /** File ranges [from, to) not written (code); empty until known. */
  private holes: [number, number][] = [];

  constructor(
    dir: string,
    private readonly size: number,
  ) {
    makeDirsSync(dir);
    sweepOnce(dir);
    this.path = join(dir, `spill-${randomBytes(8).toString("hex")}`);
    this.fd = openSync(this.path, "wx+", 0o600);
  }

  /**
   * Writes the next bytes at their place in the file, on the thread pool (the chunk must stay
   * unchanged until then: layer chunks are never reused). `backlog` says how much is pending.
   */
  write(chunk: Buffer): void {
    const position = this.written;
    this.written += chunk.length;
    if (this.start) this.learn(chunk);
    let at = position;
    const end = position + chunk.length;
    for (const [from, to] of this.holes) {
      if (to <= at || from >= end) continue;
      if (from > at) this.writeAt(chunk.subarray(at - position, from - position), at);
      at = Math.max(at, Math.min(to, end));
    }
    if (at < end) this.writeAt(chunk.subarray(at - position), at);
  }

  /** Collects the first bytes until the program headers can be read, then finds the holes. */
  private learn(chunk: Buffer): void {
    const start = Buffer.concat([this.start!, chunk.subarray(0, START_LIMIT)]);
    const header = readElfHeader(start);
    if (typeof header !== "string" && header.phnum !== 0xffff) {
      const need = header.phoff + header.phnum * header.phentsize;
      if (start.length < need && start.length < START_LIMIT) {
        this.start = start;
        return;
      }
      const segments = readSegments(start, header, header.phnum);
      if (typeof segments !== "string") this.holes = codeHoles(segments);
    } else if (start.length < 64) {
      this.start = start;
      return;
    }
    this.start = null;
  }

  private writeAt(bytes: Buffer, position: number): void {
    this.inFlight += bytes.length;
    const next = (off: number) => {
      write(this.fd, bytes, off, bytes.length - off, position + off, (err, n) => {
        if (err || n === 0) {
          this.failure ??= err ?? new Error("no space left to spill");
          this.settle(bytes.length - off);
        } else if (off + n < bytes.length) next(off + n);
        else this.settle(bytes.length - off);
      });
    };
    next(0);
  }

  get backlog(): number {
    return this.inFlight;
  }

  /** Resolves when every write so far has finished. */
  drained(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private settle(bytes: number): void {
    this.inFlight -= bytes;
    if (this.inFlight === 0) for (const wake of this.idle.splice(0)) wake();
  }

  /** The sparse copy for the readers (once, however often asked); the file is gone afterwards. */
  finish(): Promise<Buffer> {
    this.result ??= (async () => {
      try {
        await this.drained();
        if (this.failure) throw this.failure;
        return loadSparse(this.fd, Math.min(this.written, this.size), this.holes);
      } finally {
        await this.discard();
      }
    })();
    return this.result;
  }

  /** Closes and removes the file once no write is pending. */
  async discard(): Promise<void> {
    await this.drained();
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
  }
}

/** Spill files older than this were left by a scan that died; the next scan removes them. */
const STALE_MS = 60 * 60 * 1000;
const swept = new Set<string>();

function sweepOnce(dir: string): void {
  if (swept.has(dir)) return;
  swept.add(dir);
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (!name.startsWith("spill-")) continue;
    try {
      if (now - statSync(join(dir, name)).mtimeMs > STALE_MS) unlinkSync(join(dir, name));
    } catch {
      // another scan removed it
    }
  }
}

/**
 * The executable (and not writable) PT_LOAD ranges past HEAD, when some PT_LOAD is read-only
 * (neither executable nor writable): then read-only data does not share a segment with code.
 * Otherwise none.
 */
function codeHoles(segments: ElfSegment[]): [number, number][] {
  const loads = segments.filter((p) => p.type === PT_LOAD && p.filesz > 0);
  if (!loads.some((p) => (p.flags & (PF_X | PF_W)) === 0)) return [];
  const holes: [number, number][] = [];
  for (const p of loads) {
    // Code only: a writable and executable segment (old binaries) may hold data.
    if ((p.flags & PF_X) === 0 || (p.flags & PF_W) !== 0) continue;
    const from = Math.max(p.offset, HEAD);
    const to = p.offset + p.filesz;
    if (to > from) holes.push([from, to]);
  }
  return holes.sort((a, b) => a[0] - b[0]);
}

function overlaps(holes: [number, number][], offset: number, length: number): boolean {
  return holes.some(([from, to]) => offset < to && offset + length > from);
}

function loadSparse(fd: number, size: number, holes: [number, number][]): Buffer {
  // Buffer.alloc is calloc'd: pages never written cost no memory.
  const buf = Buffer.alloc(size);
  let budget = LOAD_BUDGET;
  const load = (offset: number, length: number) => {
    if (!Number.isSafeInteger(offset) || offset < 0 || offset >= size || length <= 0) return;
    const n = Math.min(length, size - offset, budget);
    if (n <= 0) return;
    let done = 0;
    while (done < n) {
      const got = readSync(fd, buf, offset + done, n - done, offset + done);
      if (got === 0) break;
      done += got;
    }
    budget -= n;
  };
  load(0, HEAD);
  // The section table's place is in the header; load it, then read the tables.
  const header = readElfHeader(buf);
  if (typeof header === "string") return buf;
  // Extended numbering (shnum 0) keeps the real count in section 0: bounded by the cap below.
  const count = header.shnum === 0 ? 65_536 : header.shnum;
  const tableBytes = Math.min(header.shentsize * count, 4 * 1024 * 1024);
  if (overlaps(holes, header.shoff, Math.min(tableBytes, size - header.shoff)))
    throw new Error(
      "the section table lies in a code segment, which was not kept (unexpected ELF layout)",
    );
  load(header.shoff, tableBytes);
  const elf = parseElf(buf);
  if (typeof elf === "string") return buf;
  // Smallest first: build info, `.dep-v0`, notes and names always fit the budget.
  const wanted = elf.sections
    .filter((s) => {
      if (s.type === SHT_NOBITS) return false;
      const data = (s.flags & SHF_ALLOC) !== 0 && (s.flags & SHF_EXECINSTR) === 0;
      return data || (s.type === SHT_STRTAB && s.size <= 1024 * 1024);
    })
    .sort((a, b) => a.size - b.size);
  for (const p of elf.segments)
    if (p.type === PT_LOAD && (p.flags & PF_W) !== 0) load(p.offset, SEGMENT_START);
  for (const s of wanted) load(s.offset, s.size);
  const lost = wanted.findIndex((s) => overlaps(holes, s.offset, s.size));
  if (lost >= 0) {
    // Named from the table read again, now that the section names are loaded too.
    const named = parseElf(buf);
    const section =
      typeof named === "string" ? undefined : named.sections[elf.sections.indexOf(wanted[lost]!)];
    throw new Error(
      `section ${section?.name || `at offset ${wanted[lost]!.offset}`} lies in a code segment, which was not kept (unexpected ELF layout)`,
    );
  }
  return buf;
}
