import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { gzipSync } from "node:zlib";
import { layerCache } from "../../src/app/scan-cache.ts";
import { READERS } from "../../src/scanner/catalog/api.ts";
import type { CatalogReader, ImageFile, ReadResult } from "../../src/scanner/catalog/types.ts";
import { openTarget } from "../../src/scanner/image/open.ts";
import { type ScanProgress, scanImage } from "../../src/scanner/inventory.ts";
import {
  type BuiltLayer,
  buildLayer,
  writeDockerArchive,
  writeLayout,
} from "../fixtures/image-builder.ts";

/**
 * The layer machinery (image spec layer.md): streaming, compression, whiteouts, limits.
 * The reader here is part of the test's input, not a stand-in for a real one: it asks for
 * every file under /data/ and reports each as a package named after its path, so the
 * assertions see exactly which final files the scanner delivered, from which layer.
 */
const pathsReader: CatalogReader = {
  meta: {
    id: "paths",
    title: "files under /data",
    docsUrl: "",
    kind: "language",
    sources: ["image", "dir"],
  },
  maxFileBytes: 1024 * 1024,
  wants: (path) => path.startsWith("/data/"),
  read(files: ImageFile[]): ReadResult {
    return {
      packages: files.map((f) => ({
        type: "npm",
        name: f.path,
        version: f.content.toString("utf8"),
        purl: `pkg:npm/x@${f.content.length}`,
        path: f.path,
      })),
      problems: [],
    };
  },
};

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-layers-"));
});
after(async () => rm(dir, { recursive: true, force: true }));

let n = 0;
interface ScanOpts {
  wrongDiffId?: number;
  maxLayerBytes?: number;
  archive?: boolean;
  cacheDir?: string;
  progress?: ScanProgress;
  readers?: CatalogReader[];
  concurrency?: number;
}

async function scan(layers: BuiltLayer[], opts: ScanOpts = {}) {
  const where = join(dir, `img-${++n}`);
  const { ref } = opts.archive
    ? await writeDockerArchive(`${where}.tar`, layers, opts)
    : await writeLayout(where, "t", layers, opts);
  return scanRef(ref, opts);
}

async function scanRef(ref: string, opts: ScanOpts = {}) {
  const target = await openTarget(ref, { credentials: null });
  assert.equal(target.kind, "image");
  if (target.kind !== "image") throw new Error("unreachable");
  try {
    return await scanImage(target.source, {
      readers: opts.readers ?? [pathsReader],
      platform: { os: "linux", architecture: "amd64" },
      version: "test",
      now: new Date(0),
      limits: { maxLayerBytes: opts.maxLayerBytes ?? 1 << 30, maxEntries: 1_000_000 },
      ...(opts.cacheDir ? { cache: layerCache(opts.cacheDir) } : {}),
      ...(opts.progress ? { progress: opts.progress } : {}),
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    });
  } finally {
    await target.source.close();
  }
}

/** Final files as the scanner delivered them: package path -> content. */
const files = (r: Awaited<ReturnType<typeof scan>>) =>
  Object.fromEntries(r.packages.map((p) => [p.path, p.version]));

test("upper layers replace files; whiteouts delete from lower layers only", async () => {
  const l1 = await buildLayer([
    { path: "/data/a", content: "a1" },
    { path: "/data/b", content: "b1" },
    { path: "/data/dir/x", content: "x1" },
    { path: "/data/dir/y", content: "y1" },
  ]);
  const l2 = await buildLayer([
    { path: "/data/a", content: "a2" },
    { path: "/data/b", type: "whiteout" },
    { path: "/data/dir", type: "whiteout" },
    // A whiteout and a file of the same name in one layer: the file stays (the whiteout applies below).
    { path: "/data/c", content: "c2" },
    { path: "/data/c", type: "whiteout" },
  ]);
  const r = await scan([l1, l2]);
  assert.deepEqual(files(r), { "/data/a": "a2", "/data/c": "c2" });
  assert.equal(r.packages.find((p) => p.name === "/data/a")?.layer, l2.diffId);
  assert.equal(r.partial, false);
});

