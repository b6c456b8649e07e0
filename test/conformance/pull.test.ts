/**
 * Pull: spec.md "Pull" (Pulling manifests, Pulling blobs, Checking if content exists),
 * end-1, end-2, end-3. Range requests per RFC 9110.
 */
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { writeOciLayout } from "../fixtures/oci-layout.ts";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";
import {
  assertError,
  buildIndex,
  Client,
  MediaType,
  randomBlob,
  sha256,
  show,
  uniqueRepo,
} from "./client.ts";

let reg: TestRegistry;
let c: Client;

before(async () => {
  reg = await startRegistry();
  c = new Client(reg.url, reg.admin);
});
after(async () => {
  await reg?.close();
});

describe("GET /v2/ (end-1)", () => {
  test("returns 200", async () => {
    const res = await c.get("/v2/");
    assert.equal(res.status, 200, show(res));
  });
  test("works without the trailing slash or answers with a redirect/404, never 5xx", async () => {
    const res = await c.get("/v2");
    assert.ok(res.status < 500, show(res));
  });
});

describe("blobs: GET and HEAD (end-2)", () => {
  test("GET returns the exact bytes with Docker-Content-Digest and Content-Length", async () => {
    const repo = uniqueRepo("pull");
    const data = randomBlob(3000);
    const digest = await c.pushBlob(repo, data);
    const res = await c.get(`/v2/${repo}/blobs/${digest}`);
    assert.equal(res.status, 200, show(res));
    assert.ok(res.body.equals(data), "blob bytes differ");
    assert.equal(sha256(res.body), digest);
    assert.equal(res.headers.get("docker-content-digest"), digest);
    assert.equal(res.headers.get("content-length"), String(data.length));
  });

  test("HEAD returns 200, Content-Length, Docker-Content-Digest and no body", async () => {
    const repo = uniqueRepo("pull");
    const data = randomBlob(1234);
    const digest = await c.pushBlob(repo, data);
    const res = await c.head(`/v2/${repo}/blobs/${digest}`);
    assert.equal(res.status, 200, show(res));
    assert.equal(res.body.length, 0);
    assert.equal(res.headers.get("content-length"), String(data.length));
    assert.equal(res.headers.get("docker-content-digest"), digest);
  });

  test("a zero-byte blob round-trips", async () => {
    const repo = uniqueRepo("pull");
    const digest = await c.pushBlob(repo, Buffer.alloc(0));
    assert.equal(digest, "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const res = await c.get(`/v2/${repo}/blobs/${digest}`);
    assert.equal(res.status, 200, show(res));
    assert.equal(res.body.length, 0);
    const head = await c.head(`/v2/${repo}/blobs/${digest}`);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("content-length"), "0");
  });

  test("unknown blob: GET 404 BLOB_UNKNOWN, HEAD 404 without body", async () => {
    const repo = uniqueRepo("pull");
    await c.pushBlob(repo, randomBlob(10)); // the repository exists
    const missing = sha256(randomBlob(16));
    assertError(await c.get(`/v2/${repo}/blobs/${missing}`), 404, "BLOB_UNKNOWN");
    const head = await c.head(`/v2/${repo}/blobs/${missing}`);
    assert.equal(head.status, 404);
    assert.equal(head.body.length, 0);
  });

  test("unknown repository: GET blob is 404 with BLOB_UNKNOWN or NAME_UNKNOWN", async () => {
    const missing = sha256(randomBlob(16));
    assertError(await c.get(`/v2/${uniqueRepo("nowhere")}/blobs/${missing}`), 404, [
      "BLOB_UNKNOWN",
      "NAME_UNKNOWN",
    ]);
  });

  test("a blob pushed to repository A is not readable from repository B", async () => {
    const a = uniqueRepo("iso");
    const b = uniqueRepo("iso");
    const digest = await c.pushBlob(a, randomBlob(100));
    await c.pushBlob(b, randomBlob(100)); // B exists but does not hold the blob
    assertError(await c.get(`/v2/${b}/blobs/${digest}`), 404, "BLOB_UNKNOWN");
    assert.equal((await c.head(`/v2/${b}/blobs/${digest}`)).status, 404);
    assertError(
      await c.get(`/v2/${b}/blobs/${digest}`, { headers: { range: "bytes=0-9" } }),
      404,
      "BLOB_UNKNOWN",
    );
    assert.equal((await c.get(`/v2/${a}/blobs/${digest}`)).status, 200);
  });
});

