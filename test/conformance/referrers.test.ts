/**
 * Referrers API: spec.md "Listing Referrers" (end-12a, end-12b) and "Pushing Manifests with
 * Subject"; image-spec manifest.md (artifactType, subject) and descriptor.md.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";
import {
  assertError,
  buildImage,
  buildIndex,
  Client,
  type DescriptorJson,
  descriptor,
  EMPTY_JSON,
  MediaType,
  type PushedImage,
  type Res,
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

const SBOM = "application/vnd.example.sbom.v1+json";
const SIG_CONFIG = "application/vnd.example.signature.config.v1+json";
const BUNDLE = "application/vnd.example.bundle.v1";

interface Index {
  schemaVersion: number;
  mediaType: string;
  manifests: DescriptorJson[];
}

function referrerIndex(res: Res): Index {
  assert.equal(res.status, 200, show(res));
  assert.equal(res.headers.get("content-type")?.split(";")[0]?.trim(), MediaType.ociIndex);
  const body = res.json<Index>();
  assert.equal(body.schemaVersion, 2);
  if (body.mediaType !== undefined) assert.equal(body.mediaType, MediaType.ociIndex);
  assert.ok(Array.isArray(body.manifests), `manifests is not an array: ${show(res)}`);
  return body;
}

function referrers(repo: string, digest: string, artifactType?: string) {
  return c.get(
    `/v2/${repo}/referrers/${digest}`,
    artifactType === undefined ? {} : { query: { artifactType } },
  );
}

/** An artifact manifest (empty config unless configMediaType given) with `subject`. */
async function pushArtifact(
  repo: string,
  subject: DescriptorJson,
  opts: {
    artifactType?: string;
    configMediaType?: string;
    annotations?: Record<string, string>;
    tag?: string;
  } = {},
): Promise<PushedImage> {
  const config = opts.configMediaType
    ? Buffer.from(JSON.stringify({ nonce: sha256(randomBlob(8)) }))
    : EMPTY_JSON;
  const art = buildImage({
    config,
    configMediaType: opts.configMediaType ?? MediaType.ociEmpty,
    ...(opts.artifactType !== undefined ? { artifactType: opts.artifactType } : {}),
    ...(opts.annotations !== undefined ? { annotations: opts.annotations } : {}),
    subject,
  });
  await c.pushBlobs(repo, [config, ...art.layers]);
  const res = await c.putManifest(repo, opts.tag ?? art.digest, art.manifest, art.mediaType);
  assert.equal(res.status, 201, show(res));
  assert.equal(res.headers.get("oci-subject"), subject.digest);
  return art;
}

function find(index: Index, digest: string): DescriptorJson {
  const d = index.manifests.find((m) => m.digest === digest);
  assert.ok(d, `referrer ${digest} not listed in ${JSON.stringify(index.manifests)}`);
  return d;
}

