import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { MediaType } from "../../src/core/media-types.ts";
import { type GeneratedImage, writeOciLayout } from "../fixtures/oci-layout.ts";
import { httpRequest } from "../helpers/process.ts";
import { startRegistry, type TestRegistry } from "../helpers/server.ts";

/**
 * A real client against a real server: skopeo pushes, pulls, inspects, lists and deletes images
 * in drydock over plain HTTP on 127.0.0.1, and what comes back must be the bytes that went in.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The admin's credentials, given to skopeo next to each TLS flag (skopeo does the token flow). */
let creds = "";

function withCreds(args: string[]): string[] {
  return args.flatMap((a) => {
    if (!creds) return [a];
    if (a === NO_TLS) return [a, `--creds=${creds}`];
    if (a === NO_SRC_TLS) return [a, `--src-creds=${creds}`];
    if (a === NO_DEST_TLS) return [a, `--dest-creds=${creds}`];
    return [a];
  });
}

function skopeo(args: string[], timeoutMs = 180_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "skopeo",
      ["--insecure-policy", ...withCreds(args)],
      { timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function skopeoOk(args: string[]): Promise<string> {
  const r = await skopeo(args);
  assert.equal(r.code, 0, `skopeo ${args.join(" ")}\n${r.stderr}`);
  return r.stdout;
}

function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

const MB = 1024 * 1024;
const NO_TLS = "--tls-verify=false";
const NO_SRC_TLS = "--src-tls-verify=false";
const NO_DEST_TLS = "--dest-tls-verify=false";

describe("skopeo against drydock", { timeout: 600_000 }, () => {
  let registry: TestRegistry;
  let work = "";
  let image: GeneratedImage;
  let host = "";
  const layerDigests = () => image.layers.map((l) => l.digest);

  before(async () => {
    registry = await startRegistry({ registry: { allowDelete: true } });
    host = new URL(registry.url).host;
    creds = `${registry.admin.username}:${registry.admin.password}`;
    work = await mkdtemp(join(tmpdir(), "drydock-e2e-skopeo-"));
    image = await writeOciLayout({
      dir: join(work, "src"),
      tag: "v1",
      layerSizes: [MB + 12345, 2 * MB, 1536 * 1024],
    });
  });

  after(async () => {
    await registry?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("copies an OCI layout in and back out with identical bytes", async () => {
    await skopeoOk([
      "copy",
      "--preserve-digests",
      NO_DEST_TLS,
      image.ref,
      `docker://${host}/team/app:v1`,
    ]);
    const out = join(work, "out");
    await skopeoOk([
      "copy",
      "--preserve-digests",
      NO_SRC_TLS,
      `docker://${host}/team/app:v1`,
      `oci:${out}:v1`,
    ]);

    const index = JSON.parse(await readFile(join(out, "index.json"), "utf8")) as {
      manifests: { digest: string; mediaType: string; annotations?: Record<string, string> }[];
    };
    assert.equal(index.manifests.length, 1);
    assert.equal(index.manifests[0]!.digest, image.manifestDigest, "manifest digest");
    assert.equal(index.manifests[0]!.mediaType, MediaType.ociManifest);

    const srcBlobs = join(image.dir, "blobs", "sha256");
    const outBlobs = join(out, "blobs", "sha256");
    const expected = [image.manifestDigest, sha256Prefixed(image.config), ...layerDigests()]
      .map((d) => d.slice("sha256:".length))
      .sort();
    assert.deepEqual((await readdir(outBlobs)).sort(), expected, "the same blobs came back");
    for (const name of expected) {
      const [a, b] = await Promise.all([
        readFile(join(srcBlobs, name)),
        readFile(join(outBlobs, name)),
      ]);
      assert.equal(sha256Hex(b), name, `blob ${name} matches its digest`);
      assert.ok(a.equals(b), `blob ${name} is byte-identical`);
    }
  });

  it("inspects the pushed image: digest, layers, raw manifest and config", async () => {
    const ref = `docker://${host}/team/app:v1`;
    const info = JSON.parse(await skopeoOk(["inspect", NO_TLS, ref])) as {
      Digest: string;
      Layers: string[];
      Name: string;
      Architecture?: string;
      Os?: string;
    };
    assert.equal(info.Digest, image.manifestDigest);
    assert.deepEqual(info.Layers, layerDigests());
    assert.equal(info.Name, `${host}/team/app`);
    assert.equal(info.Architecture, "amd64");
    assert.equal(info.Os, "linux");

    const raw = await skopeo(["inspect", "--raw", NO_TLS, ref]);
    assert.equal(raw.code, 0, raw.stderr);
    assert.equal(raw.stdout, Buffer.from(image.manifest).toString("utf8"), "raw manifest bytes");

    const config = await skopeo(["inspect", "--config", "--raw", NO_TLS, ref]);
    assert.equal(config.code, 0, config.stderr);
    assert.equal(config.stdout, Buffer.from(image.config).toString("utf8"), "raw config bytes");

    const byDigest = JSON.parse(
      await skopeoOk(["inspect", NO_TLS, `docker://${host}/team/app@${image.manifestDigest}`]),
    ) as { Digest: string };
    assert.equal(byDigest.Digest, image.manifestDigest);
  });

  it("lists both tags after a second tag is pushed", async () => {
    await skopeoOk([
      "copy",
      NO_SRC_TLS,
      NO_DEST_TLS,
      `docker://${host}/team/app:v1`,
      `docker://${host}/team/app:v2`,
    ]);
    const tags = JSON.parse(await skopeoOk(["list-tags", NO_TLS, `docker://${host}/team/app`])) as {
      Repository: string;
      Tags: string[];
    };
    assert.equal(tags.Repository, `${host}/team/app`);
    assert.deepEqual([...tags.Tags].sort(), ["v1", "v2"]);
    const v2 = JSON.parse(await skopeoOk(["inspect", NO_TLS, `docker://${host}/team/app:v2`])) as {
      Digest: string;
    };
    assert.equal(v2.Digest, image.manifestDigest, "v2 names the same manifest");
  });

  it("deletes the image: inspect fails afterwards", async () => {
    await skopeoOk(["delete", NO_TLS, `docker://${host}/team/app:v1`]);
    for (const ref of ["team/app:v1", `team/app@${image.manifestDigest}`, "team/app:v2"]) {
      const r = await skopeo(["inspect", NO_TLS, `docker://${host}/${ref}`]);
      assert.notEqual(r.code, 0, `inspect ${ref} after delete: ${r.stdout.slice(0, 300)}`);
    }
    const res = await httpRequest(
      "GET",
      `${registry.url}/v2/team/app/manifests/${image.manifestDigest}`,
      {
        headers: { accept: MediaType.ociManifest, authorization: adminBasic() },
      },
    );
    assert.equal(res.status, 404);
  });

  it("pushes and pulls Docker schema 2 (--format v2s2)", async () => {
    const ref = `docker://${host}/team/docker:v1`;
    await skopeoOk(["copy", "--format", "v2s2", NO_DEST_TLS, image.ref, ref]);

    const raw = await skopeo(["inspect", "--raw", NO_TLS, ref]);
    assert.equal(raw.code, 0, raw.stderr);
    const manifest = JSON.parse(raw.stdout) as {
      schemaVersion: number;
      mediaType: string;
      config: { mediaType: string; digest: string };
      layers: { mediaType: string; digest: string; size: number }[];
    };
    assert.equal(manifest.schemaVersion, 2);
    assert.equal(manifest.mediaType, MediaType.dockerManifest);
    assert.equal(manifest.config.mediaType, MediaType.dockerConfig);
    assert.deepEqual(
      manifest.layers.map((l) => [l.mediaType, l.digest, l.size]),
      image.layers.map((l) => [MediaType.dockerLayerGzip, l.digest, l.size]),
      "the gzip layers are reused as they are",
    );
    const manifestDigest = `sha256:${sha256Hex(Buffer.from(raw.stdout))}`;

    const info = JSON.parse(await skopeoOk(["inspect", NO_TLS, ref])) as {
      Digest: string;
      Layers: string[];
    };
    assert.equal(info.Digest, manifestDigest);
    assert.deepEqual(info.Layers, layerDigests());

    const res = await httpRequest("GET", `${registry.url}/v2/team/docker/manifests/v1`, {
      headers: {
        accept: `${MediaType.dockerManifest}, ${MediaType.ociManifest}`,
        authorization: adminBasic(),
      },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-type"], MediaType.dockerManifest);
    assert.equal(res.headers["docker-content-digest"], manifestDigest);
    assert.equal(res.body.toString("utf8"), raw.stdout);

    // Pull into a `dir:` layout: the manifest and every layer come back byte for byte.
    const out = join(work, "docker-dir");
    await skopeoOk(["copy", "--preserve-digests", NO_SRC_TLS, ref, `dir:${out}`]);
    assert.equal(await readFile(join(out, "manifest.json"), "utf8"), raw.stdout);
    for (const l of image.layers) {
      const hex = l.digest.slice("sha256:".length);
      const [a, b] = await Promise.all([
        readFile(join(image.dir, "blobs", "sha256", hex)),
        readFile(join(out, hex)),
      ]);
      assert.ok(a.equals(b), `layer ${hex} is byte-identical`);
    }
    const config = await readFile(join(out, manifest.config.digest.slice("sha256:".length)));
    assert.equal(`sha256:${sha256Hex(config)}`, manifest.config.digest);
  });

  it("round-trips through a docker-archive and pushes it back", async () => {
    const archive = join(work, "image.tar");
    await skopeoOk([
      "copy",
      NO_SRC_TLS,
      `docker://${host}/team/docker:v1`,
      `docker-archive:${archive}:team/docker:v1`,
    ]);
    const ref = `docker://${host}/team/archive:v1`;
    await skopeoOk(["copy", NO_DEST_TLS, `docker-archive:${archive}`, ref]);

    const raw = JSON.parse(await skopeoOk(["inspect", "--raw", NO_TLS, ref])) as {
      mediaType: string;
      layers: unknown[];
    };
    assert.equal(raw.mediaType, MediaType.dockerManifest);
    assert.equal(raw.layers.length, image.layers.length);
    const config = JSON.parse(await skopeoOk(["inspect", "--config", "--raw", NO_TLS, ref])) as {
      rootfs: { diff_ids: string[] };
    };
    assert.deepEqual(
      config.rootfs.diff_ids,
      image.layers.map((l) => l.diffId),
      "the uncompressed layers are unchanged",
    );
    // Pulling verifies every digest on the way.
    await skopeoOk(["copy", NO_SRC_TLS, ref, `oci:${join(work, "archive-out")}:v1`]);
  });
});

function sha256Prefixed(data: Uint8Array): string {
  return `sha256:${sha256Hex(data)}`;
}

function adminBasic(): string {
  return `Basic ${Buffer.from(creds).toString("base64")}`;
}
