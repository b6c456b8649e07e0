/**
 * Registry settings that change spec-visible behaviour:
 * - registry.allowDelete: false -> spec.md "Content Management": "If tag deletion is disabled,
 *   the registry MUST respond with either a 400 Bad Request or a 405 Method Not Allowed"
 *   (same for manifests and blobs); drydock answers 405 UNSUPPORTED.
 * - registry.maxManifestBytes -> "Pushing Manifests": 413 over the limit.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";
import {
  assertError,
  Client,
  descriptor,
  MediaType,
  randomBlob,
  sha256,
  show,
  uniqueRepo,
} from "./client.ts";

let reg: TestRegistry;
let c: Client;

before(async () => {
  reg = await startRegistry({ registry: { allowDelete: false, maxManifestBytes: 1024 } });
  c = new Client(reg.url, reg.admin);
});
after(async () => {
  await reg?.close();
});

describe("deletes disabled (registry.allowDelete: false)", () => {
  test("DELETE manifest by tag -> 405 UNSUPPORTED; the tag stays", async () => {
    const repo = uniqueRepo("nodel");
    const img = await c.pushImage(repo, "t");
    assertError(await c.del(`/v2/${repo}/manifests/t`), 405, "UNSUPPORTED");
    const got = await c.get(`/v2/${repo}/manifests/t`);
    assert.equal(got.status, 200, show(got));
    assert.equal(sha256(got.body), img.digest);
  });

  test("DELETE manifest by digest -> 405 UNSUPPORTED; the manifest stays", async () => {
    const repo = uniqueRepo("nodel");
    const img = await c.pushImage(repo, "t");
    assertError(await c.del(`/v2/${repo}/manifests/${img.digest}`), 405, "UNSUPPORTED");
    assert.equal((await c.get(`/v2/${repo}/manifests/${img.digest}`)).status, 200);
    assert.equal((await c.get(`/v2/${repo}/manifests/t`)).status, 200);
  });

  test("DELETE blob -> 405 UNSUPPORTED; the blob stays", async () => {
    const repo = uniqueRepo("nodel");
    const data = randomBlob(100);
    const digest = await c.pushBlob(repo, data);
    assertError(await c.del(`/v2/${repo}/blobs/${digest}`), 405, "UNSUPPORTED");
    const got = await c.get(`/v2/${repo}/blobs/${digest}`);
    assert.ok(got.body.equals(data));
  });

  test("pushing and pulling still work", async () => {
    const repo = uniqueRepo("nodel");
    const img = await c.pushImage(repo, "t");
    assert.equal(sha256((await c.get(`/v2/${repo}/manifests/t`)).body), img.digest);
  });
});

describe("registry.maxManifestBytes: 1024", () => {
  function manifestOfSize(config: Buffer, layer: Buffer, size: number): Buffer {
    const json = (pad: string) =>
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: descriptor(MediaType.ociConfig, config),
        layers: [descriptor(MediaType.ociLayerGzip, layer)],
        annotations: { pad },
      });
    const body = Buffer.from(json("p".repeat(size - Buffer.byteLength(json("")))));
    assert.equal(body.length, size);
    return body;
  }

  test("1024 bytes is accepted, 1025 is refused with 413 (or 400) and an error code", async () => {
    const repo = uniqueRepo("limit");
    const config = Buffer.from("{}");
    const layer = randomBlob(8);
    await c.pushBlobs(repo, [config, layer]);
    const ok = await c.putManifest(
      repo,
      "fits",
      manifestOfSize(config, layer, 1024),
      MediaType.ociManifest,
    );
    assert.equal(ok.status, 201, show(ok));
    const tooBig = await c.putManifest(
      repo,
      "big",
      manifestOfSize(config, layer, 1025),
      MediaType.ociManifest,
    );
    assertError(tooBig, [400, 413], ["SIZE_INVALID", "MANIFEST_INVALID"]);
    assert.equal(tooBig.status, 413, "spec: SHOULD respond 413 Payload Too Large");
    assert.equal((await c.get(`/v2/${repo}/manifests/big`)).status, 404);
  });
});