describe("referrers of one subject", () => {
  let repo: string;
  let subject: PushedImage;
  let subjectDesc: DescriptorJson;
  let sbom: PushedImage;
  let sig: PushedImage;
  let bundle: { body: Buffer; digest: string; mediaType: string };
  let plainIndex: { body: Buffer; digest: string; mediaType: string };
  let unrelated: PushedImage;

  before(async () => {
    repo = uniqueRepo("refs");
    subject = await c.pushImage(repo, "app");
    subjectDesc = descriptor(subject.mediaType, subject.manifest);
    sbom = await pushArtifact(repo, subjectDesc, {
      artifactType: SBOM,
      annotations: {
        "org.opencontainers.image.created": "2024-01-01T00:00:00Z",
        "org.example.sbom.format": "json",
      },
    });
    sig = await pushArtifact(repo, subjectDesc, {
      configMediaType: SIG_CONFIG,
      annotations: { "org.example.signature.fingerprint": "abcd" },
      tag: "sig-tagged",
    });
    const child = await c.pushImage(repo);
    bundle = buildIndex([{ mediaType: child.mediaType, body: child.manifest }], {
      artifactType: BUNDLE,
      subject: subjectDesc,
      annotations: { "org.example.bundle": "yes" },
    });
    await c.pushManifest(repo, bundle.digest, bundle.body, bundle.mediaType);
    plainIndex = buildIndex([{ mediaType: child.mediaType, body: child.manifest }], {
      subject: subjectDesc,
    });
    await c.pushManifest(repo, plainIndex.digest, plainIndex.body, plainIndex.mediaType);
    // not referrers of `subject`: no subject, and a subject that is someone else
    await c.pushImage(repo, "other");
    const otherSubject = await c.pushImage(repo);
    unrelated = await pushArtifact(
      repo,
      descriptor(otherSubject.mediaType, otherSubject.manifest),
      {
        artifactType: SBOM,
      },
    );
  });

  test("200, Content-Type OCI index, exactly the four manifests whose subject is the digest", async () => {
    const index = referrerIndex(await referrers(repo, subject.digest));
    const digests = index.manifests.map((m) => m.digest).sort();
    assert.deepEqual(digests, [sbom.digest, sig.digest, bundle.digest, plainIndex.digest].sort());
    assert.ok(!digests.includes(unrelated.digest));
  });

  test("descriptors carry mediaType, digest and size of the referrer", async () => {
    const index = referrerIndex(await referrers(repo, subject.digest));
    const expected = [
      { digest: sbom.digest, mediaType: MediaType.ociManifest, size: sbom.manifest.length },
      { digest: sig.digest, mediaType: MediaType.ociManifest, size: sig.manifest.length },
      { digest: bundle.digest, mediaType: MediaType.ociIndex, size: bundle.body.length },
      { digest: plainIndex.digest, mediaType: MediaType.ociIndex, size: plainIndex.body.length },
    ];
    for (const e of expected) {
      const d = find(index, e.digest);
      assert.equal(d.mediaType, e.mediaType);
      assert.equal(d.size, e.size);
    }
  });

  test("artifactType: the manifest's own; else the config mediaType; an index without one has none", async () => {
    const index = referrerIndex(await referrers(repo, subject.digest));
    assert.equal(find(index, sbom.digest).artifactType, SBOM);
    assert.equal(find(index, sig.digest).artifactType, SIG_CONFIG);
    assert.equal(find(index, bundle.digest).artifactType, BUNDLE);
    const plain = find(index, plainIndex.digest);
    assert.ok(
      plain.artifactType === undefined,
      `index without artifactType got ${plain.artifactType}`,
    );
  });

  test("annotations of the referrer are copied to its descriptor", async () => {
    const index = referrerIndex(await referrers(repo, subject.digest));
    assert.deepEqual(find(index, sbom.digest).annotations, {
      "org.opencontainers.image.created": "2024-01-01T00:00:00Z",
      "org.example.sbom.format": "json",
    });
    assert.deepEqual(find(index, sig.digest).annotations, {
      "org.example.signature.fingerprint": "abcd",
    });
    assert.deepEqual(find(index, bundle.digest).annotations, { "org.example.bundle": "yes" });
  });

  test("?artifactType= filters and sets OCI-Filters-Applied: artifactType", async () => {
    const res = await referrers(repo, subject.digest, SBOM);
    const index = referrerIndex(res);
    assert.equal(res.headers.get("oci-filters-applied"), "artifactType");
    assert.deepEqual(
      index.manifests.map((m) => m.digest),
      [sbom.digest],
    );
  });

  test("filter on the config-derived artifactType matches too", async () => {
    const res = await referrers(repo, subject.digest, SIG_CONFIG);
    assert.equal(res.headers.get("oci-filters-applied"), "artifactType");
    assert.deepEqual(
      referrerIndex(res).manifests.map((m) => m.digest),
      [sig.digest],
    );
  });

  test("filter that matches nothing -> 200 with an empty list", async () => {
    const res = await referrers(repo, subject.digest, "application/vnd.example.none");
    assert.deepEqual(referrerIndex(res).manifests, []);
    assert.equal(res.headers.get("oci-filters-applied"), "artifactType");
  });

  test("without a filter there is no OCI-Filters-Applied header", async () => {
    const res = await referrers(repo, subject.digest);
    assert.equal(res.headers.get("oci-filters-applied"), null);
  });

  test("referrers list is the same via the subject's tag-independent digest (tags don't matter)", async () => {
    // the tagged signature is listed; deleting its tag keeps it (the manifest still exists)
    assert.equal((await c.del(`/v2/${repo}/manifests/sig-tagged`)).status, 202);
    const index = referrerIndex(await referrers(repo, subject.digest));
    find(index, sig.digest);
  });

  test("the referrers of the other subject list only its referrer", async () => {
    const parsed = JSON.parse(unrelated.manifest.toString()) as { subject: { digest: string } };
    const index = referrerIndex(await referrers(repo, parsed.subject.digest));
    assert.deepEqual(
      index.manifests.map((m) => m.digest),
      [unrelated.digest],
    );
  });
});

