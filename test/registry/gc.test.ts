import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, test } from "node:test";
import { resolveConfig } from "../../src/app/config.ts";
import { openRegistry } from "../../src/app/registry.ts";
import { ManualClock } from "../../src/core/clock.ts";
import { digestOf } from "../../src/core/digest.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { MediaType } from "../../src/core/media-types.ts";
import type { Registry } from "../../src/registry/registry.ts";

// Garbage collection over the real stores (SQLite + filesystem), with a hand-moved clock.
const MINUTE = 60_000;
const opened: { close(): Promise<void>; dir: string }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    await o.close();
    await rm(o.dir, { recursive: true, force: true });
  }
});

async function setup(gc: { graceMinutes?: number; untaggedManifests?: boolean } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "drydock-gc-"));
  const clock = new ManualClock();
  const config = resolveConfig({
    storage: { dataDir: dir },
    gc: { graceMinutes: 10, ...gc },
    registry: { uploadExpiryHours: 1 },
  });
  const { registry, close } = await openRegistry(config, silentLogger, clock);
  opened.push({ close, dir });
  return { registry, clock, dir };
}

async function pushBlob(registry: Registry, repo: string, content: string): Promise<string> {
  const digest = digestOf(content);
  await registry.uploads.monolithic(repo, digest, Readable.from([Buffer.from(content)]));
  return digest;
}

async function pushImage(registry: Registry, repo: string, tag: string | null, seed: string) {
  const config = await pushBlob(registry, repo, `config-${seed}`);
  const layer = await pushBlob(registry, repo, `layer-${seed}`);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: config, size: `config-${seed}`.length },
      layers: [{ mediaType: MediaType.ociLayerGzip, digest: layer, size: `layer-${seed}`.length }],
    }),
  );
  const { digest } = await registry.manifests.put(
    repo,
    tag ?? digestOf(manifest),
    manifest,
    MediaType.ociManifest,
  );
  return { config, layer, manifest: digest, bytes: manifest };
}

async function storedBlobs(dir: string): Promise<number> {
  let n = 0;
  for (const shard of await readdir(join(dir, "blobs", "sha256")).catch(() => [])) {
    n += (await readdir(join(dir, "blobs", "sha256", shard))).length;
  }
  return n;
}

test("an unreferenced blob goes only after the grace period; a referenced one stays", async () => {
  const { registry, clock, dir } = await setup();
  const image = await pushImage(registry, "team/app", "v1", "a");
  const loose = await pushBlob(registry, "team/app", "loose");
  assert.equal(
    (await registry.gc.run({ dryRun: false })).blobs.length,
    0,
    "nothing goes within the grace period",
  );

  clock.advance(11 * MINUTE);
  const plan = await registry.gc.run({ dryRun: true });
  assert.deepEqual(
    plan.blobs.map((b) => b.digest),
    [loose],
  );
  // The dry run changed nothing (GET does not refresh the link; HEAD would).
  (await registry.blobs.open("team/app", loose, () => null)).body.destroy();
  assert.equal(await storedBlobs(dir), 3);

  const done = await registry.gc.run({ dryRun: false });
  assert.deepEqual(
    done.blobs.map((b) => b.digest),
    [loose],
  );
  assert.deepEqual(done.links, [{ repository: "team/app", digest: loose }]);
  await assert.rejects(registry.blobs.stat("team/app", loose), { code: "BLOB_UNKNOWN" });
  assert.equal(await storedBlobs(dir), 2);
  for (const d of [image.config, image.layer])
    assert.equal((await registry.blobs.stat("team/app", d)).digest, d);
});

test("a blob a client just checked (HEAD) counts as recently linked", async () => {
  const { registry, clock } = await setup();
  const blob = await pushBlob(registry, "team/app", "checked");
  clock.advance(11 * MINUTE);
  await registry.blobs.stat("team/app", blob); // a client deciding to skip the upload
  assert.equal((await registry.gc.run({ dryRun: false })).blobs.length, 0);
  clock.advance(11 * MINUTE);
  assert.equal((await registry.gc.run({ dryRun: false })).blobs.length, 1);
});

