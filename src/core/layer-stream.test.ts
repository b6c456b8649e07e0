import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { inflateLayer, LayerStreamError, sniffCompression } from "./layer-stream.ts";

/** Half random, half repetitive: gzip and zstd both have work to do, and it spans many chunks. */
const original = Buffer.concat([randomBytes(3_000_000), Buffer.alloc(9_000_000, "layer ")]);
const zstd = (b: Buffer) => execFileSync("zstd", ["-q", "-c"], { input: b, maxBuffer: 1 << 30 });

/** A readable delivering `bytes` in chunks of `size` (as a file or a socket would). */
function source(bytes: Buffer, size = 64 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks, { objectMode: false });
}

/** The gzip modes: node's gunzip (CRC-32 checked), and core/gzip.ts (the caller checks). */
const CRC_MODES = [true, false];

async function inflate(bytes: Buffer, size?: number, gzipCrc = true): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of inflateLayer(source(bytes, size), undefined, { gzipCrc }))
    out.push(Buffer.from(c));
  return Buffer.concat(out);
}

test("compression is told by the first bytes, whatever the media type says", () => {
  const cases: [Uint8Array, string][] = [
    [Buffer.from([0x1f, 0x8b, 8, 0]), "gzip"],
    [Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), "zstd"],
    [Buffer.from("ustar"), "none"],
    [Buffer.alloc(0), "none"],
    [Buffer.from([0x1f]), "none"],
  ];
  for (const [head, want] of cases) assert.equal(sniffCompression(head), want);
});

test("gzip, zstd and plain layers inflate to the same bytes, in any input chunking", async () => {
  const forms: [string, (b: Buffer) => Buffer][] = [
    ["gzip", (b) => gzipSync(b)],
    ["zstd", zstd],
    ["none", (b) => b],
  ];
  for (const [name, compress] of forms) {
    for (const crc of CRC_MODES) {
      // The magic split over 1- and 3-byte chunks; then big inputs over many chunks.
      for (const size of [1, 3])
        assert.equal(
          (await inflate(compress(Buffer.from("abc")), size, crc)).toString(),
          "abc",
          name,
        );
      const bytes = compress(original);
      for (const size of [4096, 1 << 20])
        assert.ok(
          (await inflate(bytes, size, crc)).equals(original),
          `${name} in ${size}-byte chunks, gzipCrc ${crc}`,
        );
    }
  }
});

test("an empty layer inflates to nothing", async () => {
  assert.equal((await inflate(Buffer.alloc(0))).length, 0);
});

test("a truncated gzip stream is an error, after the bytes that were whole", async () => {
  const gz = gzipSync(original);
  for (const crc of CRC_MODES)
    await assert.rejects(
      inflate(gz.subarray(0, gz.length - 5000), undefined, crc),
      /unexpected end|truncated/i,
    );
});

test("without the CRC, gzip's own errors are named like the others'", async () => {
  const gz = Buffer.from(gzipSync(original));
  await assert.rejects(
    inflate(Buffer.concat([gz, Buffer.from("garbage")]), undefined, false),
    (err: Error) =>
      err instanceof LayerStreamError &&
      err.message === "corrupt gzip data: incorrect header check",
  );
  await assert.rejects(
    inflate(gz.subarray(0, gz.length - 4), undefined, false),
    (err: Error) =>
      err instanceof LayerStreamError &&
      err.message === "truncated gzip data: unexpected end of file",
  );
  // A byte changed inside stored (incompressible) data: only a checksum sees it. With the CRC
  // off, the bytes come out as they are, and the caller's digest is what refuses them.
  gz[5000]! ^= 0xff;
  await assert.rejects(inflate(gz), /incorrect data check/);
  const out = await inflate(gz, undefined, false);
  assert.equal(out.length, original.length);
  assert.ok(!out.equals(original));
});

test("corrupt gzip and zstd data are errors naming the format", async () => {
  const gz = Buffer.from(gzipSync(original));
  gz.fill(0x55, 5000, 6000);
  await assert.rejects(inflate(gz), (err: NodeJS.ErrnoException) => err.code === "Z_DATA_ERROR");
  // fzstd does not check zstd's content checksum (the layer's diff_id does, in the scanner):
  // a broken frame header is what it must refuse.
  const zs = Buffer.from(zstd(original));
  zs.fill(0xff, 4, 12);
  await assert.rejects(
    inflate(zs),
    (err: Error) => err instanceof LayerStreamError && /zstd/.test(err.message),
  );
});

test("a consumer that stops early destroys the source", async () => {
  for (const gzipCrc of CRC_MODES) {
    const src = source(gzipSync(original));
    for await (const _ of inflateLayer(src, undefined, { gzipCrc })) break;
    assert.equal(src.destroyed, true);
  }
});

test("progress sees every compressed byte", async () => {
  const gz = gzipSync(original);
  let seen = 0;
  for await (const _ of inflateLayer(source(gz), (n) => {
    seen += n;
  })) {
    // consume
  }
  assert.equal(seen, gz.length);
});