test("an opaque directory hides what lower layers put there, not what its own layer adds", async () => {
  const l1 = await buildLayer([
    { path: "/data/d/old", content: "old" },
    { path: "/data/keep", content: "k" },
  ]);
  const l2 = await buildLayer([
    { path: "/data/d/new", content: "new" },
    { path: "/data/d", type: "opaque" },
  ]);
  assert.deepEqual(files(await scan([l1, l2])), { "/data/d/new": "new", "/data/keep": "k" });
});

test("a file in an upper layer replaces a lower directory of that name", async () => {
  const l1 = await buildLayer([{ path: "/data/thing/inner", content: "i" }]);
  const l2 = await buildLayer([{ path: "/data/thing", content: "now a file" }]);
  assert.deepEqual(files(await scan([l1, l2])), { "/data/thing": "now a file" });
});

test("an image's lockfiles and requirements files are not read as installed packages", async () => {
  // Lockfile readers are for `scan dir`; in an image only what is installed counts.
  const layer = await buildLayer([
    {
      path: "/app/node_modules/left-pad/package.json",
      content: JSON.stringify({ name: "left-pad", version: "1.3.0" }),
    },
    {
      path: "/app/package-lock.json",
      content: JSON.stringify({
        name: "app",
        lockfileVersion: 3,
        packages: { "": { name: "app" }, "node_modules/qs": { version: "6.5.2" } },
      }),
    },
    { path: "/app/requirements.txt", content: "flask==2.0.0\n.\n" },
    { path: "/app/go.mod", content: "module x\n\ngo 1.22\n\nrequire golang.org/x/net v0.1.0\n" },
  ]);
  const report = await scan([layer], { readers: [...READERS] });
  assert.deepEqual(
    report.packages.map((p) => p.purl),
    ["pkg:npm/left-pad@1.3.0"],
  );
  assert.deepEqual(report.problems, []);
});

test("gzip, zstd and uncompressed layers read alike, from OCI layouts and docker archives", async () => {
  const gz = await buildLayer([{ path: "/data/gz", content: "g" }], "gzip");
  const zs = await buildLayer([{ path: "/data/zst", content: "z" }], "zstd");
  const raw = await buildLayer([{ path: "/data/raw", content: "r" }], "none");
  const expected = { "/data/gz": "g", "/data/zst": "z", "/data/raw": "r" };
  const oci = await scan([gz, zs, raw]);
  assert.deepEqual(files(oci), expected);
  assert.equal(oci.partial, false);
  const archive = await scan([gz, zs, raw], { archive: true });
  assert.deepEqual(files(archive), expected);
  assert.equal(archive.target.digest, null);
  assert.deepEqual(
    archive.target.layers.map((l) => l.diffId),
    [gz.diffId, zs.diffId, raw.diffId],
  );
});

test("a diff_id that does not match the layer is reported", async () => {
  const l1 = await buildLayer([{ path: "/data/a", content: "a" }]);
  const r = await scan([l1], { wrongDiffId: 0 });
  assert.equal(r.partial, true);
  assert.match(
    r.problems[0]!.reason,
    /uncompressed content has digest .* but the config says diff_id/,
  );
});

test("a truncated gzip layer is reported and the other layers are still scanned", async () => {
  const good = await buildLayer([{ path: "/data/good", content: "g" }]);
  const bad = await buildLayer([{ path: "/data/bad", content: "b".repeat(100_000) }]);
  const cut: BuiltLayer = { ...bad, blob: bad.blob.subarray(0, Math.floor(bad.blob.length / 2)) };
  cut.digest = `sha256:${(await import("node:crypto")).createHash("sha256").update(cut.blob).digest("hex")}`;
  const r = await scan([good, cut]);
  assert.equal(files(r)["/data/good"], "g");
  assert.equal(r.partial, true);
  assert.match(
    r.problems.map((p) => p.reason).join("\n"),
    /truncated|unexpected end|ended early|corrupt/i,
  );
});

test("a corrupt tar is reported, not fatal", async () => {
  const good = await buildLayer([{ path: "/data/good", content: "g" }]);
  const garbage = Buffer.from(
    gzipSync(
      Buffer.concat([Buffer.from("this is not a tar header at all"), Buffer.alloc(2000, 7)]),
    ),
  );
  const { createHash } = await import("node:crypto");
  const corrupt: BuiltLayer = {
    tar: Buffer.alloc(0),
    blob: garbage,
    digest: `sha256:${createHash("sha256").update(garbage).digest("hex")}`,
    diffId: `sha256:${createHash("sha256").update(Buffer.alloc(1)).digest("hex")}`,
    mediaType: good.mediaType,
  };
  const r = await scan([good, corrupt]);
  assert.equal(files(r)["/data/good"], "g");
  assert.equal(r.partial, true);
});