describe("blobs: Range requests (RFC 9110)", () => {
  const size = 1000;
  let repo: string;
  let data: Buffer;
  let digest: string;
  before(async () => {
    repo = uniqueRepo("range");
    data = randomBlob(size);
    digest = await c.pushBlob(repo, data);
  });

  const satisfiable: { range: string; start: number; end: number }[] = [
    { range: "bytes=0-9", start: 0, end: 9 },
    { range: "bytes=0-0", start: 0, end: 0 },
    { range: "bytes=100-199", start: 100, end: 199 },
    { range: "bytes=990-", start: 990, end: size - 1 },
    { range: "bytes=500-5000", start: 500, end: size - 1 },
    { range: "bytes=-10", start: size - 10, end: size - 1 },
    { range: `bytes=${size - 1}-${size - 1}`, start: size - 1, end: size - 1 },
  ];
  for (const row of satisfiable) {
    test(`Range ${row.range} -> 206 with Content-Range bytes ${row.start}-${row.end}/${size}`, async () => {
      const res = await c.get(`/v2/${repo}/blobs/${digest}`, { headers: { range: row.range } });
      assert.equal(res.status, 206, show(res));
      assert.equal(res.headers.get("content-range"), `bytes ${row.start}-${row.end}/${size}`);
      assert.ok(res.body.equals(data.subarray(row.start, row.end + 1)), "range bytes differ");
      assert.equal(res.headers.get("content-length"), String(row.end - row.start + 1));
    });
  }

  for (const range of [
    `bytes=${size}-`,
    `bytes=${size + 10}-${size + 20}`,
    `bytes=${size}-${size}`,
  ]) {
    test(`Range ${range} -> 416 with Content-Range bytes */${size}`, async () => {
      const res = await c.get(`/v2/${repo}/blobs/${digest}`, { headers: { range } });
      assert.equal(res.status, 416, show(res));
      assert.equal(res.headers.get("content-range"), `bytes */${size}`);
    });
  }

  test("resuming a download with Range gives back the whole blob", async () => {
    const first = await c.get(`/v2/${repo}/blobs/${digest}`, { headers: { range: "bytes=0-399" } });
    const rest = await c.get(`/v2/${repo}/blobs/${digest}`, { headers: { range: "bytes=400-" } });
    assert.equal(first.status, 206);
    assert.equal(rest.status, 206);
    assert.equal(sha256(Buffer.concat([first.body, rest.body])), digest);
  });

  for (const range of ["bytes=abc", "bytes=5-1", "items=0-1", "bytes=0-1,5-6", "bytes=--1"]) {
    test(`odd Range "${range}" never gives a 5xx or wrong bytes`, async () => {
      const res = await c.get(`/v2/${repo}/blobs/${digest}`, { headers: { range } });
      assert.ok([200, 206, 416].includes(res.status), show(res));
      if (res.status === 200) assert.ok(res.body.equals(data));
    });
  }
});

