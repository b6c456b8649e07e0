import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { crc32, gunzipSync, gzipSync } from "node:zlib";
import { GzipError, gunzipMembers, gzipHeaderLength } from "./gzip.ts";

/**
 * gzip without its CRC (RFC 1952): every other promise of the format, checked against node's
 * own gunzip on the same bytes, whatever the chunking of the input.
 */
const data = Buffer.concat([randomBytes(200_000), Buffer.alloc(800_000, "gzip ")]);

/** A member with header fields set: FEXTRA, FNAME, FCOMMENT, FHCRC as asked. */
function member(
  body: Buffer,
  fields: { extra?: Buffer; name?: string; comment?: string; hcrc?: boolean } = {},
): Buffer {
  const plain = gzipSync(body);
  const deflated = plain.subarray(10);
  let flags = 0;
  const parts: Buffer[] = [];
  if (fields.extra) {
    flags |= 4;
    const len = Buffer.alloc(2);
    len.writeUInt16LE(fields.extra.length);
    parts.push(len, fields.extra);
  }
  if (fields.name !== undefined) {
    flags |= 8;
    parts.push(Buffer.from(`${fields.name}\0`, "latin1"));
  }
  if (fields.comment !== undefined) {
    flags |= 16;
    parts.push(Buffer.from(`${fields.comment}\0`, "latin1"));
  }
  const head = Buffer.from(plain.subarray(0, 10));
  head[3] = flags | (fields.hcrc ? 2 : 0);
  if (fields.hcrc) {
    // The low 16 bits of the CRC-32 of the header so far: node checks it; we skip it.
    const crc = Buffer.alloc(2);
    crc.writeUInt16LE(crc32(Buffer.concat([head, ...parts])) & 0xffff);
    parts.push(crc);
  }
  return Buffer.concat([head, ...parts, deflated]);
}

async function gunzip(bytes: Buffer, size = 64 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  async function* input() {
    yield* chunks;
  }
  const out: Buffer[] = [];
  for await (const c of gunzipMembers(input(), 256 * 1024)) out.push(Buffer.from(c));
  return Buffer.concat(out);
}

describe("gzip without CRC: what node's gunzip reads, we read", () => {
  const small = Buffer.from("small");
  const cases: [string, Buffer, Buffer][] = [
    ["one member", gzipSync(data), data],
    ["an empty member", gzipSync(Buffer.alloc(0)), Buffer.alloc(0)],
    ["FEXTRA", member(small, { extra: Buffer.from("xtra-field") }), small],
    ["FNAME", member(small, { name: "layer.tar" }), small],
    ["FCOMMENT and FNAME", member(small, { name: "a", comment: "made by hand" }), small],
    ["FHCRC", member(small, { hcrc: true }), small],
    ["the longest extra field (64 KiB)", member(small, { extra: Buffer.alloc(65_535, 7) }), small],
    [
      "all fields",
      member(data, { extra: Buffer.alloc(300, 1), name: "n", comment: "c", hcrc: true }),
      data,
    ],
    ["two members", Buffer.concat([gzipSync(data), gzipSync(small)]), Buffer.concat([data, small])],
    ["zero padding after the member", Buffer.concat([gzipSync(small), Buffer.alloc(1024)]), small],
  ];
  for (const [name, gz, want] of cases) {
    it(name, async () => {
      assert.ok(gunzipSync(gz).equals(want), "node agrees");
      // Byte by byte through the header and trailer, then in larger pieces.
      for (const size of gz.length < 5000 ? [1, 3, 7, 64 * 1024] : [4096, 1 << 20])
        assert.ok((await gunzip(gz, size)).equals(want), `${size}-byte chunks`);
    });
  }

  it("a wrong CRC-32 is not looked at (the caller checks the bytes); node would refuse it", async () => {
    const gz = Buffer.from(gzipSync(data));
    gz[gz.length - 8]! ^= 1;
    assert.throws(() => gunzipSync(gz), /incorrect data check/);
    assert.ok((await gunzip(gz)).equals(data));
  });
});

describe("gzip without CRC: broken input is an error", () => {
  const gz = gzipSync(data);
  /** A copy of `gz` with `bytes` written at `at` (from the end when negative). */
  const bad = (at: number, ...bytes: number[]) => {
    const b = Buffer.from(gz);
    for (const [i, v] of bytes.entries()) b[(at < 0 ? b.length + at : at) + i] = v;
    return b;
  };
  const cases: [string, Buffer, RegExp, string?][] = [
    ["not gzip", Buffer.from("plain text, not gzip"), /incorrect header check/],
    ["method other than deflate", bad(2, 7), /unknown compression method 7/],
    ["reserved flags", bad(3, 0x20), /reserved header flags/],
    ["a header cut short", gz.subarray(0, 6), /unexpected end of file/],
    [
      "deflate data cut short",
      gz.subarray(0, gz.length - 5000),
      /unexpected end of file/,
      "Z_BUF_ERROR",
    ],
    ["no trailer", gz.subarray(0, gz.length - 8), /unexpected end of file/],
    ["half a trailer", gz.subarray(0, gz.length - 3), /unexpected end of file/],
    ["a wrong length in the trailer", bad(-1, gz[gz.length - 1]! ^ 1), /incorrect length check/],
    // The first block's header (deflate's own structure; a byte inside stored data only the CRC,
    // or the caller's digest, would catch).
    ["corrupt deflate data", bad(11, 0, 0, 0), /invalid stored block lengths/, "Z_DATA_ERROR"],
    [
      "garbage after the member",
      Buffer.concat([gz, Buffer.from("garbage")]),
      /incorrect header check/,
    ],
    [
      "a file name that never ends (1 MiB bound)",
      Buffer.concat([
        Buffer.from([0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3]),
        Buffer.alloc(1_100_000, 0x41),
      ]),
      /header longer than 1048576 bytes/,
    ],
  ];
  for (const [name, input, message, code] of cases) {
    it(name, async () => {
      assert.throws(() => gunzipSync(input), "node refuses it too");
      await assert.rejects(gunzip(input, 4096), (err: NodeJS.ErrnoException) => {
        assert.match(err.message, message);
        if (code) assert.equal(err.code, code);
        else assert.ok(err instanceof GzipError, err.message);
        return true;
      });
    });
  }
});

describe("gzip header lengths", () => {
  it("0 until the header is whole, then its length", () => {
    const gz = member(Buffer.from("x"), {
      extra: Buffer.from("ab"),
      name: "nm",
      comment: "c",
      hcrc: true,
    });
    const length = 10 + 2 + 2 + 3 + 2 + 2;
    for (let n = 0; n < length; n++)
      assert.equal(gzipHeaderLength(gz.subarray(0, n)), 0, `${n} bytes`);
    assert.equal(gzipHeaderLength(gz), length);
  });
});
