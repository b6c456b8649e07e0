import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { MediaType } from "../../src/core/media-types.ts";
import { writeOciLayout } from "../fixtures/oci-layout.ts";
import {
  chunkedUpload,
  chunkHeaders,
  closeSession,
  getBlob,
  type HttpResponse,
  httpRequest,
  monolithicUpload,
  openSession,
  patchChunk,
  pause,
  resumeAndFinish,
  runDrydock,
  sessionStatus,
  sha256,
} from "../helpers/process.ts";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";

/**
 * Many clients at once against one in-process registry: the same blob pushed by 20 clients,
 * and images pushed while garbage collection runs over and over.
 */

const KB = 1024;

function expectCreated(res: HttpResponse, digest: string, who: string) {
  assert.equal(res.status, 201, `${who}: ${res.status} ${res.body.toString().slice(0, 300)}`);
  assert.equal(res.headers["docker-content-digest"], digest, `${who}: Docker-Content-Digest`);
  assert.ok(res.headers.location, `${who}: Location`);
}

async function assertBlobIntact(base: string, repo: string, data: Uint8Array, who: string) {
  const digest = sha256(data);
  const res = await getBlob(base, repo, digest);
  assert.equal(res.status, 200, `${who}: GET ${repo}@${digest}`);
  assert.equal(sha256(res.body), digest, `${who}: content digest`);
  assert.ok(res.body.equals(data), `${who}: bytes`);
}

/** Each client uses another way to push: monolithic POST, session + PUT body, chunked sessions. */
async function pushOneWay(
  base: string,
  repo: string,
  data: Buffer,
  way: number,
): Promise<HttpResponse> {
  switch (way % 5) {
    case 0:
    case 2:
      return monolithicUpload(base, repo, data);
    case 1: {
      const path = await openSession(base, repo);
      return closeSession(base, path, sha256(data), data);
    }
    case 3:
      return chunkedUpload(base, repo, data, 256 * KB);
    default:
      return chunkedUpload(base, repo, data, data.length);
  }
}

