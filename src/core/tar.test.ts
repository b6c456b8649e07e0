import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  closeSync,
  ftruncateSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import {
  normalizeEntryPath,
  type TarContentSink,
  type TarEntryType,
  TarError,
  type TarHeader,
  TarParser,
  type TarParserOptions,
} from "./tar.ts";

// ---------------------------------------------------------------------------------------------
// Building archives by hand (POSIX ustar header layout; GNU and v7 variants).

interface HeaderSpec {
  name?: string;
  /** Typeflag character; "\0" for the old regular-file flag. */
  type?: string;
  mode?: number;
  size?: number;
  linkname?: string;
  magic?: "ustar" | "gnu" | "v7";
  prefix?: string;
  /** Write the size as GNU base-256. */
  base256Size?: boolean;
  /** Raw bytes written at an offset before the checksum is computed. */
  patch?: [number, Buffer | string][];
  checksum?: "bad" | "signed";
}

function put(block: Buffer, at: number, value: Buffer | string): void {
  (typeof value === "string" ? Buffer.from(value, "latin1") : value).copy(block, at);
}

function octalField(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

/** The header's checksum as tar computes it: unsigned sum with the checksum field as spaces. */
function unsignedSum(block: Buffer): number {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  return sum;
}

function header(spec: HeaderSpec): Buffer {
  const b = Buffer.alloc(512);
  Buffer.from(spec.name ?? "file.txt", "utf8").copy(b, 0, 0, 100);
  put(b, 100, octalField(spec.mode ?? 0o644, 8));
  put(b, 108, octalField(1000, 8));
  put(b, 116, octalField(1000, 8));
  const size = spec.size ?? 0;
  if (spec.base256Size) {
    b[124] = 0x80;
    b.writeUIntBE(size, 124 + 12 - 6, 6);
  } else {
    put(b, 124, octalField(size, 12));
  }
  put(b, 136, octalField(0o14000000000, 12));
  put(b, 156, spec.type ?? "0");
  if (spec.linkname) Buffer.from(spec.linkname, "utf8").copy(b, 157, 0, 100);
  const magic = spec.magic ?? "ustar";
  if (magic === "ustar") put(b, 257, "ustar\x0000");
  if (magic === "gnu") put(b, 257, "ustar  \0");
  if (magic !== "v7") {
    put(b, 265, "user");
    put(b, 297, "group");
    put(b, 329, octalField(0, 8));
    put(b, 337, octalField(0, 8));
  }
  if (spec.prefix) Buffer.from(spec.prefix, "utf8").copy(b, 345, 0, 155);
  for (const [at, value] of spec.patch ?? []) put(b, at, value);
  let sum = unsignedSum(b);
  if (spec.checksum === "bad") sum += 1;
  if (spec.checksum === "signed") {
    for (let i = 0; i < 512; i++) if ((i < 148 || i >= 156) && b[i]! >= 0x80) sum -= 256;
  }
  put(b, 148, sum.toString(8).padStart(6, "0") + "\0 ");
  return b;
}

function padded(data: Buffer): Buffer {
  const pad = (512 - (data.length % 512)) % 512;
  return Buffer.concat([data, Buffer.alloc(pad)]);
}

function bytes(data: Buffer | string): Buffer {
  return typeof data === "string" ? Buffer.from(data, "utf8") : data;
}

/** A header plus its content, padded; the size field defaults to the content's length. */
function entry(spec: HeaderSpec, data: Buffer | string = ""): Buffer {
  const content = bytes(data);
  return Buffer.concat([header({ size: content.length, ...spec }), padded(content)]);
}

/** One pax record "%d %s=%s\n", the length counting itself. */
function rec(key: string, value: string): Buffer {
  const body = Buffer.from(` ${key}=${value}\n`, "utf8");
  for (let digits = 1; digits < 10; digits++) {
    const n = body.length + digits;
    if (String(n).length === digits) return Buffer.concat([Buffer.from(String(n)), body]);
  }
  throw new Error("unreachable");
}

function pax(records: Buffer[] | Buffer, type = "x"): Buffer {
  const data = Array.isArray(records) ? Buffer.concat(records) : records;
  return entry({ name: "PaxHeaders/file", type }, data);
}

function gnuLong(type: "L" | "K", text: string): Buffer {
  return entry({ name: "././@LongLink", type, magic: "gnu" }, Buffer.from(text + "\0", "utf8"));
}

const EOA = Buffer.alloc(1024);

function tar(...parts: Buffer[]): Buffer {
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------
// Running the parser with different chunkings.

interface Seen extends TarHeader {
  /** Concatenated content, or null when the entry was skipped (or its content never ended). */
  content: Buffer | null;
}

interface Outcome {
  seen: Seen[];
  error: string | null;
  entries: number;
  finished: boolean;
}

type Chunking = [string, (input: Buffer) => Buffer[]];

function fixed(n: number): (input: Buffer) => Buffer[] {
  return (input) => {
    const out: Buffer[] = [];
    for (let i = 0; i < input.length; i += n) out.push(input.subarray(i, i + n));
    return out;
  };
}

function random(seed: number): (input: Buffer) => Buffer[] {
  return (input) => {
    const next = seeded(seed);
    const out: Buffer[] = [];
    for (let i = 0; i < input.length; ) {
      const n = 1 + Math.floor(next() * 1500);
      out.push(input.subarray(i, i + n));
      i += n;
    }
    return out;
  };
}

const CHUNKINGS: Chunking[] = [
  ["one chunk", (input) => [input]],
  ["1-byte chunks", fixed(1)],
  ["511-byte chunks", fixed(511)],
  ["512-byte chunks", fixed(512)],
  ["513-byte chunks", fixed(513)],
  ["random chunks (seed 1)", random(1)],
  ["random chunks (seed 2)", random(2)],
  ["random chunks (seed 3)", random(3)],
];

/** Parses `chunks`; `keep` chooses which entries get a sink (default all). */
function parse(
  chunks: Buffer[],
  options?: TarParserOptions,
  keep: (h: TarHeader, index: number) => boolean = () => true,
): Outcome {
  const seen: Seen[] = [];
  const parser = new TarParser(
    {
      entry(h): TarContentSink | null {
        const record: Seen = { ...h, content: null };
        seen.push(record);
        if (!keep(h, seen.length - 1)) return null;
        const parts: Buffer[] = [];
        let ended = false;
        return {
          data(chunk) {
            assert.ok(!ended, "data after end");
            assert.ok(chunk.length > 0, "empty data chunk");
            parts.push(Buffer.from(chunk));
          },
          end() {
            assert.ok(!ended, "end twice");
            ended = true;
            record.content = Buffer.concat(parts);
            assert.equal(record.content.length, h.size, `content of ${h.name} has the header size`);
          },
        };
      },
    },
    options,
  );
  let error: string | null = null;
  try {
    for (const chunk of chunks) parser.push(chunk);
    parser.end();
  } catch (err) {
    if (!(err instanceof TarError)) throw err;
    error = err.message;
    // The parser is dead: the same error again, whatever comes next.
    assert.throws(
      () => parser.push(Buffer.alloc(512)),
      (e) => e === err,
    );
    assert.throws(
      () => parser.end(),
      (e) => e === err,
    );
  }
  return { seen, error, entries: parser.entries, finished: parser.finished };
}

/** Parses `input` with every chunking; asserts they agree and returns the outcome. */
function parseAll(input: Buffer, options?: TarParserOptions): Outcome {
  const [first, ...rest] = CHUNKINGS.map(
    ([label, split]) => [label, parse(split(input), options)] as const,
  );
  for (const [label, outcome] of rest) assert.deepEqual(outcome, first![1], label);
  return first![1];
}

// ---------------------------------------------------------------------------------------------
// Spec cases.

interface Expect {
  name: string;
  type: TarEntryType;
  size?: number;
  mode?: number;
  linkname?: string | null;
  /** null: the entry got a sink but its content never ended. */
  content?: string | Buffer | null;
}

interface Case {
  title: string;
  input: Buffer;
  options?: TarParserOptions;
  expect?: Expect[];
  error?: string | RegExp;
  finished?: boolean;
}

const text513 = "z".repeat(513);
const long300 = "long/" + "n".repeat(120) + "/" + "m".repeat(170);
const link300 = "target/" + "t".repeat(293);
const symlinkHiding = entry({ name: "hidden" }, "abc");

function checksumMismatch(): Case {
  const bad = header({ name: "bad", checksum: "bad" });
  const computed = unsignedSum(bad);
  return {
    title: "checksum mismatch -> TarError naming the header offset",
    input: tar(entry({ name: "a" }, "x".repeat(600)), bad, EOA),
    expect: [{ name: "a", type: "file", content: "x".repeat(600) }],
    error: `tar header at byte 1536: checksum mismatch (stored 0o${(computed + 1).toString(8)}, computed 0o${computed.toString(8)})`,
  };
}

const cases: Case[] = [
  // Entry types.
  {
    title: "every entry type",
    input: tar(
      entry({ name: "f0", type: "0" }, "zero"),
      entry({ name: "fnul", type: "\0" }, "nul"),
      entry({ name: "hard", type: "1", linkname: "f0" }),
      entry({ name: "sym", type: "2", linkname: "../f0" }),
      entry({ name: "chr", type: "3", mode: 0o620 }),
      entry({ name: "blk", type: "4", mode: 0o660 }),
      entry({ name: "dir/", type: "5", mode: 0o755 }),
      entry({ name: "fifo", type: "6" }),
      entry({ name: "cont", type: "7" }, "contiguous"),
      entry({ name: "vol", type: "V" }, "label"),
      entry({ name: "unknown", type: "Z" }, "?"),
      EOA,
    ),
    expect: [
      { name: "f0", type: "file", content: "zero", linkname: null, mode: 0o644 },
      { name: "fnul", type: "file", content: "nul" },
      { name: "hard", type: "link", linkname: "f0", size: 0, content: "" },
      { name: "sym", type: "symlink", linkname: "../f0", size: 0 },
      { name: "chr", type: "character-device", mode: 0o620 },
      { name: "blk", type: "block-device", mode: 0o660 },
      { name: "dir/", type: "directory", mode: 0o755 },
      { name: "fifo", type: "fifo" },
      { name: "cont", type: "contiguous-file", content: "contiguous" },
      { name: "vol", type: "other", content: "label" },
      { name: "unknown", type: "other", content: "?" },
    ],
    finished: true,
  },
  {
    title:
      "old regular-file flag '\\0' with a trailing slash is a directory (Go, Python, tar-stream)",
    input: tar(entry({ name: "olddir/", type: "\0", magic: "v7" }), EOA),
    expect: [{ name: "olddir/", type: "directory", size: 0 }],
  },
  {
    title: "content of 0, 512 and 513 bytes",
    input: tar(
      entry({ name: "empty" }, ""),
      entry({ name: "exact" }, "e".repeat(512)),
      entry({ name: "over" }, text513),
      EOA,
    ),
    expect: [
      { name: "empty", type: "file", size: 0, content: "" },
      { name: "exact", type: "file", size: 512, content: "e".repeat(512) },
      { name: "over", type: "file", size: 513, content: text513 },
    ],
  },
  {
    title: "header-only types carry no content whatever the size field says (Go, Python, POSIX)",
    input: tar(
      header({ name: "sym", type: "2", linkname: "t", size: symlinkHiding.length }),
      symlinkHiding,
      header({ name: "dir/", type: "5", size: 1 }),
      header({ name: "old/", type: "\0", size: symlinkHiding.length }),
      symlinkHiding,
      entry({ name: "after" }, "ok"),
      EOA,
    ),
    expect: [
      { name: "sym", type: "symlink", size: 0, linkname: "t", content: "" },
      { name: "hidden", type: "file", content: "abc" },
      { name: "dir/", type: "directory", size: 0 },
      { name: "old/", type: "directory", size: 0, content: "" },
      { name: "hidden", type: "file", content: "abc" },
      { name: "after", type: "file", content: "ok" },
    ],
  },

  // Names.
  {
    title: "ustar prefix joined with '/'",
    input: tar(entry({ name: "file.txt", prefix: "a/b/c" }, "p"), EOA),
    expect: [{ name: "a/b/c/file.txt", type: "file", content: "p" }],
  },
  {
    title: "names of exactly 100 bytes and prefixes of exactly 155 bytes (no NUL terminator)",
    input: tar(entry({ name: "n".repeat(100), prefix: "p".repeat(155) }), EOA),
    expect: [{ name: `${"p".repeat(155)}/${"n".repeat(100)}`, type: "file" }],
  },
  {
    title: "GNU magic: the prefix bytes are atime/ctime, not a prefix",
    input: tar(entry({ name: "g.txt", magic: "gnu", patch: [[345, "14000000000\0"]] }, "g"), EOA),
    expect: [{ name: "g.txt", type: "file", content: "g" }],
  },
  {
    title: "GNU magic with a non-numeric atime: read as the prefix Go < 1.8 wrote there",
    input: tar(entry({ name: "f", magic: "gnu", patch: [[345, "old/go"]] }), EOA),
    expect: [{ name: "old/go/f", type: "file" }],
  },
  {
    title: "v7 header (no magic): no prefix",
    input: tar(entry({ name: "v7.txt", magic: "v7", patch: [[345, "ignored"]] }, "7"), EOA),
    expect: [{ name: "v7.txt", type: "file", content: "7" }],
  },
  {
    title: "star trailer: a 131-byte prefix",
    input: tar(entry({ name: "s", prefix: "pre", patch: [[508, "tar\0"]] }), EOA),
    expect: [{ name: "pre/s", type: "file" }],
  },
  {
    title: "non-ASCII names decoded as UTF-8",
    input: tar(entry({ name: "naïve-☃.txt", linkname: "ü", type: "2" }), EOA),
    expect: [{ name: "naïve-☃.txt", type: "symlink", linkname: "ü" }],
  },
  {
    title: "GNU long name (L) and long link (K)",
    input: tar(
      gnuLong("L", long300),
      gnuLong("K", link300),
      entry({ name: "short", type: "2", magic: "gnu", linkname: "shortlink" }),
      entry({ name: "plain", magic: "gnu" }, "next"),
      EOA,
    ),
    expect: [
      { name: long300, type: "symlink", linkname: link300 },
      { name: "plain", type: "file", linkname: null, content: "next" },
    ],
  },
  {
    title: "PAX path, linkpath and size override; the record applies to one entry only",
    input: tar(
      pax([rec("path", long300), rec("linkpath", "pax-link-☃"), rec("mtime", "1.5")]),
      entry({ name: "trunc", type: "1", linkname: "hdr-link" }),
      pax([rec("size", "700")]),
      header({ name: "sized", size: 0 }),
      padded(Buffer.alloc(700, 0x61)),
      entry({ name: "own-name", linkname: "own-link", type: "2" }),
      EOA,
    ),
    expect: [
      { name: long300, type: "link", linkname: "pax-link-☃" },
      { name: "sized", type: "file", size: 700, content: "a".repeat(700) },
      { name: "own-name", type: "symlink", linkname: "own-link" },
    ],
  },
  {
    title: "PAX record lengths count UTF-8 bytes; unknown keys ignored",
    input: tar(
      pax([rec("SCHILY.xattr.user.x", "\u00ff\u00fe"), rec("path", "ünï/cødé"), rec("x", "")]),
      entry({ name: "ascii" }, "u"),
      EOA,
    ),
    expect: [{ name: "ünï/cødé", type: "file", content: "u" }],
  },
  {
    title: "PAX empty values leave the header's fields in force",
    input: tar(pax([rec("path", ""), rec("size", "")]), entry({ name: "kept" }, "k"), EOA),
    expect: [{ name: "kept", type: "file", content: "k" }],
  },
  {
    title: "a second 'x' replaces the first",
    input: tar(
      pax([rec("path", "first")]),
      pax([rec("linkpath", "l")]),
      entry({ name: "hdr" }),
      EOA,
    ),
    expect: [{ name: "hdr", type: "file", linkname: "l" }],
  },
  {
    title: "PAX global header ('g') is validated and otherwise ignored",
    input: tar(
      pax([rec("path", "global-name"), rec("comment", "c")], "g"),
      entry({ name: "one" }, "1"),
      entry({ name: "two" }, "2"),
      EOA,
    ),
    expect: [
      { name: "one", type: "file", content: "1" },
      { name: "two", type: "file", content: "2" },
    ],
  },
  {
    title: "GNU long name wins over PAX path (Go's order)",
    input: tar(pax([rec("path", "from-pax")]), gnuLong("L", "from-gnu"), entry({ name: "h" }), EOA),
    expect: [{ name: "from-gnu", type: "file" }],
  },
  {
    title: "PAX GNU sparse 1.0 file is 'other', named by GNU.sparse.name",
    input: tar(
      pax([
        rec("GNU.sparse.major", "1"),
        rec("GNU.sparse.minor", "0"),
        rec("GNU.sparse.name", "real"),
      ]),
      entry({ name: "./GNUSparseFile.0/real" }, "1\n0\n3\nabc"),
      EOA,
    ),
    expect: [{ name: "real", type: "other", content: "1\n0\n3\nabc" }],
  },

  // Numbers.
  {
    title: "base-256 size and mode",
    input: tar(
      entry(
        {
          name: "b256",
          base256Size: true,
          patch: [[100, Buffer.from([0x80, 0, 0, 0, 0, 0, 0x01, 0xed])]],
        },
        "q".repeat(1000),
      ),
      EOA,
    ),
    expect: [{ name: "b256", type: "file", size: 1000, mode: 0o755, content: "q".repeat(1000) }],
  },
  {
    title: "octal fields with leading spaces, space terminators, no terminator, junk after NUL",
    input: tar(
      entry(
        {
          name: "sp",
          patch: [
            [100, "   755 \0"],
            [124, "        12 "],
          ],
        },
        "0123456789",
      ),
      entry(
        {
          name: "full",
          patch: [
            [124, "00000000003"],
            [135, "0"],
          ],
        },
        "full-digit",
      ),
      entry({ name: "junk", patch: [[124, "3\0junk\0"]] }, "abc"),
      EOA,
    ),
    expect: [
      { name: "sp", type: "file", mode: 0o755, content: "0123456789" },
      { name: "full", type: "file", size: 0o30, content: "full-digit".padEnd(24, "\0") },
      { name: "junk", type: "file", content: "abc" },
    ],
  },
  {
    title: "signed-byte checksum accepted (like Go)",
    input: tar(entry({ name: "é", checksum: "signed" }, "s"), EOA),
    expect: [{ name: "é", type: "file", content: "s" }],
  },
  {
    title: "GNU sparse 'S' with an extension block: size is the stored data",
    input: tar(
      header({ name: "sparse", type: "S", magic: "gnu", size: 5, patch: [[482, "\x01"]] }),
      Buffer.alloc(512), // extension block, isextended (byte 504) = 0
      padded(Buffer.from("hello")),
      entry({ name: "after" }, "a"),
      EOA,
    ),
    expect: [
      { name: "sparse", type: "other", size: 5, content: "hello" },
      { name: "after", type: "file", content: "a" },
    ],
  },

  // End of archive.
  {
    title: "ends on a header boundary without zero blocks: accepted, not finished",
    input: tar(entry({ name: "a" }, "x"), entry({ name: "b" })),
    expect: [
      { name: "a", type: "file", content: "x" },
      { name: "b", type: "file", content: "" },
    ],
    finished: false,
  },
  {
    title: "one zero block ends the archive; bytes after it are ignored",
    input: tar(entry({ name: "a" }, "x"), Buffer.alloc(512), Buffer.from("garbage".repeat(200))),
    expect: [{ name: "a", type: "file", content: "x" }],
    finished: true,
  },
  {
    title: "empty stream",
    input: Buffer.alloc(0),
    expect: [],
    finished: false,
  },
  {
    title: "stream ends right after the content, before the padding (Go: clean EOF)",
    input: entry({ name: "a" }, "x").subarray(0, 513),
    expect: [{ name: "a", type: "file", content: "x" }],
    finished: false,
  },

  // Errors.
  checksumMismatch(),
  {
    title: "checksum field not octal",
    input: tar(header({ name: "a", patch: [] }).fill(0x39, 148, 150), EOA),
    error: "tar header at byte 0: invalid checksum field (not octal)",
  },
  {
    title: "non-octal size",
    input: tar(header({ name: "a", patch: [[124, "0000000008\0"]] }), EOA),
    error: "tar header at byte 0: invalid size field (not octal)",
  },
  {
    title: "non-octal mode",
    input: tar(header({ name: "a", patch: [[100, "07x5\0"]] }), EOA),
    error: "tar header at byte 0: invalid mode field (not octal)",
  },
  {
    title: "digits after a space terminator",
    input: tar(header({ name: "a", patch: [[108, "12 34\0"]] }), EOA),
    error: "tar header at byte 0: invalid uid field (not octal)",
  },
  {
    title: "negative base-256 size",
    input: tar(header({ name: "a", patch: [[124, Buffer.alloc(12, 0xff)]] }), EOA),
    error: "tar header at byte 0: negative size field (base-256)",
  },
  {
    title: "base-256 size above Number.MAX_SAFE_INTEGER",
    input: tar(
      header({
        name: "a",
        patch: [[124, Buffer.from([0x80, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0])]],
      }),
      EOA,
    ),
    error: "tar header at byte 0: size field exceeds 9007199254740991",
  },
  {
    title: "PAX record length past the end",
    input: tar(pax(Buffer.from("99 path=x\n")), entry({ name: "a" }), EOA),
    error: "tar PAX header at byte 0: record at byte 512 has a bad length (99, 10 bytes left)",
  },
  {
    title: "PAX record length too small",
    input: tar(pax(Buffer.from("3 a=\n")), entry({ name: "a" }), EOA),
    error: /^tar PAX header at byte 0: record at byte 512 has a bad length \(3,/,
  },
  {
    title: "PAX record without a length",
    input: tar(pax(Buffer.from("path=x\n")), entry({ name: "a" }), EOA),
    error:
      "tar PAX header at byte 0: record at byte 512 has a bad length (no decimal length and space)",
  },
  {
    title: "PAX record length not at a newline",
    input: tar(pax(Buffer.from("10 path=xy\n")), entry({ name: "a" }), EOA),
    error:
      "tar PAX header at byte 0: record at byte 512 does not end with a newline at its stated length",
  },
  {
    title: "PAX record without '=' (second record: offset counted)",
    input: tar(pax([rec("a", "b"), Buffer.from("9 nokey\n\n")]), entry({ name: "a" }), EOA),
    error: "tar PAX header at byte 0: record at byte 518 has no '='",
  },
  {
    title: "PAX record with an empty keyword",
    input: tar(pax(Buffer.from("5 =x\n")), entry({ name: "a" }), EOA),
    error: "tar PAX header at byte 0: record at byte 512 has an empty keyword",
  },
  {
    title: "PAX path with a NUL",
    input: tar(pax(rec("path", "a\0b")), entry({ name: "a" }), EOA),
    error: "tar PAX header at byte 0: record at byte 512 has a NUL in its path value",
  },
  {
    title: "PAX size not decimal",
    input: tar(pax(rec("size", "-1")), entry({ name: "a" }), EOA),
    error: /record at byte 512 has an invalid size/,
  },
  {
    title: "PAX global header is validated too",
    input: tar(pax(Buffer.from("x"), "g"), entry({ name: "a" }), EOA),
    error: /^tar PAX header at byte 0: record at byte 512 has a bad length/,
  },
  {
    title: "L record over maxMetaBytes: rejected at its header, before its content arrives",
    input: header({ name: "././@LongLink", type: "L", magic: "gnu", size: 101 }),
    options: { maxMetaBytes: 100 },
    error:
      "tar header at byte 0: GNU long name/link (type L) of 101 bytes exceeds the 100-byte limit",
  },
  {
    title: "huge x record rejected with the default limit (never buffered)",
    input: tar(
      entry({ name: "a" }, "a"),
      header({ name: "p", type: "x", size: 2 ** 40, base256Size: true }),
    ),
    expect: [{ name: "a", type: "file", content: "a" }],
    error:
      "tar header at byte 1024: PAX extended header (type x) of 1099511627776 bytes exceeds the 1048576-byte limit",
  },
  {
    title: "'S' without the GNU magic",
    input: tar(header({ name: "s", type: "S" }), EOA),
    error: "tar header at byte 0: GNU sparse entry (type S) without the GNU magic",
  },
  {
    title: "truncated inside content",
    input: entry({ name: "dir/a.txt" }, "x".repeat(1000)).subarray(0, 512 + 700),
    expect: [{ name: "dir/a.txt", type: "file", content: null }],
    error: "tar stream ends inside the entry dir/a.txt at byte 1212 (truncated)",
  },
  {
    title: "truncated inside a header",
    input: tar(entry({ name: "a" }, "x"), header({ name: "b" }).subarray(0, 100)),
    expect: [{ name: "a", type: "file", content: "x" }],
    error: "tar stream ends inside a header at byte 1124 (truncated)",
  },
  {
    title: "truncated inside the padding",
    input: entry({ name: "a" }, "x").subarray(0, 600),
    expect: [{ name: "a", type: "file", content: "x" }],
    error: "tar stream ends inside the padding of the entry a at byte 600 (truncated)",
  },
  {
    title: "truncated after a metadata entry",
    input: pax(rec("path", "p")),
    error:
      "tar stream ends at byte 1024, after the metadata entry (type x) at byte 0 and before the entry it describes (truncated)",
  },
  {
    title: "metadata entry followed by the end-of-archive marker",
    input: tar(gnuLong("L", "name"), EOA),
    error:
      /^tar stream ends at byte 1024, after the metadata entry \(type L\) at byte 0 .*\(truncated/,
  },
  {
    title: "truncated inside a metadata entry's content",
    input: pax(rec("path", "p".repeat(600))).subarray(0, 700),
    error: "tar stream ends inside the entry PaxHeaders/file at byte 700 (truncated)",
  },
  {
    title: "truncated inside a GNU sparse extension block",
    input: header({ name: "s", type: "S", magic: "gnu", size: 5, patch: [[482, "\x01"]] }),
    expect: [{ name: "s", type: "other", size: 5, content: null }],
    error: "tar stream ends inside a header at byte 512 (truncated)",
  },
];

for (const c of cases) {
  test(`tar: ${c.title}`, () => {
    const out = parseAll(c.input, c.options);
    if (c.error === undefined) assert.equal(out.error, null, "no error");
    else if (typeof c.error === "string") assert.equal(out.error, c.error);
    else assert.match(out.error ?? "(no error)", c.error);
    if (c.expect) {
      assert.deepEqual(
        out.seen.map((s) => s.name),
        c.expect.map((e) => e.name),
        "entry names",
      );
      c.expect.forEach((e, i) => {
        const s = out.seen[i]!;
        assert.equal(s.type, e.type, `${e.name}: type`);
        if (e.size !== undefined) assert.equal(s.size, e.size, `${e.name}: size`);
        if (e.mode !== undefined) assert.equal(s.mode, e.mode, `${e.name}: mode`);
        if (e.linkname !== undefined) assert.equal(s.linkname, e.linkname, `${e.name}: linkname`);
        if (e.content !== undefined) {
          const want = e.content === null ? null : bytes(e.content);
          assert.deepEqual(s.content, want, `${e.name}: content`);
          if (want !== null) assert.equal(s.size, want.length, `${e.name}: size`);
        }
      });
      assert.equal(out.entries, c.expect.length, "entries");
    }
    if (c.finished !== undefined) assert.equal(out.finished, c.finished, "finished");
  });
}

// ---------------------------------------------------------------------------------------------
// Properties of the push interface.

test("tar: a visitor returning null skips the content; the other entries still get theirs", () => {
  const input = tar(
    entry({ name: "a" }, "A".repeat(700)),
    entry({ name: "b" }, "B".repeat(1500)),
    entry({ name: "c" }, "C"),
    EOA,
  );
  for (const [label, split] of CHUNKINGS) {
    const out = parse(split(input), undefined, (h) => h.name !== "b");
    assert.deepEqual(
      out.seen.map((s) => [s.name, s.size, s.content?.toString()]),
      [
        ["a", 700, "A".repeat(700)],
        ["b", 1500, undefined],
        ["c", 1, "C"],
      ],
      label,
    );
    assert.equal(out.error, null, label);
  }
});

test("tar: content chunks are views of the pushed buffer, not copies", () => {
  const input = tar(entry({ name: "a" }, "v".repeat(2000)), EOA);
  const views: Buffer[] = [];
  const parser = new TarParser({
    entry: () => ({ data: (chunk) => views.push(chunk), end() {} }),
  });
  parser.push(input);
  parser.end();
  assert.equal(views.length, 1);
  assert.equal(views[0]!.buffer, input.buffer);
  assert.equal(views[0]!.byteOffset, input.byteOffset + 512);
});

test("tar: entries and finished as the stream goes", () => {
  const parser = new TarParser({ entry: () => null });
  assert.equal(parser.entries, 0);
  assert.equal(parser.finished, false);
  parser.push(tar(pax(rec("path", "p")), gnuLong("L", "q")));
  assert.equal(parser.entries, 0, "metadata entries are not counted");
  parser.push(entry({ name: "x" }, "x"));
  parser.push(entry({ name: "y" }).subarray(0, 300));
  assert.equal(parser.entries, 1, "an entry counts once its whole header is in");
  parser.push(entry({ name: "y" }).subarray(300));
  assert.equal(parser.entries, 2);
  assert.equal(parser.finished, false);
  parser.push(Buffer.alloc(512));
  assert.equal(parser.finished, true);
  parser.push(Buffer.from("after the end"));
  parser.end();
  assert.equal(parser.entries, 2);
});

test("tar: an error from the visitor kills the parser", () => {
  const boom = new Error("boom");
  const parser = new TarParser({
    entry() {
      throw boom;
    },
  });
  assert.throws(
    () => parser.push(tar(entry({ name: "a" }), EOA)),
    (e) => e === boom,
  );
  assert.throws(
    () => parser.push(EOA),
    (e) => e === boom,
  );
});

// ---------------------------------------------------------------------------------------------
// Archives written by GNU tar and Python's tarfile, checked against what Python reads back and
// what `tar -tf` lists.

const work = mkdtempSync(join(tmpdir(), "drydock-tar-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

const ENV = { ...process.env, LC_ALL: "C.UTF-8", PYTHONIOENCODING: "utf-8" };
const tree = join(work, "tree");
const deep = "deep/" + `${"d".repeat(50)}/`.repeat(5) + "f".repeat(20) + ".txt";
const mid = "mid/" + "x".repeat(60) + "/" + "y".repeat(60) + ".txt";
const longTarget = "t".repeat(150);

const files: Record<string, Buffer> = {
  "a.txt": Buffer.from("hello tar\n"),
  empty: Buffer.alloc(0),
  exact512: Buffer.alloc(512, 0x35),
  over513: Buffer.alloc(513, 0x36),
  "naïve-☃.txt": Buffer.from("unicode\n"),
  [mid]: Buffer.from("over 100 bytes of path\n"),
  [deep]: Buffer.from("over 255 bytes of path\n"),
  "big.bin": Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) & 0xff)),
};

mkdirSync(tree);
for (const [name, data] of Object.entries(files)) {
  mkdirSync(join(tree, name, ".."), { recursive: true });
  writeFileSync(join(tree, name), data);
}
mkdirSync(join(tree, "sub"));
linkSync(join(tree, "a.txt"), join(tree, "hard"));
symlinkSync("a.txt", join(tree, "short-link"));
symlinkSync(longTarget, join(tree, "long-link"));
execFileSync("mkfifo", [join(tree, "pipe")]);

const USTAR_MEMBERS = [
  "a.txt",
  "empty",
  "exact512",
  "over513",
  "naïve-☃.txt",
  mid,
  "big.bin",
].concat(["sub", "hard", "short-link", "pipe"]);
const ALL_MEMBERS = [...USTAR_MEMBERS, deep, "long-link"];

const PY_LIST = `
import json, sys, tarfile
out = []
with tarfile.open(sys.argv[1]) as t:
    for m in t:
        out.append({"name": m.name, "type": m.type.decode("latin1"), "size": m.size, "linkname": m.linkname})
print(json.dumps(out))
`;

const PY_WRITE = `
import json, os, sys, tarfile
fmt = {"pax": tarfile.PAX_FORMAT, "gnu": tarfile.GNU_FORMAT, "ustar": tarfile.USTAR_FORMAT}[sys.argv[1]]
extra = {"pax_headers": {"comment": "a global header"}} if sys.argv[1] == "pax" else {}
with tarfile.open(sys.argv[2], "w", format=fmt, **extra) as t:
    for name in json.loads(sys.argv[4]):
        t.add(os.path.join(sys.argv[3], name), arcname=name, recursive=False)
`;

import { seeded } from "../../test/helpers/seeded.ts";

const PY_TYPES: Record<string, TarEntryType> = {
  "0": "file",
  "\0": "file",
  "1": "link",
  "2": "symlink",
  "3": "character-device",
  "4": "block-device",
  "5": "directory",
  "6": "fifo",
  "7": "contiguous-file",
};

interface PyMember {
  name: string;
  type: string;
  size: number;
  linkname: string;
}

function pythonList(path: string): PyMember[] {
  return JSON.parse(execFileSync("python3", ["-c", PY_LIST, path], { env: ENV, encoding: "utf8" }));
}

function tarList(path: string): string[] {
  const out = execFileSync("tar", ["--quoting-style=literal", "-tf", path], { env: ENV });
  return out.toString("utf8").split("\n").slice(0, -1);
}

function gnuTar(format: string, members: string[], extra: string[] = []): Buffer {
  const path = join(work, `gnu-${format}-${members.length}-${extra.join("")}.tar`);
  execFileSync("tar", [`--format=${format}`, ...extra, "-cf", path, "-C", tree, ...members], {
    env: ENV,
  });
  return readFileSync(path);
}

function pythonTar(format: string, members: string[]): Buffer {
  const path = join(work, `py-${format}.tar`);
  execFileSync("python3", ["-c", PY_WRITE, format, path, tree, JSON.stringify(members)], {
    env: ENV,
  });
  return readFileSync(path);
}

/** Parses a real archive and checks it against Python's reading, `tar -tf` and the files. */
function checkReal(archive: Buffer, members: string[]): Outcome {
  const path = join(work, "check.tar");
  writeFileSync(path, archive);
  const out = parseAll(archive);
  assert.equal(out.error, null);
  assert.equal(out.finished, true);
  assert.deepEqual(
    out.seen.map((s) => s.name),
    tarList(path),
    "names as tar -tf lists them",
  );
  const py = pythonList(path);
  assert.deepEqual(
    out.seen.map((s) => ({
      // Python drops trailing slashes from directory names.
      name: s.type === "directory" ? s.name.replace(/\/+$/, "") : s.name,
      type: s.type,
      size: s.size,
      linkname: s.linkname,
    })),
    py.map((m) => ({
      name: m.name,
      type: PY_TYPES[m.type] ?? "other",
      size: m.size,
      linkname: m.linkname === "" ? null : m.linkname,
    })),
    "entries as Python's tarfile reads them",
  );
  assert.deepEqual(
    out.seen.map((s) => s.name.replace(/\/+$/, "")),
    members,
    "every member, in order",
  );
  for (const s of out.seen) {
    if (s.type !== "file") continue;
    const want = readFileSync(join(tree, s.name));
    assert.deepEqual(s.content, want, `content of ${s.name}`);
  }
  const byName = new Map(out.seen.map((s) => [s.name.replace(/\/+$/, ""), s]));
  assert.equal(byName.get("hard")?.type, "link");
  assert.equal(byName.get("hard")?.linkname, "a.txt");
  assert.equal(byName.get("short-link")?.linkname, "a.txt");
  assert.equal(byName.get("pipe")?.type, "fifo");
  assert.equal(byName.get("sub")?.type, "directory");
  if (members.includes("long-link")) assert.equal(byName.get("long-link")?.linkname, longTarget);
  return out;
}

for (const format of ["ustar", "gnu", "pax"]) {
  const members = format === "ustar" ? USTAR_MEMBERS : ALL_MEMBERS;
  test(`tar: GNU tar --format=${format} archive read like tar and Python read it`, () => {
    checkReal(gnuTar(format, members), members);
  });
  test(`tar: Python tarfile ${format} archive read like tar and Python read it`, () => {
    checkReal(pythonTar(format, members), members);
  });
}

test("tar: GNU sparse archives (old 'S' with extension blocks, pax 1.0) keep the stream in step", () => {
  const sparse = join(tree, "..", "sparse-src");
  mkdirSync(sparse, { recursive: true });
  // 30 data segments: more than the 4 the 'S' header holds, so extension blocks follow it.
  const data = Buffer.alloc(700_000);
  const fd = openSync(join(sparse, "sp"), "w");
  for (let i = 0; i < 30; i++) {
    const segment = Buffer.alloc(100, 0x61 + (i % 26));
    segment.copy(data, i * 20_000);
    writeSync(fd, segment, 0, segment.length, i * 20_000);
  }
  ftruncateSync(fd, data.length);
  closeSync(fd);
  writeFileSync(join(sparse, "after.txt"), "after the sparse file\n");
  for (const format of ["gnu", "pax"]) {
    const path = join(work, `sparse-${format}.tar`);
    execFileSync(
      "tar",
      [
        `--format=${format}`,
        "--sparse",
        "--hole-detection=raw",
        "-cf",
        path,
        "-C",
        sparse,
        "sp",
        "after.txt",
      ],
      { env: ENV },
    );
    const archive = readFileSync(path);
    const out = parseAll(archive);
    assert.equal(out.error, null, format);
    assert.deepEqual(
      out.seen.map((s) => [s.name, s.type]),
      [
        ["sp", "other"],
        ["after.txt", "file"],
      ],
      format,
    );
    assert.deepEqual(
      out.seen.map((s) => s.name),
      tarList(path),
      format,
    );
    assert.ok(out.seen[0]!.size < data.length, `${format}: the stored size, not the real one`);
    assert.equal(out.seen[1]!.content?.toString(), "after the sparse file\n", format);
  }
});

test("tar: header-only types with a size read as Go and Python read them", () => {
  const input = tar(
    header({ name: "sym", type: "2", linkname: "t", size: symlinkHiding.length }),
    symlinkHiding,
    header({ name: "old/", type: "\0", size: symlinkHiding.length }),
    symlinkHiding,
    header({ name: "hard", type: "1", linkname: "sym", size: symlinkHiding.length }),
    symlinkHiding,
    EOA,
  );
  const path = join(work, "hiding.tar");
  writeFileSync(path, input);
  const out = parseAll(input);
  assert.deepEqual(
    // Python drops trailing slashes from directory names.
    out.seen.map((s) => s.name.replace(/\/+$/, "")),
    pythonList(path).map((m) => m.name),
  );
  assert.equal(out.seen.length, 6);
});

test("entry names become absolute paths inside the image; a name that climbs out is null", () => {
  const cases: [string, string | null][] = [
    ["etc/passwd", "/etc/passwd"],
    ["./app/.env", "/app/.env"],
    ["/usr//lib/./x", "/usr/lib/x"],
    ["a/b/../c", "/a/c"],
    ["./", "/"],
    ["../etc/passwd", null],
    ["a/../../etc/passwd", null],
  ];
  for (const [name, want] of cases) assert.equal(normalizeEntryPath(name), want, name);
});