describe("manifests: GET and HEAD (end-3)", () => {
  test("GET by tag and by digest returns the exact bytes, Content-Type and Docker-Content-Digest", async () => {
    const repo = uniqueRepo("pull");
    const img = await c.pushImage(repo, "v1");
    for (const ref of ["v1", img.digest]) {
      const res = await c.get(`/v2/${repo}/manifests/${ref}`, {
        headers: { accept: MediaType.ociManifest },
      });
      assert.equal(res.status, 200, show(res));
      assert.ok(res.body.equals(img.manifest), "manifest bytes differ");
      assert.equal(res.headers.get("content-type"), MediaType.ociManifest);
      assert.equal(res.headers.get("docker-content-digest"), img.digest);
    }
  });

  test("HEAD by tag and digest: 200, Content-Length, Content-Type, Docker-Content-Digest, no body", async () => {
    const repo = uniqueRepo("pull");
    const img = await c.pushImage(repo, "latest");
    for (const ref of ["latest", img.digest]) {
      const res = await c.head(`/v2/${repo}/manifests/${ref}`);
      assert.equal(res.status, 200, show(res));
      assert.equal(res.body.length, 0);
      assert.equal(res.headers.get("content-length"), String(img.manifest.length));
      assert.equal(res.headers.get("content-type"), MediaType.ociManifest);
      assert.equal(res.headers.get("docker-content-digest"), img.digest);
    }
  });

  test("GET without an Accept header still returns the manifest", async () => {
    const repo = uniqueRepo("pull");
    const img = await c.pushImage(repo, "x");
    const res = await c.get(`/v2/${repo}/manifests/x`);
    assert.equal(res.status, 200, show(res));
    assert.ok(res.body.equals(img.manifest));
  });

  test("unknown tag and unknown digest: 404 MANIFEST_UNKNOWN; HEAD 404", async () => {
    const repo = uniqueRepo("pull");
    await c.pushImage(repo, "present");
    const missing = sha256(randomBlob(8));
    assertError(await c.get(`/v2/${repo}/manifests/absent`), 404, "MANIFEST_UNKNOWN");
    assertError(await c.get(`/v2/${repo}/manifests/${missing}`), 404, "MANIFEST_UNKNOWN");
    assert.equal((await c.head(`/v2/${repo}/manifests/absent`)).status, 404);
    assert.equal((await c.head(`/v2/${repo}/manifests/${missing}`)).status, 404);
  });

  test("unknown repository: GET manifest is 404 (NAME_UNKNOWN or MANIFEST_UNKNOWN)", async () => {
    assertError(await c.get(`/v2/${uniqueRepo("nowhere")}/manifests/latest`), 404, [
      "NAME_UNKNOWN",
      "MANIFEST_UNKNOWN",
    ]);
  });

  test("a manifest of repository A is not readable from repository B", async () => {
    const a = uniqueRepo("iso");
    const b = uniqueRepo("iso");
    const img = await c.pushImage(a, "t");
    await c.pushImage(b, "t");
    assertError(await c.get(`/v2/${b}/manifests/${img.digest}`), 404, "MANIFEST_UNKNOWN");
    const res = await c.get(`/v2/${b}/manifests/t`);
    assert.equal(res.status, 200);
    assert.notEqual(sha256(res.body), img.digest);
  });

  test("an image index is served with its own Content-Type", async () => {
    const repo = uniqueRepo("pull");
    const a = await c.pushImage(repo);
    const b = await c.pushImage(repo);
    const index = buildIndex([
      { mediaType: a.mediaType, body: a.manifest },
      { mediaType: b.mediaType, body: b.manifest },
    ]);
    await c.pushManifest(repo, "multi", index.body, index.mediaType);
    const res = await c.get(`/v2/${repo}/manifests/multi`);
    assert.equal(res.status, 200, show(res));
    assert.equal(res.headers.get("content-type"), MediaType.ociIndex);
    assert.ok(res.body.equals(index.body));
    const head = await c.head(`/v2/${repo}/manifests/${index.digest}`);
    assert.equal(head.headers.get("content-type"), MediaType.ociIndex);
    assert.equal(head.headers.get("docker-content-digest"), index.digest);
  });
});

describe("pulling a real generated image", () => {
  test("push every blob of an OCI layout, then pull and verify every digest", async () => {
    const dir = await mkdtemp(join(tmpdir(), "drydock-conf-layout-"));
    try {
      const image = await writeOciLayout({ dir, layerSizes: [300_000, 20_000] });
      const repo = uniqueRepo("real");
      const blob = (digest: string) =>
        readFile(join(dir, "blobs", "sha256", digest.slice("sha256:".length)));
      const configDigest = sha256(image.config);
      await c.pushBlob(repo, image.config);
      for (const layer of image.layers) await c.pushBlob(repo, await blob(layer.digest));
      await c.pushManifest(repo, image.tag, image.manifest, MediaType.ociManifest);

      const m = await c.get(`/v2/${repo}/manifests/${image.tag}`);
      assert.equal(m.status, 200, show(m));
      assert.equal(sha256(m.body), image.manifestDigest);
      const parsed = m.json<{
        config: { digest: string };
        layers: { digest: string; size: number }[];
      }>();
      assert.equal(parsed.config.digest, configDigest);
      for (const d of [parsed.config.digest, ...parsed.layers.map((l) => l.digest)]) {
        const res = await c.get(`/v2/${repo}/blobs/${d}`);
        assert.equal(res.status, 200, show(res));
        assert.equal(sha256(res.body), d);
      }
      for (const l of parsed.layers) {
        const res = await c.head(`/v2/${repo}/blobs/${l.digest}`);
        assert.equal(res.headers.get("content-length"), String(l.size));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