test("hostile entries: path traversal, hard links outside, devices, symlinks", async () => {
  const l1 = await buildLayer([
    { rawName: "../../../data/escaped", content: "e" },
    { path: "/data/real", content: "r" },
    { path: "/data/hard", type: "link", target: "/data/real" },
    { path: "/data/outside", type: "link", target: "../../etc/shadow" },
    { path: "/data/dev", type: "char-device" },
    { path: "/data/loop", type: "symlink", target: "/data/loop" },
  ]);
  const r = await scan([l1]);
  assert.deepEqual(files(r), { "/data/real": "r", "/data/hard": "r" });
  const reasons = r.problems.map((p) => `${p.path}: ${p.reason}`).join("\n");
  assert.match(reasons, /climbs out of the root/);
  assert.match(reasons, /hard link points outside the root/);
});

test("a decompression bomb stops at the layer limit and is reported", async () => {
  const bomb = await buildLayer([
    { path: "/data/before", content: "b" },
    { path: "/zeros", content: Buffer.alloc(64 * 1024 * 1024) },
  ]);
  assert.ok(bomb.blob.length < 200_000, "64 MiB of zeros compress to little");
  const r = await scan([bomb], { maxLayerBytes: 8 * 1024 * 1024 });
  assert.equal(r.partial, true);
  assert.match(r.problems[0]!.reason, /inflates beyond 8388608 bytes/);
  assert.equal(files(r)["/data/before"], "b", "what came before the limit is kept");
});

test("a 200,000-file layer is scanned with only the wanted files kept", async () => {
  const entries = Array.from({ length: 200_000 }, (_, i) => ({
    path: `/usr/share/f${i}`,
    content: "",
  }));
  entries.push({ path: "/data/needle", content: "found" });
  const big = await buildLayer(entries);
  const r = await scan([big]);
  assert.deepEqual(files(r), { "/data/needle": "found" });
});

test("the layer cache serves a second scan without reading the layer", async () => {
  const cacheDir = join(dir, "cache");
  const l1 = await buildLayer([{ path: "/data/a", content: "cached" }]);
  const seen: boolean[] = [];
  const progress: ScanProgress = {
    layer: (_i, _t, _d, cached) => seen.push(cached),
    bytes: () => {},
  };
  const first = await scan([l1], { cacheDir, progress });
  const second = await scan([l1], { cacheDir, progress });
  assert.deepEqual(seen, [false, true]);
  assert.deepEqual(second.packages, first.packages);
});

test("a rescan of the same image is answered from the image cache without opening a layer", async () => {
  const cacheDir = join(dir, "cache-image");
  const l1 = await buildLayer([{ path: "/data/a", content: "one" }]);
  const l2 = await buildLayer([{ path: "/data/b", content: "two" }]);
  const where = join(dir, "img-image-cache");
  const { ref } = await writeLayout(where, "t", [l1, l2]);
  const first = await scanRef(ref, { cacheDir });
  assert.equal(first.partial, false);
  // The layers are gone from the layout: only the cache can answer now.
  for (const l of [l1, l2]) await rm(join(where, "blobs", "sha256", l.digest.slice(7)));
  const seen: boolean[] = [];
  const second = await scanRef(ref, {
    cacheDir,
    progress: { layer: (_i, _t, _d, cached) => seen.push(cached), bytes: () => {} },
  });
  assert.deepEqual(seen, [true, true]);
  assert.deepEqual(second.packages, first.packages);
  assert.deepEqual(second.problems, []);
  // Without the cache the missing layers are reported, each by name.
  const uncached = await scanRef(ref);
  assert.equal(uncached.partial, true);
  assert.equal(uncached.problems.length, 2);
});

test("an image sharing a layer with a scanned one reads only its own layers", async () => {
  const cacheDir = join(dir, "cache-shared");
  const base = await buildLayer([{ path: "/data/base", content: "b" }]);
  const top = await buildLayer([{ path: "/data/top", content: "t" }]);
  const seen: boolean[] = [];
  const progress: ScanProgress = {
    layer: (_i, _t, _d, cached) => seen.push(cached),
    bytes: () => {},
  };
  await scan([base], { cacheDir, progress });
  const r = await scan([base, top], { cacheDir, progress, concurrency: 1 });
  assert.deepEqual(seen, [false, true, false]);
  assert.deepEqual(files(r), { "/data/base": "b", "/data/top": "t" });
});

