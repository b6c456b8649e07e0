/**
 * A synchronous, push-based tar reader for container image layers: POSIX ustar and pax
 * (IEEE 1003.1 "pax" Interchange Format: ustar header block, 'x'/'g' extended headers with
 * "%d %s=%s\n" records), GNU tar (long names 'L' / long links 'K', base-256 numbers, old sparse
 * 'S' headers) and v7. Where the formats leave room, it reads archives the way Go's archive/tar
 * does, because that is what extracts image layers (containerd, moby, buildkit): a scanner that
 * reads a layer differently from the extractor could be shown other files than the ones that land
 * on disk.
 *
 * The parser keeps no copies of content: each entry's bytes are handed to the visitor's sink as
 * views of the pushed chunks, and skipped content costs arithmetic only. Only headers (512 bytes)
 * and metadata records (bounded by `maxMetaBytes`) are ever buffered. Every format problem is a
 * TarError naming its byte offset in the tar stream; after one, the parser stays dead.
 */

export type TarEntryType =
  | "file"
  | "link"
  | "symlink"
  | "character-device"
  | "block-device"
  | "directory"
  | "fifo"
  | "contiguous-file"
  | "other";

export interface TarHeader {
  /**
   * Full name as stored: GNU sparse name (pax `GNU.sparse.name`) > GNU long name (type L) > pax
   * `path` > ustar prefix + "/" + name (the order Go's archive/tar applies them in).
   */
  name: string;
  /**
   * '0' -> file; '\0' -> file, or directory when the name ends in "/" (old archives mark
   * directories that way; Go, Python and tar-stream read it so); '1' link, '2' symlink,
   * '3' character-device, '4' block-device, '5' directory, '6' fifo, '7' contiguous-file;
   * anything else (GNU 'S' sparse, 'V', 'D', unknown letters) -> other. A pax GNU sparse file
   * (GNU.sparse.* records) is "other" too: its content is a sparse map plus the data segments,
   * not the file's bytes.
   */
  type: TarEntryType;
  /** From the mode field (octal or base-256). */
  mode: number;
  /**
   * Content bytes that follow the header and reach the sink: the size field, overridden by pax
   * `size`. Always 0 for link, symlink, devices, directory and fifo: those carry no content (POSIX;
   * Go and Python skip no data for them, whatever the size field says). For GNU sparse 'S' entries
   * it is the stored (compacted) size, not the expanded one.
   */
  size: number;
  /** GNU long link (type K) > pax `linkpath` > the linkname field; null when empty. */
  linkname: string | null;
}

/** Receives one entry's content bytes. Each chunk is a view into the parser's input: copy what you keep past the call. */
export interface TarContentSink {
  data(chunk: Buffer): void;
  end(): void;
}

export interface TarVisitor {
  /** An entry starts. Return a sink for its content (called even for size 0: then end() right away), or null to skip the content cheaply. */
  entry(header: TarHeader): TarContentSink | null;
}

export class TarError extends Error {
  override name = "TarError";
}

export interface TarParserOptions {
  /** Largest PAX ('x'/'g') or GNU long name/link ('L'/'K') record accepted; larger is a TarError. Default 1 MiB. */
  maxMetaBytes?: number;
}

const BLOCK = 512;
const DEFAULT_MAX_META = 1024 * 1024;

// Parser states.
const HEADER = 0; // collecting a 512-byte header block
const DATA = 1; // an entry's content: `remaining` bytes to the sink (or skipped)
const PAD = 2; // skipping `pad` bytes up to the next block boundary
const META = 3; // collecting an x/g/L/K entry's content
const SPARSE_EXT = 4; // collecting a GNU sparse extension block (follows an 'S' header)
const DONE = 5; // end-of-archive marker seen: everything else is ignored

// Header field offsets (POSIX ustar; GNU and v7 share the first 257 bytes).
const F_MODE = 100;
const F_UID = 108;
const F_GID = 116;
const F_SIZE = 124;
const F_MTIME = 136;
const F_CHKSUM = 148;
const F_TYPE = 156;
const F_LINKNAME = 157;
const F_MAGIC = 257;
const F_DEVMAJOR = 329;
const F_DEVMINOR = 337;
const F_PREFIX = 345;
const GNU_ATIME = 345;
const GNU_CTIME = 357;
const GNU_ISEXTENDED = 482;
const SPARSE_EXT_ISEXTENDED = 504;
const STAR_TRAILER = 508;