test("a blob deleted from one repository stays while another still links it", async () => {
  const { registry, clock } = await setup();
  const blob = await pushBlob(registry, "team/a", "shared");
  assert.equal(await registry.blobs.mount("team/b", "team/a", blob), true);
  const image = await pushImage(registry, "team/b", "v1", "x");
  await registry.blobs.delete("team/a", blob);
  clock.advance(11 * MINUTE);
  const done = await registry.gc.run({ dryRun: false });
  // team/b's link to the shared blob is unreferenced by a manifest, so it goes too, but not the image's blobs.
  assert.deepEqual(
    done.blobs.map((b) => b.digest),
    [blob],
  );
  assert.equal((await registry.blobs.stat("team/b", image.layer)).digest, image.layer);
});

test("untagged manifests are kept unless configured; children of a kept index and referrers of a kept subject stay", async () => {
  const keep = await setup();
  await pushImage(keep.registry, "team/app", null, "untagged");
  keep.clock.advance(11 * MINUTE);
  assert.equal((await keep.registry.gc.run({ dryRun: false })).manifests.length, 0);

  const { registry, clock } = await setup({ untaggedManifests: true });
  const child = await pushImage(registry, "team/app", null, "child");
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        { mediaType: MediaType.ociManifest, digest: child.manifest, size: child.bytes.length },
      ],
    }),
  );
  const idx = await registry.manifests.put("team/app", "multi", index, MediaType.ociIndex);
  const tagged = await pushImage(registry, "team/app", "v1", "tagged");
  const referrer = await pushReferrer(registry, "team/app", tagged.manifest, "sig");
  const orphan = await pushImage(registry, "team/app", null, "orphan");
  const orphanReferrer = await pushReferrer(registry, "team/app", orphan.manifest, "orphan-sig");

  clock.advance(11 * MINUTE);
  const done = await registry.gc.run({ dryRun: false });
  assert.deepEqual(
    done.manifests.map((m) => m.digest).sort(),
    [orphan.manifest, orphanReferrer].sort(),
  );
  for (const d of [child.manifest, idx.digest, tagged.manifest, referrer]) {
    assert.equal((await registry.manifests.stat("team/app", d)).digest, d);
  }
  await assert.rejects(registry.manifests.stat("team/app", orphan.manifest), {
    code: "MANIFEST_UNKNOWN",
  });
  await assert.rejects(registry.blobs.stat("team/app", orphan.layer), { code: "BLOB_UNKNOWN" });
  assert.equal((await registry.blobs.stat("team/app", child.layer)).digest, child.layer);
});

test("expired upload sessions go; sessions in use stay", async () => {
  const { registry, clock, dir } = await setup();
  const old = await registry.uploads.start("team/app");
  clock.advance(50 * MINUTE);
  const active = await registry.uploads.start("team/app");
  clock.advance(20 * MINUTE);
  const done = await registry.gc.run({ dryRun: false });
  assert.deepEqual(done.uploads, [old.id]);
  await assert.rejects(registry.uploads.status("team/app", old.id), {
    code: "BLOB_UPLOAD_UNKNOWN",
  });
  assert.equal((await registry.uploads.status("team/app", active.id)).offset, 0);
  assert.deepEqual(await readdir(join(dir, "uploads")), [active.id]);
});

test("a blob file with no record (a crash between placing and committing) is swept", async () => {
  const { registry, dir } = await setup();
  const digest = digestOf("orphan file");
  const hex = digest.slice(7);
  const { mkdir } = await import("node:fs/promises");
  await mkdir(join(dir, "blobs", "sha256", hex.slice(0, 2)), { recursive: true });
  await writeFile(join(dir, "blobs", "sha256", hex.slice(0, 2), hex), "orphan file");
  const done = await registry.gc.run({ dryRun: false });
  assert.deepEqual(done.blobs, [{ digest, size: null }]);
  assert.equal(await storedBlobs(dir), 0);
});

async function pushReferrer(
  registry: Registry,
  repo: string,
  subject: string,
  seed: string,
): Promise<string> {
  const empty = await pushBlob(registry, repo, "{}");
  const layer = await pushBlob(registry, repo, `sig-${seed}`);
  const body = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType: "application/vnd.example.signature",
      config: { mediaType: MediaType.ociEmpty, digest: empty, size: 2 },
      layers: [
        { mediaType: "application/octet-stream", digest: layer, size: `sig-${seed}`.length },
      ],
      subject: { mediaType: MediaType.ociManifest, digest: subject, size: 1 },
    }),
  );
  return (await registry.manifests.put(repo, digestOf(body), body, MediaType.ociManifest)).digest;
}