test("layers read at the same time are merged in order: the result does not depend on which ends first", async () => {
  // The bottom layer is the slowest to read (many entries, a big file); the upper ones delete,
  // replace and hide what it holds.
  const many = Array.from({ length: 3000 }, (_, i) => ({
    path: `/data/many/f${i}`,
    content: `${i}`,
  }));
  const l1 = await buildLayer([
    ...many,
    { path: "/data/a", content: "a1" },
    { path: "/data/gone", content: "x" },
    { path: "/data/big", content: "z".repeat(900_000) },
  ]);
  const l2 = await buildLayer([
    { path: "/data/a", content: "a2" },
    { path: "/data/gone", type: "whiteout" },
    { path: "/data/many", type: "opaque" },
    { path: "/data/many/only", content: "o" },
  ]);
  const l3 = await buildLayer([{ path: "/data/a", content: "a3" }]);
  const one = await scan([l1, l2, l3], { concurrency: 1 });
  const three = await scan([l1, l2, l3], { concurrency: 3 });
  assert.deepEqual(files(three), files(one));
  const got = files(three);
  assert.equal(got["/data/a"], "a3");
  assert.equal(got["/data/gone"], undefined);
  assert.equal(got["/data/many/only"], "o");
  assert.equal(Object.keys(got).filter((p) => p.startsWith("/data/many/f")).length, 0);
  assert.equal(got["/data/big"]?.length, 900_000);
});

test("a multi-platform index: --platform picks the image; a missing platform lists what exists", async () => {
  const { createHash } = await import("node:crypto");
  const { readFile, writeFile } = await import("node:fs/promises");
  const where = join(dir, "multi");
  const amd = await writeLayout(where, "amd", [
    await buildLayer([{ path: "/data/arch", content: "amd64" }]),
  ]);
  const arm = await writeLayout(
    where,
    "arm",
    [await buildLayer([{ path: "/data/arch", content: "arm64" }])],
    {
      config: { architecture: "arm64", variant: "v8" },
    },
  );
  const size = async (d: string) =>
    (await readFile(join(where, "blobs", "sha256", d.slice(7)))).length;
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: [
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: amd.manifestDigest,
          size: await size(amd.manifestDigest),
          platform: { os: "linux", architecture: "amd64" },
        },
        {
          mediaType: "application/vnd.oci.image.manifest.v1+json",
          digest: arm.manifestDigest,
          size: await size(arm.manifestDigest),
          platform: { os: "linux", architecture: "arm64", variant: "v8" },
        },
      ],
    }),
  );
  const indexDigest = `sha256:${createHash("sha256").update(index).digest("hex")}`;
  await writeFile(join(where, "blobs", "sha256", indexDigest.slice(7)), index);
  await writeFile(
    join(where, "index.json"),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [
        {
          mediaType: "application/vnd.oci.image.index.v1+json",
          digest: indexDigest,
          size: index.length,
          annotations: { "org.opencontainers.image.ref.name": "multi" },
        },
      ],
    }),
  );
  const scanAs = async (platform: { os: string; architecture: string; variant?: string }) => {
    const target = await openTarget(`oci:${where}:multi`, { credentials: null });
    if (target.kind !== "image") throw new Error("unreachable");
    return scanImage(target.source, {
      readers: [pathsReader],
      platform,
      version: "test",
      now: new Date(0),
    });
  };
  const onArm = await scanAs({ os: "linux", architecture: "arm64" });
  assert.deepEqual(files(onArm), { "/data/arch": "arm64" });
  assert.equal(onArm.target.platform, "linux/arm64/v8");
  assert.equal(onArm.target.digest, arm.manifestDigest);
  assert.deepEqual(files(await scanAs({ os: "linux", architecture: "amd64" })), {
    "/data/arch": "amd64",
  });
  await assert.rejects(
    scanAs({ os: "linux", architecture: "s390x" }),
    /has no image for linux\/s390x; available: linux\/amd64, linux\/arm64\/v8/,
  );
});
