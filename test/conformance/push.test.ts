/**
 * Push: spec.md "Push" (Pushing a blob monolithically: POST then PUT, Single POST;
 * Mounting a blob from another repository; Pushing Manifests), end-4a, end-4b, end-6,
 * end-7, end-11.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";
import {
  assertError,
  buildImage,
  buildIndex,
  Client,
  MediaType,
  randomBlob,
  rangeEnd,
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

describe("monolithic blob push: POST then PUT", () => {
  test("POST -> 202 with Location and Range; PUT ?digest= -> 201 with Location and Docker-Content-Digest", async () => {
    const repo = uniqueRepo("push");
    const data = randomBlob(5000);
    const digest = sha256(data);
    const post = await c.post(`/v2/${repo}/blobs/uploads/`, { headers: { "content-length": "0" } });
    assert.equal(post.status, 202, show(post));
    assert.ok(post.headers.get("location"), "Location missing");
    assert.ok(post.headers.get("range"), "Range missing");
    rangeEnd(post);
    const put = await c.put(c.location(post).toString(), {
      query: { digest },
      headers: { "content-type": "application/octet-stream" },
      body: data,
    });
    assert.equal(put.status, 201, show(put));
    assert.equal(put.headers.get("docker-content-digest"), digest);
    const blobUrl = c.location(put);
    const got = await c.get(blobUrl.toString());
    assert.equal(got.status, 200, show(got));
    assert.ok(got.body.equals(data), "stored bytes differ");
    const direct = await c.get(`/v2/${repo}/blobs/${digest}`);
    assert.ok(direct.body.equals(data));
  });

  test("two sessions of one repository get distinct Locations", async () => {
    const repo = uniqueRepo("push");
    const a = await c.startUpload(repo);
    const b = await c.startUpload(repo);
    assert.notEqual(a.toString(), b.toString());
  });

  test("PUT with a digest the bytes do not hash to -> 400 DIGEST_INVALID and no blob", async () => {
    const repo = uniqueRepo("push");
    const data = randomBlob(100);
    const wrong = sha256(randomBlob(100));
    const loc = await c.startUpload(repo);
    const put = await c.put(loc.toString(), { query: { digest: wrong }, body: data });
    assertError(put, 400, "DIGEST_INVALID");
    assert.equal((await c.head(`/v2/${repo}/blobs/${wrong}`)).status, 404);
    assert.equal((await c.head(`/v2/${repo}/blobs/${sha256(data)}`)).status, 404);
  });

  test("PUT without a digest parameter -> 400 (DIGEST_INVALID or BLOB_UPLOAD_INVALID)", async () => {
    const repo = uniqueRepo("push");
    const loc = await c.startUpload(repo);
    const put = await c.put(loc.toString(), { body: randomBlob(10) });
    assertError(put, 400, ["DIGEST_INVALID", "BLOB_UPLOAD_INVALID"]);
  });

  test("pushing the same blob twice succeeds both times", async () => {
    const repo = uniqueRepo("push");
    const data = randomBlob(200);
    const d1 = await c.pushBlob(repo, data);
    const d2 = await c.pushBlob(repo, data);
    assert.equal(d1, d2);
    const got = await c.get(`/v2/${repo}/blobs/${d1}`);
    assert.ok(got.body.equals(data));
  });

  test("a finished session cannot be reused: 404 BLOB_UPLOAD_UNKNOWN", async () => {
    const repo = uniqueRepo("push");
    const data = randomBlob(50);
    const loc = await c.startUpload(repo);
    const put = await c.put(loc.toString(), { query: { digest: sha256(data) }, body: data });
    assert.equal(put.status, 201, show(put));
    assertError(await c.get(loc.toString()), 404, "BLOB_UPLOAD_UNKNOWN");
    assertError(
      await c.put(loc.toString(), { query: { digest: sha256(data) }, body: data }),
      404,
      "BLOB_UPLOAD_UNKNOWN",
    );
  });
});

describe("monolithic blob push: single POST ?digest= (end-4b)", () => {
  test("POST ?digest= with the body -> 201, Location, Docker-Content-Digest; bytes stored", async () => {
    const repo = uniqueRepo("push");
    const data = randomBlob(4096);
    const digest = sha256(data);
    const res = await c.post(`/v2/${repo}/blobs/uploads/`, {
      query: { digest },
      headers: { "content-type": "application/octet-stream" },
      body: data,
    });
    assert.equal(res.status, 201, show(res));
    assert.equal(res.headers.get("docker-content-digest"), digest);
    const got = await c.get(c.location(res).toString());
    assert.equal(got.status, 200, show(got));
    assert.ok(got.body.equals(data));
  });

  test("POST ?digest= whose body hashes to something else -> 400 DIGEST_INVALID, nothing stored", async () => {
    const repo = uniqueRepo("push");
    const data = randomBlob(300);
    const wrong = sha256(randomBlob(300));
    const res = await c.post(`/v2/${repo}/blobs/uploads/`, {
      query: { digest: wrong },
      body: data,
    });
    assertError(res, 400, "DIGEST_INVALID");
    assert.equal((await c.head(`/v2/${repo}/blobs/${wrong}`)).status, 404);
    assert.equal((await c.head(`/v2/${repo}/blobs/${sha256(data)}`)).status, 404);
  });
});

describe("cross-repository mount (end-11)", () => {
  test("blob in `from` -> 201 with the blob's Location; readable in the target, identical bytes", async () => {
    const from = uniqueRepo("src");
    const to = uniqueRepo("dst");
    const data = randomBlob(2048);
    const digest = await c.pushBlob(from, data);
    assert.equal((await c.head(`/v2/${to}/blobs/${digest}`)).status, 404);
    const res = await c.post(`/v2/${to}/blobs/uploads/`, { query: { mount: digest, from } });
    assert.equal(res.status, 201, show(res));
    const dcd = res.headers.get("docker-content-digest");
    if (dcd !== null) assert.equal(dcd, digest);
    const viaLocation = await c.get(c.location(res).toString());
    assert.equal(viaLocation.status, 200, show(viaLocation));
    assert.ok(viaLocation.body.equals(data));
    const direct = await c.get(`/v2/${to}/blobs/${digest}`);
    assert.equal(direct.status, 200);
    assert.ok(direct.body.equals(data));
  });

  test("blob not in `from` (though elsewhere in the registry) -> 202 with a new upload session", async () => {
    const holder = uniqueRepo("holder");
    const from = uniqueRepo("src");
    const to = uniqueRepo("dst");
    const data = randomBlob(300);
    const digest = await c.pushBlob(holder, data);
    await c.pushBlob(from, randomBlob(10));
    const res = await c.post(`/v2/${to}/blobs/uploads/`, { query: { mount: digest, from } });
    assert.equal(res.status, 202, show(res));
    assert.equal(
      (await c.head(`/v2/${to}/blobs/${digest}`)).status,
      404,
      "blob must not be mounted",
    );
    // the session it opened works
    const put = await c.put(c.location(res).toString(), { query: { digest }, body: data });
    assert.equal(put.status, 201, show(put));
    const got = await c.get(`/v2/${to}/blobs/${digest}`);
    assert.ok(got.body.equals(data));
  });

  test("`from` repository that does not exist -> 202 session", async () => {
    const to = uniqueRepo("dst");
    const digest = sha256(randomBlob(10));
    const res = await c.post(`/v2/${to}/blobs/uploads/`, {
      query: { mount: digest, from: uniqueRepo("ghost") },
    });
    assert.equal(res.status, 202, show(res));
    assert.ok(res.headers.get("location"));
  });

  test("a mounted blob stays readable in the target after it is deleted from the source", async () => {
    const from = uniqueRepo("src");
    const to = uniqueRepo("dst");
    const data = randomBlob(500);
    const digest = await c.pushBlob(from, data);
    assert.equal(
      (await c.post(`/v2/${to}/blobs/uploads/`, { query: { mount: digest, from } })).status,
      201,
    );
    assert.equal((await c.del(`/v2/${from}/blobs/${digest}`)).status, 202);
    assert.equal((await c.head(`/v2/${from}/blobs/${digest}`)).status, 404);
    const got = await c.get(`/v2/${to}/blobs/${digest}`);
    assert.equal(got.status, 200, show(got));
    assert.ok(got.body.equals(data));
  });
});

describe("blob DELETE (end-10)", () => {
  test("DELETE -> 202; then GET 404 BLOB_UNKNOWN and HEAD 404", async () => {
    const repo = uniqueRepo("del");
    const digest = await c.pushBlob(repo, randomBlob(100));
    const res = await c.del(`/v2/${repo}/blobs/${digest}`);
    assert.equal(res.status, 202, show(res));
    assertError(await c.get(`/v2/${repo}/blobs/${digest}`), 404, "BLOB_UNKNOWN");
    assert.equal((await c.head(`/v2/${repo}/blobs/${digest}`)).status, 404);
  });

  test("DELETE of an unknown blob -> 404 BLOB_UNKNOWN", async () => {
    const repo = uniqueRepo("del");
    await c.pushBlob(repo, randomBlob(10));
    assertError(await c.del(`/v2/${repo}/blobs/${sha256(randomBlob(10))}`), 404, "BLOB_UNKNOWN");
  });

  test("deleting from repository A leaves the same blob in repository B", async () => {
    const a = uniqueRepo("del");
    const b = uniqueRepo("del");
    const data = randomBlob(700);
    const digest = await c.pushBlob(a, data);
    await c.pushBlob(b, data);
    assert.equal((await c.del(`/v2/${a}/blobs/${digest}`)).status, 202);
    const got = await c.get(`/v2/${b}/blobs/${digest}`);
    assert.equal(got.status, 200, show(got));
    assert.ok(got.body.equals(data));
  });

  test("a deleted blob can be pushed again", async () => {
    const repo = uniqueRepo("del");
    const data = randomBlob(64);
    const digest = await c.pushBlob(repo, data);
    assert.equal((await c.del(`/v2/${repo}/blobs/${digest}`)).status, 202);
    await c.pushBlob(repo, data);
    const got = await c.get(`/v2/${repo}/blobs/${digest}`);
    assert.ok(got.body.equals(data));
  });
});

describe("manifest PUT for each manifest type (end-7)", () => {
  const kinds = [
    { name: "OCI image manifest", docker: false },
    { name: "Docker schema 2 manifest", docker: true },
  ];
  for (const kind of kinds) {
    test(`${kind.name}: 201 + Location + Docker-Content-Digest; GET echoes Content-Type and bytes`, async () => {
      const repo = uniqueRepo("mf");
      const img = buildImage({ docker: kind.docker, layerCount: 2 });
      await c.pushBlob(repo, img.config);
      for (const l of img.layers) await c.pushBlob(repo, l);
      const res = await c.putManifest(repo, "v1", img.manifest, img.mediaType);
      assert.equal(res.status, 201, show(res));
      assert.equal(res.headers.get("docker-content-digest"), img.digest);
      const viaLocation = await c.get(c.location(res).toString(), {
        headers: { accept: img.mediaType },
      });
      assert.equal(viaLocation.status, 200, show(viaLocation));
      assert.ok(viaLocation.body.equals(img.manifest));
      for (const ref of ["v1", img.digest]) {
        const got = await c.get(`/v2/${repo}/manifests/${ref}`, {
          headers: { accept: img.mediaType },
        });
        assert.equal(got.status, 200, show(got));
        assert.equal(got.headers.get("content-type"), img.mediaType);
        assert.equal(got.headers.get("docker-content-digest"), img.digest);
        assert.ok(got.body.equals(img.manifest));
      }
    });
  }

  for (const docker of [false, true]) {
    const name = docker ? "Docker manifest list" : "OCI image index";
    test(`${name}: children must exist; then 201 and GET echoes Content-Type and bytes`, async () => {
      const repo = uniqueRepo("mf");
      const a = await c.pushImage(repo, undefined, { docker });
      const b = await c.pushImage(repo, undefined, { docker });
      const index = buildIndex(
        [
          { mediaType: a.mediaType, body: a.manifest },
          { mediaType: b.mediaType, body: b.manifest },
        ],
        { docker },
      );
      const res = await c.putManifest(repo, "multi", index.body, index.mediaType);
      assert.equal(res.status, 201, show(res));
      assert.equal(res.headers.get("docker-content-digest"), index.digest);
      assert.ok(res.headers.get("location"));
      const got = await c.get(`/v2/${repo}/manifests/multi`, {
        headers: { accept: index.mediaType },
      });
      assert.equal(got.status, 200, show(got));
      assert.equal(got.headers.get("content-type"), index.mediaType);
      assert.ok(got.body.equals(index.body));
      // children are still reachable by digest
      for (const child of [a, b]) {
        const r = await c.get(`/v2/${repo}/manifests/${child.digest}`);
        assert.equal(r.status, 200);
        assert.ok(r.body.equals(child.manifest));
      }
    });
  }

  test("PUT by digest: 201, Docker-Content-Digest equals the reference, not tagged", async () => {
    const repo = uniqueRepo("mf");
    const img = buildImage();
    await c.pushBlobs(repo, [img.config, ...img.layers]);
    const res = await c.putManifest(repo, img.digest, img.manifest, img.mediaType);
    assert.equal(res.status, 201, show(res));
    assert.equal(res.headers.get("docker-content-digest"), img.digest);
    const got = await c.get(`/v2/${repo}/manifests/${img.digest}`);
    assert.ok(got.body.equals(img.manifest));
  });

  test("the manifest is stored byte for byte (odd whitespace and key order kept)", async () => {
    const repo = uniqueRepo("mf");
    const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    const layer = randomBlob(32);
    await c.pushBlobs(repo, [config, layer]);
    const text =
      `{\n    "layers" : [ {"size": ${layer.length}, "digest": "${sha256(layer)}", "mediaType": "${MediaType.ociLayerGzip}"} ],\n` +
      `\t"config":{"digest":"${sha256(config)}","mediaType":"${MediaType.ociConfig}","size":${config.length}},\n` +
      `  "mediaType": "${MediaType.ociManifest}",  "schemaVersion": 2 ,"annotations":{"z":"1","a":"\\u00e9"}\n}\n`;
    const body = Buffer.from(text);
    const digest = await c.pushManifest(repo, "odd", body, MediaType.ociManifest);
    const got = await c.get(`/v2/${repo}/manifests/odd`);
    assert.ok(got.body.equals(body), "manifest bytes were modified");
    assert.equal(got.headers.get("docker-content-digest"), digest);
  });

  test("re-tagging: a tag moves to the new manifest, the old one stays reachable by digest", async () => {
    const repo = uniqueRepo("mf");
    const one = await c.pushImage(repo, "stable");
    const two = await c.pushImage(repo, "stable");
    const got = await c.get(`/v2/${repo}/manifests/stable`);
    assert.equal(sha256(got.body), two.digest);
    const old = await c.get(`/v2/${repo}/manifests/${one.digest}`);
    assert.equal(old.status, 200);
    assert.ok(old.body.equals(one.manifest));
  });

  test("one manifest under several tags", async () => {
    const repo = uniqueRepo("mf");
    const img = await c.pushImage(repo, "a");
    await c.pushManifest(repo, "b", img.manifest, img.mediaType);
    for (const t of ["a", "b"]) {
      const r = await c.get(`/v2/${repo}/manifests/${t}`);
      assert.equal(r.headers.get("docker-content-digest"), img.digest);
    }
  });

  test("Content-Type parameters are ignored (registry SHOULD ignore parameters)", async () => {
    const repo = uniqueRepo("mf");
    const img = buildImage();
    await c.pushBlobs(repo, [img.config, ...img.layers]);
    const res = await c.putManifest(repo, "p", img.manifest, `${img.mediaType}; charset=utf-8`);
    assert.equal(res.status, 201, show(res));
    const got = await c.get(`/v2/${repo}/manifests/p`);
    assert.equal(got.headers.get("content-type"), img.mediaType);
  });

  test("a manifest without a mediaType field is accepted with its Content-Type and served with it", async () => {
    const repo = uniqueRepo("mf");
    const img = buildImage();
    await c.pushBlobs(repo, [img.config, ...img.layers]);
    const { mediaType: _omit, ...rest } = img.json;
    const body = Buffer.from(JSON.stringify(rest));
    const res = await c.putManifest(repo, "nomt", body, MediaType.ociManifest);
    assert.equal(res.status, 201, show(res));
    const got = await c.get(`/v2/${repo}/manifests/nomt`);
    assert.equal(got.headers.get("content-type"), MediaType.ociManifest);
    assert.ok(got.body.equals(body));
  });

  test("tags of the full allowed length (128) are accepted", async () => {
    const repo = uniqueRepo("mf");
    const tag = `_${"a".repeat(126)}.`;
    assert.equal(tag.length, 128);
    const img = await c.pushImage(repo, tag);
    const got = await c.get(`/v2/${repo}/manifests/${tag}`);
    assert.equal(got.headers.get("docker-content-digest"), img.digest);
  });

  test("repository names with several components and separators work", async () => {
    for (const name of ["a/b/c/d", "a.b/c_d/e__f/g-h", "x---y/0"]) {
      const repo = `${name}-${Math.random().toString(36).slice(2, 8)}`;
      const img = await c.pushImage(repo, "t");
      const got = await c.get(`/v2/${repo}/manifests/t`);
      assert.equal(got.status, 200, show(got));
      assert.equal(sha256(got.body), img.digest);
    }
  });
});

describe("repository names that look like API path segments", () => {
  // `blobs`, `manifests`, `tags`, `uploads` and `referrers` are valid name components.
  for (const suffix of [
    "blobs",
    "manifests",
    "tags",
    "referrers",
    "blobs/uploads",
    "manifests/latest",
    "tags/list",
  ]) {
    test(`repository "<x>/${suffix}": push, pull, tags, referrers all address it`, async () => {
      const repo = `${uniqueRepo("seg")}/${suffix}`;
      const img = await c.pushImage(repo, "v1");
      const m = await c.get(`/v2/${repo}/manifests/v1`);
      assert.equal(m.status, 200, show(m));
      assert.ok(m.body.equals(img.manifest));
      const blob = await c.get(`/v2/${repo}/blobs/${sha256(img.config)}`);
      assert.equal(blob.status, 200, show(blob));
      assert.ok(blob.body.equals(img.config));
      const tags = await c.get(`/v2/${repo}/tags/list`);
      assert.equal(tags.status, 200, show(tags));
      assert.deepEqual(tags.json(), { name: repo, tags: ["v1"] });
      const refs = await c.get(`/v2/${repo}/referrers/${img.digest}`);
      assert.equal(refs.status, 200, show(refs));
      // the parent name is a different (unknown) repository
      const parent = repo.slice(0, repo.lastIndexOf("/"));
      assert.equal((await c.get(`/v2/${parent}/manifests/v1`)).status, 404);
    });
  }
});

describe("single POST variants", () => {
  test("zero-byte blob with POST ?digest= -> 201", async () => {
    const repo = uniqueRepo("push");
    const empty = Buffer.alloc(0);
    const res = await c.post(`/v2/${repo}/blobs/uploads/`, {
      query: { digest: sha256(empty) },
      body: empty,
    });
    assert.equal(res.status, 201, show(res));
    const got = await c.get(`/v2/${repo}/blobs/${sha256(empty)}`);
    assert.equal(got.status, 200, show(got));
    assert.equal(got.body.length, 0);
  });

  test("POST ?digest= with a chunked (streamed) body -> 201 and identical bytes", async () => {
    const repo = uniqueRepo("push");
    const parts = [randomBlob(700), randomBlob(1300)];
    const data = Buffer.concat(parts);
    let i = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctrl) {
        const p = parts[i++];
        if (p) ctrl.enqueue(p);
        else ctrl.close();
      },
    });
    const res = await c.post(`/v2/${repo}/blobs/uploads/`, {
      query: { digest: sha256(data) },
      body: stream,
    });
    assert.equal(res.status, 201, show(res));
    assert.ok((await c.get(`/v2/${repo}/blobs/${sha256(data)}`)).body.equals(data));
  });
});

describe("manifest shapes seen in the wild", () => {
  test("the same layer listed twice is accepted", async () => {
    const repo = uniqueRepo("wild");
    const config = Buffer.from('{"os":"linux","architecture":"amd64"}');
    const layer = randomBlob(40);
    await c.pushBlobs(repo, [config, layer]);
    const body = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociConfig, digest: sha256(config), size: config.length },
        layers: [0, 1].map(() => ({
          mediaType: MediaType.ociLayerGzip,
          digest: sha256(layer),
          size: layer.length,
        })),
      }),
    );
    const res = await c.putManifest(repo, "dup", body, MediaType.ociManifest);
    assert.equal(res.status, 201, show(res));
    assert.ok((await c.get(`/v2/${repo}/manifests/dup`)).body.equals(body));
  });

  test("an index whose child is another index is accepted", async () => {
    const repo = uniqueRepo("wild");
    const img = await c.pushImage(repo);
    const inner = buildIndex([{ mediaType: img.mediaType, body: img.manifest }]);
    await c.pushManifest(repo, inner.digest, inner.body, inner.mediaType);
    const outer = buildIndex([{ mediaType: inner.mediaType, body: inner.body }]);
    const res = await c.putManifest(repo, "nested", outer.body, outer.mediaType);
    assert.equal(res.status, 201, show(res));
    assert.ok((await c.get(`/v2/${repo}/manifests/nested`)).body.equals(outer.body));
  });

  test("a tag in the referrers tag schema (sha256-<hex>) is an ordinary tag", async () => {
    const repo = uniqueRepo("wild");
    const img = await c.pushImage(repo, "t");
    const tag = `sha256-${img.digest.slice("sha256:".length)}`;
    const index = buildIndex([]);
    const res = await c.putManifest(repo, tag, index.body, index.mediaType);
    assert.equal(res.status, 201, show(res));
    const got = await c.get(`/v2/${repo}/manifests/${tag}`);
    assert.equal(got.status, 200, show(got));
    assert.ok(got.body.equals(index.body));
  });

  test("HEAD /v2/ -> 200", async () => {
    assert.equal((await c.head("/v2/")).status, 200);
  });
});
