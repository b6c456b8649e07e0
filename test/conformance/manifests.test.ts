/**
 * Manifest validation and deletion: spec.md "Push" (MANIFEST_BLOB_UNKNOWN), "Pushing
 * Manifests" (413, exact bytes, digest), "Pushing Manifests with Subject" (OCI-Subject),
 * "Deleting Manifests", "Deleting tags"; image-spec manifest.md / image-index.md / descriptor.md.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";
import {
  assertError,
  buildImage,
  buildIndex,
  Client,
  descriptor,
  EMPTY_JSON,
  EMPTY_JSON_DIGEST,
  type Json,
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

const MiB = 1024 * 1024;

describe("references must exist: MANIFEST_BLOB_UNKNOWN", () => {
  const cases = [
    { name: "config blob missing", missing: "config" as const },
    { name: "a layer blob missing", missing: "layer" as const },
  ];
  for (const docker of [false, true]) {
    for (const row of cases) {
      test(`${docker ? "Docker" : "OCI"} manifest, ${row.name} -> 4xx MANIFEST_BLOB_UNKNOWN, nothing stored`, async () => {
        const repo = uniqueRepo("refs");
        const img = buildImage({ docker, layerCount: 2 });
        const present = row.missing === "config" ? img.layers : [img.config, img.layers[0]!];
        await c.pushBlobs(repo, present);
        const res = await c.putManifest(repo, "t", img.manifest, img.mediaType);
        assertError(res, [400, 404], "MANIFEST_BLOB_UNKNOWN");
        assert.equal((await c.get(`/v2/${repo}/manifests/t`)).status, 404);
        assert.equal((await c.get(`/v2/${repo}/manifests/${img.digest}`)).status, 404);
      });
    }
  }

  test("blobs that exist only in another repository do not count", async () => {
    const other = uniqueRepo("refs");
    const repo = uniqueRepo("refs");
    const img = buildImage();
    await c.pushBlobs(other, [img.config, ...img.layers]);
    await c.pushBlob(repo, randomBlob(5));
    assertError(
      await c.putManifest(repo, "t", img.manifest, img.mediaType),
      [400, 404],
      "MANIFEST_BLOB_UNKNOWN",
    );
  });

  for (const docker of [false, true]) {
    test(`${docker ? "Docker manifest list" : "OCI index"} with a missing child manifest -> MANIFEST_BLOB_UNKNOWN`, async () => {
      const repo = uniqueRepo("refs");
      const present = await c.pushImage(repo, undefined, { docker });
      const absent = buildImage({ docker });
      await c.pushBlobs(repo, [absent.config, ...absent.layers]); // its blobs, but not the manifest
      const index = buildIndex(
        [
          { mediaType: present.mediaType, body: present.manifest },
          { mediaType: absent.mediaType, body: absent.manifest },
        ],
        { docker },
      );
      assertError(
        await c.putManifest(repo, "idx", index.body, index.mediaType),
        [400, 404],
        "MANIFEST_BLOB_UNKNOWN",
      );
      assert.equal((await c.get(`/v2/${repo}/manifests/idx`)).status, 404);
    });
  }

  test("an index child that exists only in another repository does not count", async () => {
    const other = uniqueRepo("refs");
    const repo = uniqueRepo("refs");
    const child = await c.pushImage(other);
    await c.pushImage(repo);
    const index = buildIndex([{ mediaType: child.mediaType, body: child.manifest }]);
    assertError(
      await c.putManifest(repo, "idx", index.body, index.mediaType),
      [400, 404],
      "MANIFEST_BLOB_UNKNOWN",
    );
  });

  test("a blob deleted before the manifest push is reported", async () => {
    const repo = uniqueRepo("refs");
    const img = buildImage();
    await c.pushBlobs(repo, [img.config, ...img.layers]);
    assert.equal((await c.del(`/v2/${repo}/blobs/${sha256(img.layers[0]!)}`)).status, 202);
    assertError(
      await c.putManifest(repo, "t", img.manifest, img.mediaType),
      [400, 404],
      "MANIFEST_BLOB_UNKNOWN",
    );
  });

  test("a subject that does not exist is accepted (spec: MUST initially accept)", async () => {
    const repo = uniqueRepo("refs");
    const ghost = buildImage();
    await c.pushBlob(repo, EMPTY_JSON);
    const art = buildImage({
      config: EMPTY_JSON,
      configMediaType: MediaType.ociEmpty,
      artifactType: "application/vnd.example.sig",
      subject: descriptor(ghost.mediaType, ghost.manifest),
    });
    await c.pushBlobs(repo, art.layers);
    const res = await c.putManifest(repo, art.digest, art.manifest, art.mediaType);
    assert.equal(res.status, 201, show(res));
    assert.equal(res.headers.get("oci-subject"), ghost.digest);
  });
});

describe("OCI-Subject header", () => {
  test("PUT of an image manifest with subject -> 201 + OCI-Subject: <subject digest>", async () => {
    const repo = uniqueRepo("subj");
    const base = await c.pushImage(repo, "base");
    await c.pushBlob(repo, EMPTY_JSON);
    const art = buildImage({
      config: EMPTY_JSON,
      configMediaType: MediaType.ociEmpty,
      artifactType: "application/vnd.example.sbom",
      subject: descriptor(base.mediaType, base.manifest),
    });
    await c.pushBlobs(repo, art.layers);
    const res = await c.putManifest(repo, art.digest, art.manifest, art.mediaType);
    assert.equal(res.status, 201, show(res));
    assert.equal(res.headers.get("oci-subject"), base.digest);
  });

  test("PUT of an index with subject -> OCI-Subject", async () => {
    const repo = uniqueRepo("subj");
    const base = await c.pushImage(repo, "base");
    const child = await c.pushImage(repo);
    const index = buildIndex([{ mediaType: child.mediaType, body: child.manifest }], {
      subject: descriptor(base.mediaType, base.manifest),
    });
    const res = await c.putManifest(repo, index.digest, index.body, index.mediaType);
    assert.equal(res.status, 201, show(res));
    assert.equal(res.headers.get("oci-subject"), base.digest);
  });

  test("PUT without subject -> no OCI-Subject header", async () => {
    const repo = uniqueRepo("subj");
    const img = buildImage();
    await c.pushBlobs(repo, [img.config, ...img.layers]);
    const res = await c.putManifest(repo, "x", img.manifest, img.mediaType);
    assert.equal(res.status, 201);
    assert.equal(res.headers.get("oci-subject"), null);
  });
});

describe("invalid manifests -> 400 MANIFEST_INVALID", () => {
  // Each row: body and Content-Type; codes acceptable per row.
  const layer = randomBlob(16);
  const config = Buffer.from('{"os":"linux"}');
  const good = () => ({
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: descriptor(MediaType.ociConfig, config),
    layers: [descriptor(MediaType.ociLayerGzip, layer)],
  });
  const rows: { name: string; body: string | Buffer; type: string; codes?: string[] }[] = [
    { name: "not JSON", body: "this is not json", type: MediaType.ociManifest },
    {
      name: "truncated JSON",
      body: JSON.stringify(good()).slice(0, 40),
      type: MediaType.ociManifest,
    },
    { name: "empty body", body: "", type: MediaType.ociManifest },
    { name: "JSON array", body: "[]", type: MediaType.ociManifest },
    { name: "JSON string", body: '"manifest"', type: MediaType.ociManifest },
    { name: "JSON null", body: "null", type: MediaType.ociManifest },
    { name: "empty object", body: "{}", type: MediaType.ociManifest },
    {
      name: "schemaVersion 1",
      body: JSON.stringify({ ...good(), schemaVersion: 1 }),
      type: MediaType.ociManifest,
    },
    {
      name: "schemaVersion as a string",
      body: JSON.stringify({ ...good(), schemaVersion: "2" }),
      type: MediaType.ociManifest,
    },
    {
      name: "config missing",
      body: JSON.stringify({ ...good(), config: undefined }),
      type: MediaType.ociManifest,
    },
    {
      name: "layers not an array",
      body: JSON.stringify({ ...good(), layers: {} }),
      type: MediaType.ociManifest,
    },
    {
      name: "descriptor size negative",
      body: JSON.stringify({
        ...good(),
        config: { ...descriptor(MediaType.ociConfig, config), size: -1 },
      }),
      type: MediaType.ociManifest,
    },
    {
      name: "descriptor size a string",
      body: JSON.stringify({
        ...good(),
        config: { ...descriptor(MediaType.ociConfig, config), size: "14" },
      }),
      type: MediaType.ociManifest,
    },
    {
      name: "descriptor digest malformed",
      body: JSON.stringify({
        ...good(),
        config: { ...descriptor(MediaType.ociConfig, config), digest: "sha256:xyz" },
      }),
      type: MediaType.ociManifest,
      codes: ["MANIFEST_INVALID", "DIGEST_INVALID"],
    },
    {
      name: "descriptor without mediaType",
      body: JSON.stringify({ ...good(), layers: [{ digest: sha256(layer), size: layer.length }] }),
      type: MediaType.ociManifest,
    },
    {
      name: "mediaType is a number",
      body: JSON.stringify({ ...good(), mediaType: 7 }),
      type: MediaType.ociManifest,
    },
    {
      name: "index without manifests",
      body: JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex }),
      type: MediaType.ociIndex,
    },
    {
      name: "deeply nested JSON",
      body: `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
      type: MediaType.ociManifest,
    },
  ];
  for (const row of rows) {
    test(`${row.name} -> 400 ${(row.codes ?? ["MANIFEST_INVALID"]).join("/")}`, async () => {
      const repo = uniqueRepo("inv");
      await c.pushBlobs(repo, [config, layer]);
      const res = await c.putManifest(repo, "t", row.body, row.type);
      assertError(res, 400, row.codes ?? "MANIFEST_INVALID");
      assert.equal((await c.get(`/v2/${repo}/manifests/t`)).status, 404);
    });
  }

  const mismatches = [
    { header: MediaType.ociIndex, body: MediaType.ociManifest },
    { header: MediaType.dockerManifest, body: MediaType.ociManifest },
    { header: MediaType.ociManifest, body: MediaType.dockerManifest },
  ];
  for (const m of mismatches) {
    test(`Content-Type ${m.header} with body mediaType ${m.body} -> 400 MANIFEST_INVALID`, async () => {
      const repo = uniqueRepo("inv");
      const img = buildImage({ docker: m.body === MediaType.dockerManifest });
      await c.pushBlobs(repo, [img.config, ...img.layers]);
      assertError(await c.putManifest(repo, "t", img.manifest, m.header), 400, "MANIFEST_INVALID");
      assert.equal((await c.get(`/v2/${repo}/manifests/t`)).status, 404);
    });
  }

  test("PUT by digest whose body hashes to something else -> 400 DIGEST_INVALID", async () => {
    const repo = uniqueRepo("inv");
    const img = buildImage();
    await c.pushBlobs(repo, [img.config, ...img.layers]);
    const other = sha256(randomBlob(20));
    assertError(
      await c.putManifest(repo, other, img.manifest, img.mediaType),
      400,
      "DIGEST_INVALID",
    );
    assert.equal((await c.get(`/v2/${repo}/manifests/${other}`)).status, 404);
    assert.equal((await c.get(`/v2/${repo}/manifests/${img.digest}`)).status, 404);
  });

  for (const ref of ["-leadingdash", ".dot", "a".repeat(129), "has:colon", "sha256:abc"]) {
    test(`PUT with an invalid reference ${JSON.stringify(ref.slice(0, 20))} -> 4xx with an error code`, async () => {
      const repo = uniqueRepo("inv");
      const img = buildImage();
      await c.pushBlobs(repo, [img.config, ...img.layers]);
      const res = await c.putManifest(repo, ref, img.manifest, img.mediaType);
      assert.ok(res.status >= 400 && res.status < 500, show(res));
      assertError(res, [400, 404], ["MANIFEST_INVALID", "DIGEST_INVALID", "NAME_INVALID"]);
    });
  }
});

describe("manifest size limit (default 4 MiB)", () => {
  /** A valid OCI manifest padded with an annotation to exactly `size` bytes. */
  function padded(config: Buffer, layer: Buffer, size: number): Buffer {
    const json = (pad: string): Json => ({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: descriptor(MediaType.ociConfig, config),
      layers: [descriptor(MediaType.ociLayerGzip, layer)],
      annotations: { pad },
    });
    const overhead = Buffer.byteLength(JSON.stringify(json("")));
    const body = Buffer.from(JSON.stringify(json("x".repeat(size - overhead))));
    assert.equal(body.length, size);
    return body;
  }

  test("a manifest of exactly 4 MiB is accepted and returned intact", async () => {
    const repo = uniqueRepo("big");
    const config = Buffer.from("{}");
    const layer = randomBlob(10);
    await c.pushBlobs(repo, [config, layer]);
    const body = padded(config, layer, 4 * MiB);
    const res = await c.putManifest(repo, "big", body, MediaType.ociManifest);
    assert.equal(res.status, 201, show(res));
    const got = await c.get(`/v2/${repo}/manifests/big`);
    assert.equal(sha256(got.body), sha256(body));
  });

  test("a manifest of 4 MiB + 1 byte is rejected with 4xx and an error code (413 expected)", async () => {
    const repo = uniqueRepo("big");
    const config = Buffer.from("{}");
    const layer = randomBlob(10);
    await c.pushBlobs(repo, [config, layer]);
    const body = padded(config, layer, 4 * MiB + 1);
    const res = await c.putManifest(repo, "big", body, MediaType.ociManifest);
    assertError(res, [400, 413], ["SIZE_INVALID", "MANIFEST_INVALID"]);
    assert.equal((await c.get(`/v2/${repo}/manifests/big`)).status, 404);
    assert.equal((await c.get("/v2/")).status, 200);
  });
});