describe("concurrency: many clients on one blob, session or tag", { timeout: 300_000 }, () => {
  let registry: TestRegistry;

  // Storage under concurrency, over plain HTTP: authentication is off here and tested in test/identity/.
  before(async () => {
    registry = await startRegistry({ identity: { auth: "none" } });
  });

  after(async () => {
    await registry?.close();
  });

  it("acknowledges every push with 201 into one repository and keeps the blob intact", async () => {
    const data = randomBytes(2 * 1024 * KB + 333);
    const digest = sha256(data);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pushOneWay(registry.url, "conc/same", data, i)),
    );
    for (const [i, res] of results.entries()) expectCreated(res, digest, `client ${i}`);
    await assertBlobIntact(registry.url, "conc/same", data, "after 20 pushes");
    const head = await httpRequest("HEAD", `${registry.url}/v2/conc/same/blobs/${digest}`);
    assert.equal(head.status, 200);
    assert.equal(head.headers["content-length"], String(data.length));
  });

  it("acknowledges every push with 201 into 20 repositories and serves it from each", async () => {
    const data = randomBytes(1024 * KB + 77);
    const digest = sha256(data);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pushOneWay(registry.url, `conc/repo-${i}`, data, i)),
    );
    for (const [i, res] of results.entries()) expectCreated(res, digest, `client ${i}`);
    for (let i = 0; i < 20; i++)
      await assertBlobIntact(registry.url, `conc/repo-${i}`, data, `repo ${i}`);
  });

  it("lets exactly one of 10 identical PATCHes on one session land", async () => {
    const data = randomBytes(768 * KB + 5);
    const first = data.subarray(0, 512 * KB);
    const path = await openSession(registry.url, "conc/session");
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        httpRequest("PATCH", `${registry.url}${path}`, {
          headers: chunkHeaders(0, first.length),
          body: first,
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 202).length, 1, "one chunk lands");
    for (const r of results.filter((x) => x.status !== 202)) {
      // 416: out of order once the first landed (with the current Range); 409: session busy.
      assert.ok([409, 416].includes(r.status), `a losing PATCH: ${r.status} ${r.body.toString()}`);
      if (r.status === 416) assert.equal(r.headers.range, `0-${first.length - 1}`);
      assert.match(r.body.toString(), /"errors"/);
    }
    const s = await sessionStatus(registry.url, path);
    assert.equal(s.status, 204);
    assert.equal(s.acked, first.length);
    const done = await resumeAndFinish(registry.url, path, data, first.length, 512 * KB);
    expectCreated(done, sha256(data), "finish");
    await assertBlobIntact(registry.url, "conc/session", data, "after the PATCH race");
  });

  it("closes a session once when 10 clients PUT ?digest= at once", async () => {
    const data = randomBytes(300 * KB);
    const path = await openSession(registry.url, "conc/close");
    const { path: next } = await patchChunk(registry.url, path, data, 0);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => closeSession(registry.url, next, sha256(data))),
    );
    const created = results.filter((r) => r.status === 201);
    assert.ok(created.length >= 1, "one PUT completes the upload");
    for (const r of created) assert.equal(r.headers["docker-content-digest"], sha256(data));
    for (const r of results.filter((x) => x.status !== 201)) {
      // 404 BLOB_UPLOAD_UNKNOWN once closed; 409 while another PUT holds the session.
      assert.ok([404, 409].includes(r.status), `a losing PUT: ${r.status} ${r.body.toString()}`);
      if (r.status === 404) assert.match(r.body.toString(), /BLOB_UPLOAD_UNKNOWN/);
    }
    await assertBlobIntact(registry.url, "conc/close", data, "after the PUT race");
    assert.equal((await sessionStatus(registry.url, next)).status, 404, "the session is closed");
  });

  it("acknowledges 20 manifests pushed to one tag at once; the tag names one of them", async () => {
    const repo = "conc/tag";
    const layer = randomBytes(100 * KB);
    expectCreated(await monolithicUpload(registry.url, repo, layer), sha256(layer), "layer");
    const manifests = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", n: i }));
        expectCreated(
          await monolithicUpload(registry.url, repo, config),
          sha256(config),
          `config ${i}`,
        );
        return Buffer.from(
          JSON.stringify({
            schemaVersion: 2,
            mediaType: MediaType.ociManifest,
            config: { mediaType: MediaType.ociConfig, digest: sha256(config), size: config.length },
            layers: [
              { mediaType: MediaType.ociLayerGzip, digest: sha256(layer), size: layer.length },
            ],
          }),
        );
      }),
    );
    const results = await Promise.all(
      manifests.map((m) =>
        httpRequest("PUT", `${registry.url}/v2/${repo}/manifests/latest`, {
          headers: { "content-type": MediaType.ociManifest },
          body: m,
        }),
      ),
    );
    for (const [i, r] of results.entries())
      expectCreated(r, sha256(manifests[i]!), `manifest ${i}`);
    const res = await httpRequest("GET", `${registry.url}/v2/${repo}/manifests/latest`, {
      headers: { accept: MediaType.ociManifest },
    });
    assert.equal(res.status, 200);
    assert.ok(
      manifests.some((m) => m.equals(res.body)),
      "the tag names one of the pushed manifests",
    );
    assert.equal(res.headers["docker-content-digest"], sha256(res.body));
    for (const m of manifests) {
      const byDigest = await httpRequest(
        "GET",
        `${registry.url}/v2/${repo}/manifests/${sha256(m)}`,
        {
          headers: { accept: MediaType.ociManifest },
        },
      );
      assert.equal(byDigest.status, 200, "every acknowledged manifest is stored");
      assert.ok(byDigest.body.equals(m));
    }
    const tags = await httpRequest("GET", `${registry.url}/v2/${repo}/tags/list`);
    assert.equal(tags.status, 200);
    assert.deepEqual((JSON.parse(tags.body.toString()) as { tags: string[] }).tags, ["latest"]);
  });
});

interface Image {
  repo: string;
  tag: string;
  manifest: Buffer;
  manifestDigest: string;
  blobs: Buffer[];
}

async function makeImages(dir: string, repo: string, count: number): Promise<Image[]> {
  const images: Image[] = [];
  for (let n = 0; n < count; n++) {
    const layout = join(dir, `${repo.replace(/\//g, "_")}-${n}`);
    const tag = `v${n}`;
    const g = await writeOciLayout({ dir: layout, tag, layerSizes: [200 * KB + n, 500 * KB + n] });
    const blobs = [Buffer.from(g.config)];
    for (const l of g.layers) {
      blobs.push(await readFile(join(layout, "blobs", "sha256", l.digest.slice("sha256:".length))));
    }
    images.push({
      repo,
      tag,
      manifest: Buffer.from(g.manifest),
      manifestDigest: g.manifestDigest,
      blobs,
    });
  }
  return images;
}