const FORMAT_V7 = 0;
const FORMAT_USTAR = 1;
const FORMAT_GNU = 2;
const FORMAT_STAR = 3;

const TYPE_NAMES: Record<number, TarEntryType> = {
  48: "file",
  49: "link",
  50: "symlink",
  51: "character-device",
  52: "block-device",
  53: "directory",
  54: "fifo",
  55: "contiguous-file",
};

/** End of the NUL-terminated string in buf[start, end). */
function cstrEnd(buf: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) if (buf[i] === 0) return i;
  return end;
}

function cstr(buf: Buffer, start: number, end: number): string {
  const e = cstrEnd(buf, start, end);
  return e === start ? "" : buf.toString("utf8", start, e);
}

/**
 * A numeric header field: GNU base-256 when the first byte has bit 0x80 (two's complement, so
 * negative when bit 0x40 is also set), else octal. Octal follows Go's archive/tar: leading and
 * trailing spaces and NULs are ignored, the digits end at a NUL or at trailing spaces. NaN when
 * the field is not a number; large values lose precision (callers check isSafeInteger).
 */
function numeric(buf: Buffer, start: number, len: number): number {
  const end = start + len;
  const first = buf[start]!;
  if (first & 0x80) {
    const inv = first & 0x40 ? 0xff : 0;
    let v = (first ^ inv) & 0x7f;
    for (let i = start + 1; i < end; i++) v = v * 256 + (buf[i]! ^ inv);
    return inv ? -v - 1 : v;
  }
  let i = start;
  while (i < end && (buf[i] === 0x20 || buf[i] === 0)) i++;
  if (i === end) return 0;
  let v = 0;
  const digits = i;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c < 0x30 || c > 0x37) break;
    v = v * 8 + (c - 0x30);
  }
  if (i === digits) return Number.NaN;
  if (i === end || buf[i] === 0) return v;
  if (buf[i] !== 0x20) return Number.NaN;
  for (i++; i < end; i++) if (buf[i] !== 0x20 && buf[i] !== 0) return Number.NaN;
  return v;
}

function octal(n: number): string {
  return "0o" + n.toString(8);
}

function isAscii(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (buf[i]! >= 0x80) return false;
  return true;
}

