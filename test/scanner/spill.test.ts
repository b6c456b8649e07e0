import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { READERS } from "../../src/scanner/catalog/api.ts";
import { openTarget } from "../../src/scanner/image/open.ts";
import { SPILL_BYTES } from "../../src/scanner/image/spill.ts";
import { scanImage } from "../../src/scanner/inventory.ts";
import { buildLayer, writeLayout } from "../fixtures/image-builder.ts";
import { repoRoot } from "../helpers/process.ts";

/**
 * Executables too big to hold in memory go to the scan's cache folder while they stream by,
 * and the binary readers read a sparse copy. The input is a real Go binary from this project's
 * node_modules: TypeScript's native compiler (a 20+ MB Go executable with build info).
 */
const GO_BINARY = join(repoRoot, "node_modules/@typescript/typescript-linux-x64/lib/tsc");

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-spill-"));
});
after(async () => rm(dir, { recursive: true, force: true }));

async function scan(ref: string, spillDir?: string) {
  const target = await openTarget(ref, { credentials: null });
  if (target.kind !== "image") throw new Error("not an image");
  try {
    return await scanImage(target.source, {
      readers: READERS,
      platform: { os: "linux", architecture: "amd64" },
      version: "test",
      now: new Date(0),
      ...(spillDir ? { spillDir } : {}),
    });
  } finally {
    await target.source.close();
  }
}

test("a big Go binary read from the cache folder gives the same packages as one held in memory", async () => {
  const binary = readFileSync(GO_BINARY);
  assert.ok(binary.length > SPILL_BYTES, "the sample is big enough to be spilled");
  const layer = await buildLayer([
    { path: "/usr/local/bin/tsgo", content: binary, mode: 0o755 },
    { path: "/usr/local/bin/small", content: binary.subarray(0, 4096) },
  ]);
  const { ref } = await writeLayout(join(dir, "img"), "t", [layer]);
  const spillDir = join(dir, "spill");
  const spilled = await scan(ref, spillDir);
  const inMemory = await scan(ref);
  const go = spilled.packages.filter((p) => p.path.startsWith("/usr/local/bin/tsgo"));
  assert.ok(
    go.some((p) => p.name === "stdlib"),
    "the Go toolchain is reported",
  );
  assert.ok(go.length > 3, "the build info's modules are reported");
  assert.deepEqual(spilled.packages, inMemory.packages);
  // The truncated copy is a problem in both ways of reading it, the same problem.
  assert.deepEqual(spilled.problems, inMemory.problems);
  assert.ok(existsSync(spillDir), "the binary went through the spill folder");
  assert.deepEqual(readdirSync(spillDir), [], "and nothing is left there");
});

test("a layer cut off inside a spilled binary leaves no file behind", async () => {
  const binary = readFileSync(GO_BINARY);
  const layer = await buildLayer([{ path: "/bin/tsgo", content: binary }], "none");
  const cut = layer.blob.subarray(0, 512 + Math.floor(binary.length / 2));
  const { createHash } = await import("node:crypto");
  const { ref } = await writeLayout(join(dir, "cut"), "t", [
    {
      ...layer,
      blob: cut,
      digest: `sha256:${createHash("sha256").update(cut).digest("hex")}`,
    },
  ]);
  const spillDir = join(dir, "spill-cut");
  const r = await scan(ref, spillDir);
  assert.equal(r.partial, true);
  assert.match(r.problems.map((p) => p.reason).join("\n"), /truncated/);
  assert.deepEqual(readdirSync(spillDir), []);
});

test("spill files left by a scan that died are removed by the next one; recent ones are not", async () => {
  const { mkdirSync, utimesSync, writeFileSync } = await import("node:fs");
  const spillDir = join(dir, "spill-stale");
  mkdirSync(spillDir, { recursive: true });
  writeFileSync(join(spillDir, "spill-dead"), "x");
  writeFileSync(join(spillDir, "spill-running"), "x");
  writeFileSync(join(spillDir, "not-ours"), "x");
  const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
  utimesSync(join(spillDir, "spill-dead"), twoHoursAgo, twoHoursAgo);
  utimesSync(join(spillDir, "not-ours"), twoHoursAgo, twoHoursAgo);
  const layer = await buildLayer([{ path: "/bin/tsgo", content: readFileSync(GO_BINARY) }]);
  const { ref } = await writeLayout(join(dir, "stale"), "t", [layer]);
  await scan(ref, spillDir);
  assert.deepEqual(readdirSync(spillDir).sort(), ["not-ours", "spill-running"]);
});