/** With a zero grace period and a collector every 0.6 s, a push may lose its blobs many times. */
const MAX_ATTEMPTS = 40;

/**
 * Pushes an image the way a client does: HEAD each blob, upload the missing ones, PUT the
 * manifest. When garbage collection took a blob between its upload and the manifest (allowed
 * with a zero grace period), the registry says MANIFEST_BLOB_UNKNOWN and the client pushes again.
 */
async function pushImage(base: string, image: Image, salt: number): Promise<{ attempts: number }> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    // Blobs go up in parallel, as real clients push layers.
    await Promise.all(
      image.blobs.map(async (blob, k) => {
        const digest = sha256(blob);
        const head = await httpRequest("HEAD", `${base}/v2/${image.repo}/blobs/${digest}`);
        if (head.status === 200) return;
        assert.equal(head.status, 404, `HEAD ${image.repo}@${digest}`);
        const res =
          (salt + k) % 2 === 0
            ? await monolithicUpload(base, image.repo, blob)
            : await chunkedUpload(base, image.repo, blob, 128 * KB);
        expectCreated(res, digest, `${image.repo}:${image.tag} blob ${k}`);
      }),
    );
    const res = await httpRequest("PUT", `${base}/v2/${image.repo}/manifests/${image.tag}`, {
      headers: { "content-type": MediaType.ociManifest },
      body: image.manifest,
    });
    if (res.status === 201) {
      assert.equal(res.headers["docker-content-digest"], image.manifestDigest);
      return { attempts: attempt };
    }
    const text = res.body.toString();
    assert.ok(
      (res.status === 400 || res.status === 404) && text.includes("MANIFEST_BLOB_UNKNOWN"),
      `PUT manifest ${image.repo}:${image.tag}: ${res.status} ${text.slice(0, 300)}`,
    );
  }
  throw new Error(`${image.repo}:${image.tag}: manifest refused ${MAX_ATTEMPTS} times`);
}

async function assertImageIntact(base: string, image: Image) {
  const who = `${image.repo}:${image.tag}`;
  for (const ref of [image.tag, image.manifestDigest]) {
    const res = await httpRequest("GET", `${base}/v2/${image.repo}/manifests/${ref}`, {
      headers: { accept: MediaType.ociManifest },
    });
    assert.equal(res.status, 200, `${who}: GET manifest ${ref}`);
    assert.ok(res.body.equals(image.manifest), `${who}: manifest bytes`);
    assert.equal(res.headers["docker-content-digest"], image.manifestDigest);
  }
  for (const [k, blob] of image.blobs.entries())
    await assertBlobIntact(base, image.repo, blob, `${who} blob ${k}`);
}

/** Runs `drydock gc` against the live data directory (a second process) `times` times in a row. */
async function gcFromCli(dataDir: string, graceMinutes: number, times: number): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < times; i++) {
    const args = [
      "gc",
      "--data-dir",
      dataDir,
      "--gc-grace",
      String(graceMinutes),
      "--gc-untagged",
      "true",
    ];
    const r = await runDrydock(args, { timeoutMs: 120_000 });
    assert.equal(r.code, 0, `drydock gc: ${r.stderr.slice(-2000)}`);
    codes.push(r.code ?? -1);
  }
  return codes;
}