function matches(buf: Buffer, at: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (buf[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function decimal(text: string): number {
  if (text.length === 0 || text.length > 16) return Number.NaN;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return Number.NaN;
  }
  return Number(text);
}

export class TarParser {
  readonly #visitor: TarVisitor;
  readonly #maxMeta: number;

  #state = HEADER;
  /** Offset in the tar stream of the next byte to consume. */
  #offset = 0;
  #error: unknown = null;
  #ended = false;
  #busy = false;
  #entries = 0;

  /** Header bytes collected so far when a header spans chunks. */
  readonly #scratch = Buffer.alloc(BLOCK);
  #fill = 0;
  /** Offset of the header being collected or of the current entry's header. */
  #headerAt = 0;

  // Current entry (DATA / PAD).
  #name = "";
  #sink: TarContentSink | null = null;
  #remaining = 0;
  #pad = 0;
  #padTotal = 0;
  /** Size of the 'S' entry whose extension blocks are being read. */
  #sparseSize = 0;

  // Current metadata entry (META).
  #metaType = 0;
  #metaBuf: Buffer | null = null;
  #metaSize = 0;

  // Metadata that applies to the next entry.
  #pendingAt = -1;
  #pendingType = 0;
  #paxPath: string | null = null;
  #paxLinkpath: string | null = null;
  #paxSize = -1;
  #paxSparse = false;
  #paxSparseName: string | null = null;
  #gnuName: string | null = null;
  #gnuLink: string | null = null;

  constructor(visitor: TarVisitor, options?: TarParserOptions) {
    this.#visitor = visitor;
    const max = options?.maxMetaBytes ?? DEFAULT_MAX_META;
    if (!Number.isSafeInteger(max) || max < 0)
      throw new RangeError(`maxMetaBytes must be a non-negative integer, got ${max}`);
    this.#maxMeta = max;
  }

  /** Entries seen so far (metadata entries x/g/L/K not counted). */
  get entries(): number {
    return this.#entries;
  }

  /** True once the end-of-archive marker (a zero block) was seen. */
  get finished(): boolean {
    return this.#state === DONE;
  }

  /** Feeds the next bytes of the tar stream (any size, any split). Throws TarError on corrupt input; after a throw the parser is dead (further push/end throw the same error). Bytes after the end-of-archive marker are ignored. */
  push(chunk: Buffer): void {
    if (this.#error !== null) throw this.#error;
    if (this.#ended) throw new Error("TarParser.push called after end()");
    if (this.#busy) throw new Error("TarParser.push called from inside a visitor or sink");
    this.#busy = true;
    try {
      this.#consume(chunk);
    } catch (err) {
      this.#error = err;
      throw err;
    } finally {
      this.#busy = false;
    }
  }

  /** The stream ended. Throws TarError when it stopped mid-entry or mid-header. Ending exactly on a 512-byte header boundary without the two zero blocks is accepted (Go's archive/tar does the same). */
  end(): void {
    if (this.#error !== null) throw this.#error;
    if (this.#busy) throw new Error("TarParser.end called from inside a visitor or sink");
    if (this.#ended) return;
    this.#ended = true;
    const at = this.#offset;
    let problem: string | null = null;
    switch (this.#state) {
      case HEADER:
        if (this.#fill > 0) problem = `inside a header at byte ${at}`;
        else if (this.#pendingAt >= 0) problem = this.#danglingMeta(at);
        break;
      case SPARSE_EXT:
        problem = `inside a header at byte ${at}`;
        break;
      case DATA:
      case META:
        problem = `inside the entry ${this.#name} at byte ${at}`;
        break;
      case PAD:
        // Like Go: the content is complete; a stream that stops before any padding is a clean
        // end, one that stops inside the padding was cut.
        if (this.#pendingAt >= 0) problem = this.#danglingMeta(at);
        else if (this.#pad !== this.#padTotal)
          problem = `inside the padding of the entry ${this.#name} at byte ${at}`;
        break;
    }
    if (problem !== null) {
      this.#error = new TarError(`tar stream ends ${problem} (truncated)`);
      throw this.#error;
    }
  }

  #danglingMeta(at: number): string {
    const type = String.fromCharCode(this.#pendingType);
    return `at byte ${at}, after the metadata entry (type ${type}) at byte ${this.#pendingAt} and before the entry it describes`;
  }

  /** Copies the next bytes of a 512-byte block (a header, a sparse extension) into scratch. */
  #fillBlock(chunk: Buffer, p: number, n: number): number {
    const k = Math.min(BLOCK - this.#fill, n - p);
    chunk.copy(this.#scratch, this.#fill, p, p + k);
    this.#fill += k;
    this.#offset += k;
    return k;
  }

  #consume(chunk: Buffer): void {
    const n = chunk.length;
    let p = 0;
    while (p < n) {
      switch (this.#state) {
        case HEADER: {
          if (this.#fill === 0 && n - p >= BLOCK) {
            this.#headerAt = this.#offset;
            this.#offset += BLOCK;
            p += BLOCK;
            this.#header(chunk, p - BLOCK);
          } else {
            if (this.#fill === 0) this.#headerAt = this.#offset;
            p += this.#fillBlock(chunk, p, n);
            if (this.#fill === BLOCK) {
              this.#fill = 0;
              this.#header(this.#scratch, 0);
            }
          }
          break;
        }
        case DATA: {
          const k = Math.min(this.#remaining, n - p);
          this.#remaining -= k;
          this.#offset += k;
          const sink = this.#sink;
          if (sink !== null) sink.data(chunk.subarray(p, p + k));
          p += k;
          if (this.#remaining === 0) this.#endContent();
          break;
        }
        case PAD: {
          const k = Math.min(this.#pad, n - p);
          this.#pad -= k;
          this.#offset += k;
          p += k;
          if (this.#pad === 0) this.#state = HEADER;
          break;
        }
        case META: {
          const size = this.#metaSize;
          if (this.#metaBuf === null && n - p >= size) {
            // The whole record is in this chunk: read it in place.
            const at = this.#offset;
            this.#offset += size;
            p += size;
            this.#meta(chunk, p - size, p, at);
          } else {
            if (this.#metaBuf === null) {
              this.#metaBuf = Buffer.allocUnsafe(size);
              this.#fill = 0;
            }
            const k = Math.min(size - this.#fill, n - p);
            chunk.copy(this.#metaBuf, this.#fill, p, p + k);
            this.#fill += k;
            this.#offset += k;
            p += k;
            if (this.#fill === size) {
              const buf = this.#metaBuf;
              this.#metaBuf = null;
              this.#fill = 0;
              this.#meta(buf, 0, size, this.#offset - size);
            }
          }
          break;
        }
        case SPARSE_EXT: {
          p += this.#fillBlock(chunk, p, n);
          if (this.#fill === BLOCK) {
            this.#fill = 0;
            if (this.#scratch[SPARSE_EXT_ISEXTENDED] === 0) this.#startContent(this.#sparseSize);
          }
          break;
        }
        default:
          // DONE: bytes after the end-of-archive marker are ignored.
          this.#offset += n - p;
          return;
      }
    }
  }

  #fail(detail: string): never {
    throw new TarError(`tar header at byte ${this.#headerAt}: ${detail}`);
  }

  /** Parses the header block buf[o, o + 512); `this.#headerAt` is its stream offset. */
  #header(buf: Buffer, o: number): void {
    let sum = 0;
    for (let i = o; i < o + BLOCK; i++) sum += buf[i]!;
    if (sum === 0) {
      if (this.#pendingAt >= 0)
        throw new TarError(
          `tar stream ends ${this.#danglingMeta(this.#headerAt)} (truncated: end-of-archive marker)`,
        );
      this.#state = DONE;
      return;
    }
    this.#checksum(buf, o, sum);

    const flag = buf[o + F_TYPE]!;
    let format = FORMAT_V7;
    if (matches(buf, o + F_MAGIC, "ustar\0")) {
      format = matches(buf, o + STAR_TRAILER, "tar\0") ? FORMAT_STAR : FORMAT_USTAR;
    } else if (matches(buf, o + F_MAGIC, "ustar  \0")) {
      format = FORMAT_GNU;
    }

    let size = this.#number(buf, o + F_SIZE, 12, "size", false);
    const mode = this.#number(buf, o + F_MODE, 8, "mode", false);
    this.#number(buf, o + F_UID, 8, "uid", true);
    this.#number(buf, o + F_GID, 8, "gid", true);
    this.#number(buf, o + F_MTIME, 12, "mtime", true);
    if (format !== FORMAT_V7) {
      this.#number(buf, o + F_DEVMAJOR, 8, "devmajor", true);
      this.#number(buf, o + F_DEVMINOR, 8, "devminor", true);
    }

    // Metadata entries: their content is read here and applies to the next entry.
    if (flag === 0x78 || flag === 0x67 || flag === 0x4c || flag === 0x4b) {
      const what = flag === 0x78 || flag === 0x67 ? "PAX extended header" : "GNU long name/link";
      if (size > this.#maxMeta)
        this.#fail(
          `${what} (type ${String.fromCharCode(flag)}) of ${size} bytes exceeds the ${this.#maxMeta}-byte limit`,
        );
      if (flag === 0x67) {
        // Like Go, a global header ends what the metadata before it described.
        this.#clearPending();
      } else {
        if (this.#pendingAt < 0) this.#pendingAt = this.#headerAt;
        this.#pendingType = flag;
      }
      this.#name = cstr(buf, o, o + 100);
      this.#metaType = flag;
      this.#metaSize = size;
      this.#pad = (BLOCK - (size % BLOCK)) % BLOCK;
      this.#padTotal = this.#pad;
      if (size === 0) this.#meta(buf, o, o, this.#offset);
      else this.#state = META;
      return;
    }

    // The name: GNU sparse name > GNU long name > pax path > ustar prefix + name.
    let name: string;
    if (this.#paxSparseName !== null) name = this.#paxSparseName;
    else if (this.#gnuName !== null) name = this.#gnuName;
    else if (this.#paxPath !== null) name = this.#paxPath;
    else {
      name = cstr(buf, o, o + 100);
      let prefix = "";
      if (format === FORMAT_USTAR) prefix = cstr(buf, o + F_PREFIX, o + 500);
      else if (format === FORMAT_STAR) prefix = cstr(buf, o + F_PREFIX, o + 476);
      else if (format === FORMAT_GNU) prefix = this.#oldGoPrefix(buf, o);
      if (prefix !== "") name = prefix + "/" + name;
    }
    let linkname = this.#gnuLink ?? this.#paxLinkpath;
    if (linkname === null) {
      linkname = cstr(buf, o + F_LINKNAME, o + F_LINKNAME + 100);
      if (linkname === "") linkname = null;
    }
    if (this.#paxSize >= 0) size = this.#paxSize;

    const oldDir = flag === 0 && name.endsWith("/");
    let type: TarEntryType;
    if (flag === 0) type = oldDir ? "directory" : "file";
    else type = TYPE_NAMES[flag] ?? "other";
    if (this.#paxSparse) type = "other";
    // Header-only types: no content follows, whatever the size field says.
    if ((flag >= 0x31 && flag <= 0x36) || oldDir) size = 0;
    const sparseExt = flag === 0x53 && this.#gnuSparse(buf, o, format);
    this.#clearPending();

    this.#entries++;
    this.#name = name;
    this.#sink = this.#visitor.entry({ name, type, mode, size, linkname });
    if (sparseExt) {
      this.#sparseSize = size;
      this.#fill = 0;
      this.#state = SPARSE_EXT;
    } else {
      this.#startContent(size);
    }
  }

  #checksum(buf: Buffer, o: number, sum: number): void {
    let field = 0;
    for (let i = o + F_CHKSUM; i < o + F_CHKSUM + 8; i++) field += buf[i]!;
    const computed = sum - field + 8 * 0x20;
    const stored = buf[o + F_CHKSUM]! & 0x80 ? Number.NaN : numeric(buf, o + F_CHKSUM, 8);
    if (stored === computed) return;
    if (Number.isNaN(stored)) this.#fail("invalid checksum field (not octal)");
    // Some old writers summed signed chars; Go accepts either sum, and so do we.
    let high = 0;
    for (let i = o; i < o + BLOCK; i++) if (buf[i]! >= 0x80) high++;
    for (let i = o + F_CHKSUM; i < o + F_CHKSUM + 8; i++) if (buf[i]! >= 0x80) high--;
    if (stored === computed - 256 * high) return;
    this.#fail(`checksum mismatch (stored ${octal(stored)}, computed ${octal(computed)})`);
  }

  #number(buf: Buffer, at: number, len: number, field: string, signed: boolean): number {
    const v = numeric(buf, at, len);
    if (Number.isNaN(v)) this.#fail(`invalid ${field} field (not octal)`);
    if (!signed) {
      if (v < 0) this.#fail(`negative ${field} field (base-256)`);
      if (!Number.isSafeInteger(v)) this.#fail(`${field} field exceeds ${Number.MAX_SAFE_INTEGER}`);
    }
    return v;
  }

  /**
   * GNU headers have atime/ctime where ustar has its prefix. Go before 1.8 wrote the ustar
   * prefix into GNU headers; like Go, when atime/ctime do not parse and the bytes are ASCII, they
   * are read as that prefix.
   */
  #oldGoPrefix(buf: Buffer, o: number): string {
    const bad =
      (buf[o + GNU_ATIME] !== 0 && Number.isNaN(numeric(buf, o + GNU_ATIME, 12))) ||
      (buf[o + GNU_CTIME] !== 0 && Number.isNaN(numeric(buf, o + GNU_CTIME, 12)));
    if (!bad) return "";
    const end = cstrEnd(buf, o + F_PREFIX, o + 500);
    return isAscii(buf, o + F_PREFIX, end) ? buf.toString("latin1", o + F_PREFIX, end) : "";
  }

  /** An old GNU sparse ('S') header: true when extension blocks follow it. */
  #gnuSparse(buf: Buffer, o: number, format: number): boolean {
    if (format !== FORMAT_GNU) this.#fail("GNU sparse entry (type S) without the GNU magic");
    return buf[o + GNU_ISEXTENDED] !== 0;
  }

  #startContent(size: number): void {
    this.#remaining = size;
    this.#pad = (BLOCK - (size % BLOCK)) % BLOCK;
    this.#padTotal = this.#pad;
    if (size === 0) this.#endContent();
    else this.#state = DATA;
  }

  #endContent(): void {
    const sink = this.#sink;
    this.#sink = null;
    this.#state = this.#pad > 0 ? PAD : HEADER;
    if (sink !== null) sink.end();
  }

  #clearPending(): void {
    this.#pendingAt = -1;
    this.#paxPath = null;
    this.#paxLinkpath = null;
    this.#paxSize = -1;
    this.#paxSparse = false;
    this.#paxSparseName = null;
    this.#gnuName = null;
    this.#gnuLink = null;
  }

  /** A metadata entry's content is buf[start, end), at stream offset `at`. */
  #meta(buf: Buffer, start: number, end: number, at: number): void {
    const flag = this.#metaType;
    if (flag === 0x4c) this.#gnuName = nonEmpty(cstr(buf, start, end));
    else if (flag === 0x4b) this.#gnuLink = nonEmpty(cstr(buf, start, end));
    else this.#pax(buf, start, end, at, flag === 0x78);
    this.#state = this.#pad > 0 ? PAD : HEADER;
  }

  #badRecord(at: number, why: string): never {
    throw new TarError(`tar PAX header at byte ${this.#headerAt}: record at byte ${at} ${why}`);
  }

  /** Parses pax records "%d %s=%s\n"; `apply` for 'x' (the next entry), not for 'g'. */
  #pax(buf: Buffer, start: number, end: number, at: number, apply: boolean): void {
    if (apply) {
      // A later 'x' replaces an earlier one (Go keeps only the last).
      this.#paxPath = null;
      this.#paxLinkpath = null;
      this.#paxSize = -1;
      this.#paxSparse = false;
      this.#paxSparseName = null;
    }
    // Go reads a missing and an empty record alike.
    let major = "";
    let minor = "";
    let sparseMap = false;
    let p = start;
    while (p < end) {
      const recAt = at + (p - start);
      let q = p;
      let len = 0;
      while (q < end && q - p < 16) {
        const c = buf[q]!;
        if (c < 0x30 || c > 0x39) break;
        len = len * 10 + (c - 0x30);
        q++;
      }
      if (q === p || q >= end || buf[q] !== 0x20)
        this.#badRecord(recAt, "has a bad length (no decimal length and space)");
      if (len < 5 || len > end - p || q + 1 >= p + len)
        this.#badRecord(recAt, `has a bad length (${len}, ${end - p} bytes left)`);
      const recEnd = p + len;
      if (buf[recEnd - 1] !== 0x0a)
        this.#badRecord(recAt, "does not end with a newline at its stated length");
      const kv = q + 1;
      let eq = -1;
      for (let i = kv; i < recEnd - 1; i++)
        if (buf[i] === 0x3d) {
          eq = i;
          break;
        }
      if (eq < 0) this.#badRecord(recAt, "has no '='");
      if (eq === kv) this.#badRecord(recAt, "has an empty keyword");
      const key = buf.toString("utf8", kv, eq);
      if (key.includes("\0")) this.#badRecord(recAt, "has a NUL in its keyword");
      p = recEnd;
      if (!apply) continue;
      const vStart = eq + 1;
      const vEnd = recEnd - 1;
      switch (key) {
        case "path":
        case "linkpath": {
          if (cstrEnd(buf, vStart, vEnd) !== vEnd)
            this.#badRecord(recAt, `has a NUL in its ${key} value`);
          // An empty value leaves the header's own field in force (Go, POSIX).
          const value = vEnd > vStart ? buf.toString("utf8", vStart, vEnd) : null;
          if (key === "path") this.#paxPath = value;
          else this.#paxLinkpath = value;
          break;
        }
        case "size": {
          if (vEnd === vStart) {
            this.#paxSize = -1;
            break;
          }
          const v = decimal(buf.toString("latin1", vStart, vEnd));
          if (!Number.isSafeInteger(v))
            this.#badRecord(recAt, "has an invalid size (not a decimal integer up to 2^53-1)");
          this.#paxSize = v;
          break;
        }
        case "GNU.sparse.major":
          major = buf.toString("latin1", vStart, vEnd);
          break;
        case "GNU.sparse.minor":
          minor = buf.toString("latin1", vStart, vEnd);
          break;
        case "GNU.sparse.map":
          sparseMap = vEnd > vStart;
          break;
        case "GNU.sparse.offset":
        case "GNU.sparse.numbytes":
          sparseMap = true;
          break;
        case "GNU.sparse.name":
          this.#paxSparseName = vEnd > vStart ? buf.toString("utf8", vStart, vEnd) : null;
          break;
      }
    }
    if (!apply) return;
    // Which GNU sparse versions Go expands (readGNUSparsePAXHeaders); the others are plain files.
    const version = `${major}.${minor}`;
    if (version === "0.0" || version === "0.1" || version === "1.0") this.#paxSparse = true;
    else if (major === "" && minor === "" && sparseMap) this.#paxSparse = true;
    if (!this.#paxSparse) this.#paxSparseName = null;
  }
}

function nonEmpty(s: string): string | null {
  return s === "" ? null : s;
}

/**
 * Normalises a tar entry name to an absolute path inside the image. Returns null when the
 * name climbs out of the root (`../../etc/passwd`): such entries are reported and skipped;
 * nothing is ever written to disk, so they can do no harm beyond a wrong answer.
 */
export function normalizeEntryPath(name: string): string | null {
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return null;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return `/${parts.join("/")}`;
}
