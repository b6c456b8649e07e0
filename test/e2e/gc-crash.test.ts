import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { type FSWatcher, watch } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, describe, it } from "node:test";
import { MediaType } from "../../src/core/media-types.ts";
import {
  type DrydockProcess,
  getBlob,
  httpRequest,
  launchDrydock,
  monolithicUpload,
  runDrydock,
  serveDrydock,
  sha256,
  walkFiles,
} from "../helpers/process.ts";

/**
 * `drydock gc` is SIGKILLed in the middle of a pass that removes thousands of unreferenced
 * blobs. Whatever the pass had done, the registry must stay truthful afterwards: a blob it
 * says it has (HEAD 200) can be downloaded whole, a referenced image is untouched, and the
 * next pass finishes the job.
 */

const LOOSE = "gccrash/loose";
const IMAGE = "gccrash/image";
const COUNT = 2000;
const WORKERS = 16;

describe("crash: SIGKILL during garbage collection", { timeout: 600_000 }, () => {
  let dataDir = "";
  let server: DrydockProcess | undefined;
  const loose: Buffer[] = Array.from({ length: COUNT }, () => randomBytes(256));
  const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: {} }));
  const layer = randomBytes(64 * 1024);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: { mediaType: MediaType.ociConfig, digest: sha256(config), size: config.length },
      layers: [{ mediaType: MediaType.ociLayerGzip, digest: sha256(layer), size: layer.length }],
    }),
  );
  let killedMidPass = false;
  /** Loose blobs the registry claimed after the crash but could not serve. */
  const broken: number[] = [];
  /** The digest of a manifest pushed over a broken blob, when the registry took it. */
  let afterCrashManifest: string | null = null;

  const serve = async () => {
    server = await serveDrydock(dataDir, ["--gc-interval", "0"]);
    return server.url;
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "drydock-e2e-gccrash-"));
  });

  after(async () => {
    await server?.stop().catch(() => {});
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function checkTruthful(base: string): Promise<{ present: number; problems: string[] }> {
    const problems: string[] = [];
    let present = 0;
    for (const [i, data] of loose.entries()) {
      const digest = sha256(data);
      const head = await httpRequest("HEAD", `${base}/v2/${LOOSE}/blobs/${digest}`);
      const get = await getBlob(base, LOOSE, digest);
      if (head.status === 200) present++;
      const whole = get.status === 200 && get.body.equals(data);
      if (head.status === 200 && !whole) {
        broken.push(i);
        problems.push(
          `blob ${i}: HEAD 200 but GET ${get.status} ${get.body.toString().slice(0, 150)}`,
        );
      } else if (head.status !== 200 && (head.status !== 404 || get.status !== 404)) {
        problems.push(`blob ${i}: HEAD ${head.status}, GET ${get.status}`);
      }
      if (problems.length >= 10) break;
    }
    return { present, problems };
  }

  async function checkImage(base: string) {
    const m = await httpRequest("GET", `${base}/v2/${IMAGE}/manifests/v1`, {
      headers: { accept: MediaType.ociManifest },
    });
    assert.equal(m.status, 200, "the tagged image survives");
    assert.ok(m.body.equals(manifest));
    for (const b of [config, layer]) {
      const res = await getBlob(base, IMAGE, sha256(b));
      assert.equal(res.status, 200);
      assert.ok(res.body.equals(b));
    }
  }

  it("seeds thousands of unreferenced blobs and one tagged image", async () => {
    const base = await serve();
    let next = 0;
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        for (let guard = 0; guard < COUNT && next < COUNT; guard++) {
          const data = loose[next++]!;
          const res = await monolithicUpload(base, LOOSE, data);
          if (res.status !== 201)
            failures.push(`${res.status} ${res.body.toString().slice(0, 200)}`);
        }
      }),
    );
    assert.deepEqual(failures.slice(0, 5), []);
    for (const b of [config, layer])
      assert.equal((await monolithicUpload(base, IMAGE, b)).status, 201);
    const put = await httpRequest("PUT", `${base}/v2/${IMAGE}/manifests/v1`, {
      headers: { "content-type": MediaType.ociManifest },
      body: manifest,
    });
    assert.equal(put.status, 201, put.body.toString());
    server!.kill("SIGTERM");
    assert.equal((await server!.waitForExit(60_000)).code, 0);
  });

  it("kills `drydock gc` as soon as it starts removing files", async (t) => {
    const files = await walkFiles(dataDir);
    const blobDirs = [
      ...new Set(
        files
          .filter(
            (f) =>
              f.path.split("/").includes("blobs") &&
              /^[a-f0-9]{64}$/.test(f.path.split("/").at(-1)!),
          )
          .map((f) => dirname(f.abs)),
      ),
    ].slice(0, 1000);
    assert.ok(blobDirs.length > 0, "blob directories found");
    const inBlobs = (f: { path: string }) => f.path.split("/").includes("blobs");
    const before = files.filter(inBlobs).length;

    const gc = launchDrydock(["gc", "--data-dir", dataDir, "--gc-grace", "0"]);
    const watchers: FSWatcher[] = [];
    try {
      for (const dir of blobDirs) {
        watchers.push(
          watch(dir, () => {
            gc.kill("SIGKILL");
          }),
        );
      }
      const status = await gc.waitForExit(120_000);
      t.diagnostic(`gc exit: ${JSON.stringify(status)}`);
      const left = (await walkFiles(dataDir)).filter((f) =>
        f.path.split("/").includes("blobs"),
      ).length;
      t.diagnostic(`blob files: ${before} before, ${left} after`);
      killedMidPass = status.signal === "SIGKILL" && left < before;
      if (!killedMidPass)
        t.diagnostic("the pass was not caught in the middle; the checks below prove less");
    } finally {
      for (const w of watchers) w.close();
      await gc.stop().catch(() => {});
    }
  });

  it("after the crash, every blob the registry claims downloads whole", async (t) => {
    const base = await serve();
    const { present, problems } = await checkTruthful(base);
    t.diagnostic(
      `${present} of ${COUNT} loose blobs still claimed (killed mid-pass: ${killedMidPass})`,
    );
    assert.deepEqual(problems, []);
    await checkImage(base);
  });

  it("after the crash, acknowledges no manifest whose blobs it cannot serve", async (t) => {
    const base = server!.url;
    if (broken.length === 0) {
      t.diagnostic("no blob was left claimed but missing; nothing to push over");
      return;
    }
    // A client HEADs the layer, hears 200, skips the upload and pushes its manifest.
    const cfg = Buffer.from(
      JSON.stringify({ architecture: "amd64", os: "linux", n: "after-crash" }),
    );
    assert.equal((await monolithicUpload(base, LOOSE, cfg)).status, 201);
    const lost = loose[broken[0]!]!;
    const m = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, digest: sha256(cfg), size: cfg.length },
        layers: [{ mediaType: MediaType.ociLayerGzip, digest: sha256(lost), size: lost.length }],
      }),
    );
    const put = await httpRequest("PUT", `${base}/v2/${LOOSE}/manifests/after-crash`, {
      headers: { "content-type": MediaType.ociManifest },
      body: m,
    });
    if (put.status === 201) {
      afterCrashManifest = sha256(m);
      const layerRes = await getBlob(base, LOOSE, sha256(lost));
      assert.equal(layerRes.status, 200, "an acknowledged image's layer downloads");
      assert.ok(layerRes.body.equals(lost));
    } else {
      assert.match(put.body.toString(), /MANIFEST_BLOB_UNKNOWN/);
    }
  });

  it("the next complete pass leaves a consistent store", async () => {
    if (afterCrashManifest) {
      // Unreference the broken blob again so that the pass below may reclaim it.
      const del = await httpRequest(
        "DELETE",
        `${server!.url}/v2/${LOOSE}/manifests/${afterCrashManifest}`,
      );
      assert.equal(del.status, 202);
    }
    server!.kill("SIGTERM");
    await server!.waitForExit(60_000);
    const r = await runDrydock(["gc", "--data-dir", dataDir, "--gc-grace", "0"], {
      timeoutMs: 120_000,
    });
    assert.equal(r.code, 0, r.stderr);
    const base = await serve();
    const { present, problems } = await checkTruthful(base);
    assert.deepEqual(problems, []);
    assert.equal(present, 0, "every unreferenced blob is gone");
    await checkImage(base);
  });
});