describe("concurrency: garbage collection while pushes go on", { timeout: 600_000 }, () => {
  let fixtures = "";

  before(async () => {
    fixtures = await mkdtemp(join(tmpdir(), "drydock-e2e-gc-images-"));
  });

  after(async () => {
    if (fixtures) await rm(fixtures, { recursive: true, force: true });
  });

  it("with no grace period, loses nothing an acknowledged manifest references", async (t) => {
    const registry = await startRegistry({
      identity: { auth: "none" },
      gc: { intervalMinutes: 0.01, graceMinutes: 0, untaggedManifests: true },
    });
    try {
      const base = registry.url;
      const workers = await Promise.all(
        Array.from({ length: 4 }, (_, w) => makeImages(fixtures, `gc0/w${w}`, 3)),
      );

      // An unreferenced blob: its disappearance shows that collection really runs.
      const canary = randomBytes(10 * KB);
      expectCreated(await monolithicUpload(base, "gc0/canary", canary), sha256(canary), "canary");

      const acknowledged: Image[] = [];
      let pushing = true;
      let retries = 0;
      let mostAttempts = 0;
      const pushers = workers.map(async (images, w) => {
        for (const [n, image] of images.entries()) {
          const { attempts } = await pushImage(base, image, w + n);
          retries += attempts - 1;
          mostAttempts = Math.max(mostAttempts, attempts);
          acknowledged.push(image);
        }
      });
      // Pull what is acknowledged while pushes and collection go on.
      const reader = (async () => {
        for (let round = 0; round < 500 && pushing; round++) {
          for (const image of [...acknowledged]) await assertImageIntact(base, image);
          await pause(200);
        }
      })();
      const cli = gcFromCli(registry.dataDir, 0, 2);
      try {
        await Promise.all(pushers);
      } finally {
        pushing = false;
      }
      await reader;
      await cli;
      t.diagnostic(
        `manifest pushes retried after collection: ${retries}, most attempts ${mostAttempts}`,
      );
      assert.equal(acknowledged.length, 12);

      // A blob pushed after the last image goes once a collection pass has run since.
      const late = randomBytes(10 * KB);
      expectCreated(await monolithicUpload(base, "gc0/canary", late), sha256(late), "late canary");
      let gone = false;
      for (let i = 0; i < 120 && !gone; i++) {
        await pause(500);
        gone =
          (await httpRequest("HEAD", `${base}/v2/gc0/canary/blobs/${sha256(late)}`)).status === 404;
      }
      assert.ok(gone, "the collector removed an unreferenced blob");
      assert.equal((await getBlob(base, "gc0/canary", sha256(canary))).status, 404);

      for (const image of acknowledged) await assertImageIntact(base, image);
    } finally {
      await registry.close();
    }
  });

  it("within the grace period, loses no acknowledged blob, referenced or not", async () => {
    const registry = await startRegistry({
      identity: { auth: "none" },
      gc: { intervalMinutes: 0.01, graceMinutes: 5, untaggedManifests: true },
    });
    try {
      const base = registry.url;
      const workers = await Promise.all(
        Array.from({ length: 3 }, (_, w) => makeImages(fixtures, `gc5/w${w}`, 2)),
      );
      const loose = Array.from({ length: 12 }, (_, i) => randomBytes(64 * KB + i * 1000));
      const acknowledgedBlobs: { repo: string; data: Buffer }[] = [];
      const acknowledged: Image[] = [];

      const pushers = workers.map(async (images, w) => {
        for (const [n, image] of images.entries()) {
          const { attempts } = await pushImage(base, image, w + n);
          assert.equal(attempts, 1, "nothing is collected within the grace period");
          acknowledged.push(image);
        }
      });
      const loosePushers = loose.map(async (data, i) => {
        const repo = `gc5/loose-${i % 3}`;
        const res = await pushOneWay(base, repo, data, i);
        expectCreated(res, sha256(data), `loose blob ${i}`);
        acknowledgedBlobs.push({ repo, data });
      });
      // An untagged manifest is young too, so it stays.
      const untagged = (await makeImages(fixtures, "gc5/untagged", 1))[0]!;
      const untaggedPush = (async () => {
        await pushImage(base, untagged, 0);
        const del = await httpRequest(
          "DELETE",
          `${base}/v2/${untagged.repo}/manifests/${untagged.tag}`,
        );
        // Deleting a tag may be unsupported; the manifest is then simply tagged.
        assert.ok([202, 400, 404, 405].includes(del.status), `DELETE tag: ${del.status}`);
      })();
      await Promise.all([
        ...pushers,
        ...loosePushers,
        untaggedPush,
        gcFromCli(registry.dataDir, 5, 3),
      ]);

      // Give the in-process collector a few more passes.
      await pause(2_000);
      for (const image of acknowledged) await assertImageIntact(base, image);
      for (const { repo, data } of acknowledgedBlobs)
        await assertBlobIntact(base, repo, data, `${repo} loose`);
      const byDigest = await httpRequest(
        "GET",
        `${base}/v2/${untagged.repo}/manifests/${untagged.manifestDigest}`,
      );
      assert.equal(byDigest.status, 200, "young untagged manifest kept");
      for (const [k, blob] of untagged.blobs.entries())
        await assertBlobIntact(base, untagged.repo, blob, `untagged ${k}`);
    } finally {
      await registry.close();
    }
  });
});
