import assert from "node:assert/strict";
import { test } from "node:test";
import { digestOf } from "./digest.ts";
import { parseManifest } from "./manifest.ts";
import { MediaType } from "./media-types.ts";

const cfg = digestOf("config");
const l1 = digestOf("layer1");
const l2 = digestOf("layer2");
const subj = digestOf("subject");

function body(obj: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(obj));
}

const image = {
  schemaVersion: 2,
  mediaType: MediaType.ociManifest,
  config: { mediaType: MediaType.ociConfig, digest: cfg, size: 6 },
  layers: [
    { mediaType: MediaType.ociLayerGzip, digest: l1, size: 6 },
    { mediaType: MediaType.ociLayerGzip, digest: l2, size: 6 },
  ],
};

test("an OCI image manifest lists its config and layers as blobs", () => {
  const facts = parseManifest(body(image), MediaType.ociManifest);
  assert.equal(facts.mediaType, MediaType.ociManifest);
  assert.deepEqual(facts.blobs, [cfg, l1, l2]);
  assert.deepEqual(facts.manifests, []);
  assert.equal(facts.subject, null);
  assert.equal(
    facts.artifactType,
    MediaType.ociConfig,
    "artifactType falls back to config.mediaType",
  );
});

test("artifactType and subject are read from an artifact manifest", () => {
  const facts = parseManifest(
    body({
      ...image,
      artifactType: "application/vnd.example.sbom",
      config: { mediaType: MediaType.ociEmpty, digest: cfg, size: 2 },
      subject: { mediaType: MediaType.ociManifest, digest: subj, size: 100 },
      annotations: { "org.example": "x" },
    }),
    undefined,
  );
  assert.equal(facts.artifactType, "application/vnd.example.sbom");
  assert.equal(facts.subject?.digest, subj);
  assert.deepEqual(facts.annotations, { "org.example": "x" });
});

test("an index lists its manifests, not blobs", () => {
  const facts = parseManifest(
    body({
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        {
          mediaType: MediaType.ociManifest,
          digest: l1,
          size: 10,
          platform: { os: "linux", architecture: "amd64" },
        },
      ],
    }),
    MediaType.ociIndex,
  );
  assert.deepEqual(facts.manifests, [l1]);
  assert.deepEqual(facts.blobs, []);
});

test("Docker schema 2 manifest and manifest list are understood", () => {
  const docker = parseManifest(
    body({
      ...image,
      mediaType: MediaType.dockerManifest,
      config: { ...image.config, mediaType: MediaType.dockerConfig },
    }),
    MediaType.dockerManifest,
  );
  assert.equal(docker.mediaType, MediaType.dockerManifest);
  assert.equal(docker.blobs.length, 3);
  const list = parseManifest(
    body({
      schemaVersion: 2,
      mediaType: MediaType.dockerManifestList,
      manifests: [{ mediaType: MediaType.dockerManifest, digest: l1, size: 1 }],
    }),
    MediaType.dockerManifestList,
  );
  assert.deepEqual(list.manifests, [l1]);
});

test("foreign layers need not be in the registry", () => {
  const facts = parseManifest(
    body({
      ...image,
      mediaType: MediaType.dockerManifest,
      layers: [
        {
          mediaType: MediaType.dockerForeignLayerGzip,
          digest: l1,
          size: 6,
          urls: ["https://example.com/l"],
        },
      ],
    }),
    MediaType.dockerManifest,
  );
  assert.deepEqual(facts.blobs, [cfg]);
});

test("the media type comes from the body, else from Content-Type", () => {
  const { mediaType: _m, ...noType } = image;
  assert.equal(
    parseManifest(body(noType), MediaType.dockerManifest).mediaType,
    MediaType.dockerManifest,
  );
  assert.equal(parseManifest(body(noType), "application/json").mediaType, MediaType.ociManifest);
});

const invalid: [string, Uint8Array, string | undefined, RegExp][] = [
  ["not JSON", Buffer.from("{nope"), MediaType.ociManifest, /not valid JSON/],
  ["a JSON array", body([]), MediaType.ociManifest, /JSON object/],
  ["schemaVersion 1", body({ ...image, schemaVersion: 1 }), MediaType.ociManifest, /schemaVersion/],
  [
    "a bad layer digest",
    body({ ...image, layers: [{ mediaType: "x", digest: "sha256:1", size: 1 }] }),
    undefined,
    /layers\.0\.digest/,
  ],
  [
    "a negative size",
    body({ ...image, config: { ...image.config, size: -1 } }),
    undefined,
    /config\.size/,
  ],
  [
    "no config",
    body({ schemaVersion: 2, mediaType: MediaType.ociManifest, layers: [] }),
    undefined,
    /config/,
  ],
  ["Content-Type differs from mediaType", body(image), MediaType.dockerManifest, /does not match/],
  [
    "an index without manifests",
    body({ schemaVersion: 2, mediaType: MediaType.ociIndex }),
    undefined,
    /manifests/,
  ],
  [
    "mediaType that is not a string",
    body({ ...image, mediaType: 5 }),
    undefined,
    /must be a string/,
  ],
];
for (const [why, input, contentType, message] of invalid) {
  test(`MANIFEST_INVALID for ${why}`, () => {
    assert.throws(
      () => parseManifest(input, contentType),
      (err: Error & { code?: string }) => {
        assert.equal(err.code, "MANIFEST_INVALID");
        assert.match(err.message, message);
        return true;
      },
    );
  });
}