test("when the spill folder cannot be made, a big binary is read from memory instead", async () => {
  const { writeFileSync } = await import("node:fs");
  // A file where the folder should be: mkdir fails (as on a read-only or full cache disk).
  const blocked = join(dir, "blocked");
  writeFileSync(blocked, "not a folder");
  const layer = await buildLayer([{ path: "/bin/tsgo", content: readFileSync(GO_BINARY) }]);
  const { ref } = await writeLayout(join(dir, "blocked-img"), "t", [layer]);
  const r = await scan(ref, blocked);
  assert.deepEqual(r.problems, []);
  assert.ok(r.packages.some((p) => p.path === "/bin/tsgo" && p.name === "stdlib"));
  assert.deepEqual(r.packages, (await scan(ref)).packages);
});

/**
 * A made ELF64 file laid out like a linker would: the ELF header and program headers, then the
 * segments in file order, the section names, and the section table at the end. Each section is
 * filled with its own byte, so what comes back shows where it came from.
 */
function makeElf(opts: {
  segments: { flags: number; offset: number; size: number }[];
  sections: { name: string; flags: number; offset: number; size: number; fill: number }[];
}): Buffer {
  const names = Buffer.from(`\0${opts.sections.map((s) => `${s.name}\0`).join("")}.shstrtab\0`);
  const dataEnd = Math.max(...opts.segments.map((p) => p.offset + p.size));
  const namesAt = dataEnd;
  const shoff = namesAt + names.length;
  const shnum = opts.sections.length + 2; // the null section, ours, .shstrtab
  const elf = Buffer.alloc(shoff + shnum * 64);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  elf.writeUInt16LE(2, 16);
  elf.writeUInt16LE(62, 18);
  elf.writeUInt32LE(1, 20);
  elf.writeBigUInt64LE(64n, 32); // e_phoff
  elf.writeBigUInt64LE(BigInt(shoff), 40);
  elf.writeUInt16LE(64, 52);
  elf.writeUInt16LE(56, 54);
  elf.writeUInt16LE(opts.segments.length, 56);
  elf.writeUInt16LE(64, 58);
  elf.writeUInt16LE(shnum, 60);
  elf.writeUInt16LE(shnum - 1, 62);
  opts.segments.forEach((p, i) => {
    const o = 64 + i * 56;
    elf.writeUInt32LE(1, o); // PT_LOAD
    elf.writeUInt32LE(p.flags, o + 4);
    elf.writeBigUInt64LE(BigInt(p.offset), o + 8);
    elf.writeBigUInt64LE(BigInt(0x400000 + p.offset), o + 16);
    elf.writeBigUInt64LE(BigInt(p.size), o + 32);
    elf.writeBigUInt64LE(BigInt(p.size), o + 40);
  });
  names.copy(elf, namesAt);
  let nameAt = 1;
  const table = [
    ...opts.sections.map((s) => ({ ...s, type: 1 })),
    { name: ".shstrtab", flags: 0, offset: namesAt, size: names.length, fill: -1, type: 3 },
  ];
  table.forEach((s, i) => {
    if (s.fill >= 0) elf.fill(s.fill, s.offset, s.offset + s.size);
    const o = shoff + (i + 1) * 64;
    elf.writeUInt32LE(nameAt, o);
    nameAt += s.name.length + 1;
    elf.writeUInt32LE(s.type, o + 4);
    elf.writeBigUInt64LE(BigInt(s.flags), o + 8);
    elf.writeBigUInt64LE(BigInt(0x400000 + s.offset), o + 16);
    elf.writeBigUInt64LE(BigInt(s.offset), o + 24);
    elf.writeBigUInt64LE(BigInt(s.size), o + 32);
  });
  return elf;
}

const R = 4;
const RX = 5;
const RW = 6;
const A = 2;
const AX = 6;
const WA = 3;
const MiB = 1024 * 1024;

/** Streams `elf` through a spill in 256 KiB chunks; returns the loaded copy and the disk use. */
async function spill(elf: Buffer, where: string) {
  const { SpilledFile } = await import("../../src/scanner/image/spill.ts");
  const { statSync } = await import("node:fs");
  const file = new SpilledFile(where, elf.length);
  for (let at = 0; at < elf.length; at += 256 * 1024) file.write(elf.subarray(at, at + 256 * 1024));
  await file.drained();
  const [name] = readdirSync(where).filter((n) => n.startsWith("spill-"));
  const onDisk = statSync(join(where, name!)).blocks * 512;
  const loaded = await file.finish().then(
    (b) => b,
    (err: Error) => err,
  );
  return { loaded, onDisk };
}

