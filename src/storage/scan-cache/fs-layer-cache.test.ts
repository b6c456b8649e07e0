import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { LayerContent } from "../../scanner/image/layer-reader.ts";
import type { ImageResult } from "../../scanner/inventory.ts";
import { FsLayerCache } from "./fs-layer-cache.ts";

function tempDir(t: { after(f: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "drydock-cache-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const diffId = `sha256:${"a".repeat(64)}`;
/** A layer as the dpkg reader leaves it: binary file contents kept for the merge. */
function layer(): LayerContent {
  return {
    diffId,
    files: [
      {
        path: "/var/lib/dpkg/status",
        content: Buffer.from("Package: bash\n\n"),
        layer: diffId,
        mode: 0o100644,
      },
      {
        path: "/var/lib/dpkg/info/empty.list",
        content: Buffer.alloc(0),
        layer: diffId,
        mode: 0o100644,
      },
      // Every byte value, newlines included: the contents follow the JSON line raw.
      {
        path: "/var/lib/dpkg/info/bin.list",
        content: randomBytes(70_000),
        layer: diffId,
        mode: 0o100600,
      },
    ],
    packages: { "/app/package.json": [] },
    wantedBy: { "/var/lib/dpkg/status": ["dpkg"] },
    whiteouts: [{ kind: "opaque", dir: "/etc" }] as LayerContent["whiteouts"],
    entries: 42,
    problems: [],
    truncated: false,
  };
}

test("a layer comes back whole: file contents byte for byte, the rest as stored", async (t) => {
  const dir = tempDir(t);
  const cache = new FsLayerCache(dir);
  const stored = layer();
  await cache.put("k1", stored);
  const back = await cache.get("k1");
  assert.ok(back);
  assert.deepEqual(
    back.files.map((f) => ({ ...f, content: Buffer.from(f.content).toString("hex") })),
    stored.files.map((f) => ({ ...f, content: f.content.toString("hex") })),
  );
  assert.deepEqual({ ...back, files: [] }, { ...stored, files: [] });
  // Owner-only, and no temporary file left behind.
  const names = readdirSync(dir);
  assert.equal(names.length, 1);
  assert.equal(statSync(join(dir, names[0]!)).mode & 0o777, 0o600);
});

test("an image result round-trips, and keys never mix", async (t) => {
  const cache = new FsLayerCache(tempDir(t));
  const result = { packages: [], os: null, problems: [] } as unknown as ImageResult;
  await cache.putImage("image-key", result);
  assert.deepEqual(await cache.getImage("image-key"), result);
  assert.equal(await cache.getImage("other"), null);
  // An image entry is not a layer, whatever the key.
  assert.equal(await cache.get("image-key"), null);
});

test("a damaged or foreign cache file is a miss, never an error", async (t) => {
  const dir = tempDir(t);
  const cache = new FsLayerCache(dir);
  await cache.put("k", layer());
  const [name] = readdirSync(dir);
  const path = join(dir, name!);
  const whole = readFileSync(path);
  const cases: [string, Buffer][] = [
    ["cut inside the file contents", whole.subarray(0, whole.length - 10)],
    ["with bytes added", Buffer.concat([whole, Buffer.from("x")])],
    ["cut inside the JSON line", whole.subarray(0, 40)],
    ["empty", Buffer.alloc(0)],
    ["the JSON cache of drydock 0.1", Buffer.from(JSON.stringify({ key: "k", content: layer() }))],
    [
      "another format line",
      Buffer.concat([Buffer.from("drydock-scan-cache 9\n"), whole.subarray(21)]),
    ],
  ];
  for (const [why, bytes] of cases) {
    writeFileSync(path, bytes);
    assert.equal(await cache.get("k"), null, why);
  }
});

test("a cache that cannot be written: put resolves, the owner hears once, reads are misses", async (t) => {
  const dir = tempDir(t);
  // The folder is a regular file: every write fails (root is not stopped by permissions).
  const notADir = join(dir, "cache");
  writeFileSync(notADir, "not a folder");
  const errors: Error[] = [];
  const cache = new FsLayerCache(notADir, { onWriteError: (err) => errors.push(err) });
  await cache.put("layer-key", layer());
  await cache.putImage("image-key", { packages: [], os: null });
  await cache.put("other-key", layer());
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /EEXIST|ENOTDIR/);
  assert.equal(await cache.get("layer-key"), null);
  assert.equal(await cache.getImage("image-key"), null);
  assert.equal(readFileSync(notADir, "utf8"), "not a folder");
  assert.deepEqual(readdirSync(dir), ["cache"]);
});

test("a cache folder under /proc fails its writes instead of hanging in mkdir", {
  skip: !existsSync("/proc/self") && "no /proc here",
  timeout: 20_000,
}, async () => {
  const errors: Error[] = [];
  const cache = new FsLayerCache("/proc/drydock-no-such-folder/cache", {
    onWriteError: (err) => errors.push(err),
  });
  await cache.put("layer-key", layer());
  assert.equal(errors.length, 1);
  assert.match(errors[0]!.message, /ENOENT/);
});

test("clean removes the cache's own files only, and with an age only the older entries", async (t) => {
  const dir = tempDir(t);
  const cache = new FsLayerCache(dir);
  await cache.put("old-layer", layer());
  await cache.put("new-layer", layer());
  await cache.putImage("image", { packages: [], os: null });
  const hex = (c: string) => c.repeat(64);
  const day = 24 * 3600 * 1000;
  const now = Date.now();
  const aged = (name: string, ms: number) =>
    utimesSync(join(dir, name), (now - ms) / 1000, (now - ms) / 1000);
  // The previous format's entry, a stopped scan's temp file, a running scan's temp file.
  writeFileSync(join(dir, `${hex("b")}.json`), "{}");
  aged(`${hex("b")}.json`, 40 * day);
  writeFileSync(join(dir, `${hex("c")}.cache.0123456789ab.tmp`), "half");
  aged(`${hex("c")}.cache.0123456789ab.tmp`, 2 * 3600 * 1000);
  writeFileSync(join(dir, `${hex("d")}.cache.0123456789ab.tmp`), "half");
  // Not ours, or not a file: left alone (a symlink is not followed).
  writeFileSync(join(dir, "notes.txt"), "mine");
  writeFileSync(join(dir, `${hex("e")}.cache.bak`), "mine");
  mkdirSync(join(dir, `${hex("f")}.cache`));
  const outside = join(tempDir(t), "target");
  writeFileSync(outside, "outside");
  symlinkSync(outside, join(dir, `${hex("0")}.cache`));
  const entries = readdirSync(dir).filter(
    (n) =>
      /^[0-9a-f]{64}\.cache$/.test(n) && n !== `${hex("0")}.cache` && n !== `${hex("f")}.cache`,
  );
  assert.equal(entries.length, 3);
  const oldEntry = entries.find((n) => readFileSync(join(dir, n)).includes("old-layer"))!;
  aged(oldEntry, 40 * day);

  const some = await cache.clean({ olderThanMs: 30 * day, now });
  // The stopped scan's temp file is 2 hours old: newer than asked, kept for now.
  assert.deepEqual({ removed: some.removed, kept: some.kept }, { removed: 2, kept: 4 });
  assert.equal(await cache.get("old-layer"), null);
  assert.ok(await cache.get("new-layer"));
  assert.ok(await cache.getImage("image"));
  assert.ok(!readdirSync(dir).includes(`${hex("b")}.json`));

  const all = await cache.clean({ now });
  assert.equal(all.removed, 3);
  assert.equal(all.kept, 1); // the running scan's temp file
  assert.equal(await cache.get("new-layer"), null);
  assert.deepEqual(readdirSync(dir).sort(), [
    `${hex("0")}.cache`,
    `${hex("d")}.cache.0123456789ab.tmp`,
    `${hex("e")}.cache.bak`,
    `${hex("f")}.cache`,
    "notes.txt",
  ]);
  assert.equal(readFileSync(outside, "utf8"), "outside");
  assert.deepEqual(await new FsLayerCache(join(dir, "missing")).clean(), {
    removed: 0,
    bytes: 0,
    kept: 0,
  });
});