describe("referrers: edge cases", () => {
  test("no referrers -> 200 with an empty image index", async () => {
    const repo = uniqueRepo("refs");
    const img = await c.pushImage(repo, "t");
    const index = referrerIndex(await referrers(repo, img.digest));
    assert.deepEqual(index.manifests, []);
  });

  test("subject that does not exist -> 200 with an empty image index (never 404)", async () => {
    const repo = uniqueRepo("refs");
    await c.pushImage(repo, "t");
    const index = referrerIndex(await referrers(repo, sha256(randomBlob(10))));
    assert.deepEqual(index.manifests, []);
  });

  test("repository that does not exist -> 200 empty (or 404 NAME_UNKNOWN)", async () => {
    const res = await referrers(uniqueRepo("ghost"), sha256(randomBlob(10)));
    if (res.status === 404) assertError(res, 404, "NAME_UNKNOWN");
    else assert.deepEqual(referrerIndex(res).manifests, []);
  });

  test("referrer pushed before its subject is listed, and still after the subject arrives", async () => {
    const repo = uniqueRepo("refs");
    const future = buildImage();
    const art = await pushArtifact(repo, descriptor(future.mediaType, future.manifest), {
      artifactType: SBOM,
    });
    assert.deepEqual(
      referrerIndex(await referrers(repo, future.digest)).manifests.map((m) => m.digest),
      [art.digest],
    );
    await c.pushBlobs(repo, [future.config, ...future.layers]);
    await c.pushManifest(repo, "late", future.manifest, future.mediaType);
    assert.deepEqual(
      referrerIndex(await referrers(repo, future.digest)).manifests.map((m) => m.digest),
      [art.digest],
    );
  });

  test("referrers in another repository are not listed", async () => {
    const a = uniqueRepo("refs");
    const b = uniqueRepo("refs");
    const img = await c.pushImage(a, "t");
    await c.pushBlobs(b, [img.config, ...img.layers]);
    await c.pushManifest(b, "t", img.manifest, img.mediaType);
    const subject = descriptor(img.mediaType, img.manifest);
    const inA = await pushArtifact(a, subject, { artifactType: SBOM });
    const inB = await pushArtifact(b, subject, { artifactType: "application/vnd.example.other" });
    assert.deepEqual(
      referrerIndex(await referrers(a, img.digest)).manifests.map((m) => m.digest),
      [inA.digest],
    );
    assert.deepEqual(
      referrerIndex(await referrers(b, img.digest)).manifests.map((m) => m.digest),
      [inB.digest],
    );
  });

  test("a deleted referrer is no longer listed", async () => {
    const repo = uniqueRepo("refs");
    const img = await c.pushImage(repo, "t");
    const subject = descriptor(img.mediaType, img.manifest);
    const keep = await pushArtifact(repo, subject, { artifactType: SBOM });
    const drop = await pushArtifact(repo, subject, { artifactType: SBOM, annotations: { n: "2" } });
    assert.equal(referrerIndex(await referrers(repo, img.digest)).manifests.length, 2);
    assert.equal((await c.del(`/v2/${repo}/manifests/${drop.digest}`)).status, 202);
    assert.deepEqual(
      referrerIndex(await referrers(repo, img.digest)).manifests.map((m) => m.digest),
      [keep.digest],
    );
  });

  test("pushing the same referrer twice lists it once", async () => {
    const repo = uniqueRepo("refs");
    const img = await c.pushImage(repo, "t");
    const subject = descriptor(img.mediaType, img.manifest);
    const art = await pushArtifact(repo, subject, { artifactType: SBOM });
    await c.pushManifest(repo, "again", art.manifest, art.mediaType);
    await c.pushManifest(repo, art.digest, art.manifest, art.mediaType);
    assert.deepEqual(
      referrerIndex(await referrers(repo, img.digest)).manifests.map((m) => m.digest),
      [art.digest],
    );
  });

  test("an index listing the subject as a child is not a referrer", async () => {
    const repo = uniqueRepo("refs");
    const img = await c.pushImage(repo, "t");
    const index = buildIndex([{ mediaType: img.mediaType, body: img.manifest }]);
    await c.pushManifest(repo, "idx", index.body, index.mediaType);
    assert.deepEqual(referrerIndex(await referrers(repo, img.digest)).manifests, []);
  });

  test("the referrers of a referrer (a chain) are listed under the referrer's digest", async () => {
    const repo = uniqueRepo("refs");
    const img = await c.pushImage(repo, "t");
    const sig = await pushArtifact(repo, descriptor(img.mediaType, img.manifest), {
      artifactType: SBOM,
    });
    const sigOfSig = await pushArtifact(repo, descriptor(sig.mediaType, sig.manifest), {
      artifactType: "application/vnd.example.sig",
    });
    assert.deepEqual(
      referrerIndex(await referrers(repo, sig.digest)).manifests.map((m) => m.digest),
      [sigOfSig.digest],
    );
    assert.deepEqual(
      referrerIndex(await referrers(repo, img.digest)).manifests.map((m) => m.digest),
      [sig.digest],
    );
  });

  for (const bad of [
    "sha256:abc",
    "notadigest",
    "sha256:" + "G".repeat(64),
    "sha256:" + "A".repeat(64),
  ]) {
    test(`invalid digest ${JSON.stringify(bad.slice(0, 16))} -> 400`, async () => {
      const repo = uniqueRepo("refs");
      await c.pushImage(repo, "t");
      const res = await c.get(`/v2/${repo}/referrers/${bad}`);
      assertError(res, 400, "DIGEST_INVALID");
    });
  }

  test("artifactType with '+' and '/' survives URL encoding", async () => {
    const repo = uniqueRepo("refs");
    const img = await c.pushImage(repo, "t");
    const art = await pushArtifact(repo, descriptor(img.mediaType, img.manifest), {
      artifactType: SBOM,
    });
    const res = await c.get(
      `/v2/${repo}/referrers/${img.digest}?artifactType=${encodeURIComponent(SBOM)}`,
    );
    assert.deepEqual(
      referrerIndex(res).manifests.map((m) => m.digest),
      [art.digest],
    );
  });
});
