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

// The hand-written checks (json-check.ts) against the spec's descriptor rules, case by case:
// each row is a manifest or an index that must be refused, and the path the error must name.
const platform = { architecture: "amd64", os: "linux" };
const desc = { mediaType: MediaType.ociManifest, digest: l1, size: 6 };
const index = (manifests: unknown[]) => ({
  schemaVersion: 2,
  mediaType: MediaType.ociIndex,
  manifests,
});
const descriptorCases: [string, unknown, RegExp][] = [
  [
    "a size that is not an integer",
    { ...image, config: { ...image.config, size: 1.5 } },
    /config\.size/,
  ],
  ["a size beyond 2^53", { ...image, config: { ...image.config, size: 2 ** 53 } }, /config\.size/],
  ["a size as a string", { ...image, config: { ...image.config, size: "6" } }, /config\.size/],
  [
    "an empty mediaType",
    { ...image, config: { ...image.config, mediaType: "" } },
    /config\.mediaType/,
  ],
  [
    "urls that are not strings",
    { ...image, layers: [{ ...desc, urls: [1] }] },
    /layers\.0\.urls\.0/,
  ],
  ["annotations with a number", { ...image, annotations: { a: 1 } }, /annotations\.a/],
  ["layers that are not an array", { ...image, layers: {} }, /layers/],
  ["a layer that is not an object", { ...image, layers: ["x"] }, /layers\.0/],
  [
    "a subject without digest",
    { ...image, subject: { mediaType: "x", size: 1 } },
    /subject\.digest/,
  ],
  [
    "a platform without os",
    index([{ ...desc, platform: { architecture: "amd64" } }]),
    /manifests\.0\.platform\.os/,
  ],
  [
    "os.features that are not strings",
    index([{ ...desc, platform: { ...platform, "os.features": [true] } }]),
    /os\.features\.0/,
  ],
  [
    "a sha512 digest of the wrong length",
    { ...image, layers: [{ ...desc, digest: `sha512:${"a".repeat(64)}` }] },
    /layers\.0\.digest/,
  ],
];
for (const [why, doc, where] of descriptorCases) {
  test(`MANIFEST_INVALID names the place: ${why}`, () => {
    assert.throws(
      () => parseManifest(body(doc), undefined),
      (err: Error & { code?: string }) =>
        err.code === "MANIFEST_INVALID" && where.test(err.message),
    );
  });
}

test("fields the spec does not define are accepted and left out of what is kept", () => {
  const facts = parseManifest(
    body({
      ...image,
      future: { x: 1 },
      subject: { ...desc, digest: subj, extra: "ignored", platform: { ...platform, extra: 1 } },
    }),
    undefined,
  );
  assert.deepEqual(facts.subject, { ...desc, digest: subj, platform });
  const listed = parseManifest(body(index([{ ...desc, platform, "x-vendor": 1 }])), undefined);
  assert.deepEqual(listed.manifests, [l1]);
});