test("code is not written to the spill file when read-only data has a segment of its own", async () => {
  // GNU ld's separate-code layout: R (headers, .rodata), R+X (.text), RW (.data).
  const elf = makeElf({
    segments: [
      { flags: R, offset: 0, size: 0x3000 },
      { flags: RX, offset: 0x3000, size: 6 * MiB },
      { flags: RW, offset: 0x3000 + 6 * MiB, size: 0x2000 },
    ],
    sections: [
      { name: ".rodata", flags: A, offset: 0x1000, size: 0x2000, fill: 0x11 },
      { name: ".text", flags: AX, offset: 0x3000, size: 6 * MiB, fill: 0xcc },
      { name: ".data", flags: WA, offset: 0x3000 + 6 * MiB, size: 0x2000, fill: 0x22 },
    ],
  });
  const { loaded, onDisk } = await spill(elf, join(dir, "holes"));
  assert.ok(Buffer.isBuffer(loaded), String(loaded));
  assert.ok(onDisk < 2 * MiB, `the code past the first MiB is a hole (${onDisk} bytes on disk)`);
  assert.equal(loaded[0x1000], 0x11, ".rodata is there");
  assert.equal(loaded[0x3000 + 6 * MiB + 5], 0x22, ".data is there");
  assert.equal(loaded[0x3000 + 3 * MiB], 0, "code is never loaded");
  assert.deepEqual(readdirSync(join(dir, "holes")), []);
});

test("with read-only data inside the code segment, everything is written", async () => {
  // The old layout (-z noseparate-code): R+X from the start holds .rodata too, then RW.
  const elf = makeElf({
    segments: [
      { flags: RX, offset: 0, size: 4 * MiB },
      { flags: RW, offset: 4 * MiB, size: 0x2000 },
    ],
    sections: [
      { name: ".text", flags: AX, offset: 0x1000, size: 2 * MiB, fill: 0xcc },
      { name: ".rodata", flags: A, offset: 3 * MiB, size: 0x2000, fill: 0x11 },
      { name: ".data", flags: WA, offset: 4 * MiB, size: 0x2000, fill: 0x22 },
    ],
  });
  const { loaded, onDisk } = await spill(elf, join(dir, "no-holes"));
  assert.ok(Buffer.isBuffer(loaded), String(loaded));
  assert.ok(onDisk >= 4 * MiB, "no hole");
  assert.equal(loaded[3 * MiB + 7], 0x11, ".rodata inside the code segment is loaded");
});

test("a data section inside a code segment that was left out fails loudly, not as zeros", async () => {
  const elf = makeElf({
    segments: [
      { flags: R, offset: 0, size: 0x3000 },
      { flags: RX, offset: 0x3000, size: 4 * MiB },
      { flags: RW, offset: 0x3000 + 4 * MiB, size: 0x1000 },
    ],
    sections: [
      { name: ".text", flags: AX, offset: 0x3000, size: 2 * MiB, fill: 0xcc },
      { name: ".odd", flags: A, offset: 3 * MiB, size: 0x1000, fill: 0x33 },
    ],
  });
  const { loaded } = await spill(elf, join(dir, "odd"));
  assert.ok(loaded instanceof Error);
  assert.match(loaded.message, /section \.odd lies in a code segment/);
});

test("when the program headers cannot be read up front, everything is written", async () => {
  const elf = makeElf({
    segments: [
      { flags: R, offset: 0, size: 0x3000 },
      { flags: RX, offset: 0x3000, size: 4 * MiB },
      { flags: RW, offset: 0x3000 + 4 * MiB, size: 0x1000 },
    ],
    sections: [{ name: ".rodata", flags: A, offset: 0x1000, size: 0x1000, fill: 0x11 }],
  });
  // The table starts beyond the first 64 KiB that are searched for it.
  elf.writeBigUInt64LE(128n * 1024n, 32);
  const { loaded, onDisk } = await spill(elf, join(dir, "far-table"));
  assert.ok(Buffer.isBuffer(loaded), String(loaded));
  assert.ok(onDisk >= 4 * MiB, `no hole (${onDisk} bytes on disk)`);
  assert.equal(loaded[0x1000], 0x11);
});
