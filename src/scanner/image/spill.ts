import { randomBytes } from "node:crypto";
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  statSync,
  unlinkSync,
  write,
} from "node:fs";
import { join } from "node:path";
import { PF_W, PT_LOAD, parseElf, readElfHeader, SHT_NOBITS } from "../binary/elf.ts";

/** Wanted ELF files above this size are spilled to the cache folder instead of held in memory. */
export const SPILL_BYTES = 8 * 1024 * 1024;
/** Most bytes of a spilled binary loaded back for the readers. */
const LOAD_BUDGET = 16 * 1024 * 1024;
const HEAD = 1024 * 1024;
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

  constructor(
    dir: string,
    private readonly size: number,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
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
    this.inFlight += chunk.length;
    const next = (off: number) => {
      write(this.fd, chunk, off, chunk.length - off, position + off, (err, n) => {
        if (err || n === 0) {
          this.failure ??= err ?? new Error("no space left to spill");
          this.settle(chunk.length - off);
        } else if (off + n < chunk.length) next(off + n);
        else this.settle(chunk.length - off);
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
        return loadSparse(this.fd, Math.min(this.written, this.size));
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

function loadSparse(fd: number, size: number): Buffer {
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
  load(header.shoff, Math.min(header.shentsize * count, 4 * 1024 * 1024));
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
  return buf;
}
