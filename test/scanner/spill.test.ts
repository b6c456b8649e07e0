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