describe("DELETE manifests and tags (end-9)", () => {
  test("DELETE by tag -> 202: the tag is gone, the manifest is still there by digest", async () => {
    const repo = uniqueRepo("delm");
    const img = await c.pushImage(repo, "gone");
    await c.pushManifest(repo, "kept", img.manifest, img.mediaType);
    const res = await c.del(`/v2/${repo}/manifests/gone`);
    assert.equal(res.status, 202, show(res));
    assertError(await c.get(`/v2/${repo}/manifests/gone`), 404, "MANIFEST_UNKNOWN");
    assert.equal((await c.head(`/v2/${repo}/manifests/gone`)).status, 404);
    const byDigest = await c.get(`/v2/${repo}/manifests/${img.digest}`);
    assert.equal(byDigest.status, 200, show(byDigest));
    assert.ok(byDigest.body.equals(img.manifest));
    assert.equal((await c.get(`/v2/${repo}/manifests/kept`)).status, 200);
    const tags = await c.get(`/v2/${repo}/tags/list`);
    assert.deepEqual(tags.json<{ tags: string[] }>().tags, ["kept"]);
  });

  test("DELETE by digest -> 202: GET 404 MANIFEST_UNKNOWN, and every tag pointing at it is gone", async () => {
    const repo = uniqueRepo("delm");
    const img = await c.pushImage(repo, "one");
    await c.pushManifest(repo, "two", img.manifest, img.mediaType);
    const keep = await c.pushImage(repo, "three");
    const res = await c.del(`/v2/${repo}/manifests/${img.digest}`);
    assert.equal(res.status, 202, show(res));
    assertError(await c.get(`/v2/${repo}/manifests/${img.digest}`), 404, "MANIFEST_UNKNOWN");
    assert.equal((await c.head(`/v2/${repo}/manifests/${img.digest}`)).status, 404);
    assertError(await c.get(`/v2/${repo}/manifests/one`), 404, "MANIFEST_UNKNOWN");
    assertError(await c.get(`/v2/${repo}/manifests/two`), 404, "MANIFEST_UNKNOWN");
    const tags = await c.get(`/v2/${repo}/tags/list`);
    assert.equal(tags.status, 200, show(tags));
    assert.deepEqual(tags.json<{ tags: string[] }>().tags, ["three"]);
    assert.equal(sha256((await c.get(`/v2/${repo}/manifests/three`)).body), keep.digest);
  });

  test("a deleted manifest can be pushed again", async () => {
    const repo = uniqueRepo("delm");
    const img = await c.pushImage(repo, "t");
    assert.equal((await c.del(`/v2/${repo}/manifests/${img.digest}`)).status, 202);
    await c.pushManifest(repo, "t", img.manifest, img.mediaType);
    const got = await c.get(`/v2/${repo}/manifests/t`);
    assert.ok(got.body.equals(img.manifest));
  });

  test("DELETE of an unknown digest or tag -> 404 MANIFEST_UNKNOWN", async () => {
    const repo = uniqueRepo("delm");
    await c.pushImage(repo, "t");
    assertError(
      await c.del(`/v2/${repo}/manifests/${sha256(randomBlob(4))}`),
      404,
      "MANIFEST_UNKNOWN",
    );
    assertError(await c.del(`/v2/${repo}/manifests/nope`), 404, "MANIFEST_UNKNOWN");
  });

  test("DELETE in an unknown repository -> 404", async () => {
    const res = await c.del(`/v2/${uniqueRepo("ghost")}/manifests/${sha256(randomBlob(4))}`);
    assertError(res, 404, ["NAME_UNKNOWN", "MANIFEST_UNKNOWN"]);
  });

  test("deleting a manifest in repository A leaves the same manifest in repository B", async () => {
    const a = uniqueRepo("delm");
    const b = uniqueRepo("delm");
    const img = await c.pushImage(a, "t");
    await c.pushBlobs(b, [img.config, ...img.layers]);
    await c.pushManifest(b, "t", img.manifest, img.mediaType);
    assert.equal((await c.del(`/v2/${a}/manifests/${img.digest}`)).status, 202);
    const got = await c.get(`/v2/${b}/manifests/t`);
    assert.equal(got.status, 200, show(got));
    assert.ok(got.body.equals(img.manifest));
  });

  test("deleting a tag of one repository does not touch the same tag elsewhere", async () => {
    const a = uniqueRepo("delm");
    const b = uniqueRepo("delm");
    await c.pushImage(a, "same");
    const bi = await c.pushImage(b, "same");
    assert.equal((await c.del(`/v2/${a}/manifests/same`)).status, 202);
    assert.equal(sha256((await c.get(`/v2/${b}/manifests/same`)).body), bi.digest);
  });

  test("artifact with an empty config descriptor round-trips and is deletable", async () => {
    const repo = uniqueRepo("delm");
    await c.pushBlob(repo, EMPTY_JSON);
    const art = buildImage({
      config: EMPTY_JSON,
      configMediaType: MediaType.ociEmpty,
      artifactType: "application/vnd.example.thing",
    });
    assert.equal(sha256(EMPTY_JSON), EMPTY_JSON_DIGEST);
    await c.pushBlobs(repo, art.layers);
    await c.pushManifest(repo, "art", art.manifest, art.mediaType);
    assert.equal((await c.del(`/v2/${repo}/manifests/${art.digest}`)).status, 202);
    assert.equal((await c.get(`/v2/${repo}/manifests/art`)).status, 404);
  });
});
