import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pack } from "tar-stream";
import { DockerArchiveSource } from "./docker-archive.ts";

/** A `docker save` archive holding these members (name -> content). */
async function archive(dir: string, members: Record<string, string>): Promise<string> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on("data", (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const ended = new Promise<void>((resolve) => p.on("end", resolve));
  for (const [name, content] of Object.entries(members)) p.entry({ name }, content);
  p.finalize();
  await ended;
  const file = join(dir, `a${Math.random().toString(36).slice(2)}.tar`);
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

const config = JSON.stringify({ rootfs: { type: "layers", diff_ids: [] } });

// manifest.json as docker writes it: [{ Config, RepoTags, Layers }]. Each row must be refused
// with the code a user can act on, never a crash.
const cases: [string, string, string][] = [
  ["not JSON", "[{", "MANIFEST_INVALID"],
  ["an object, not a list", JSON.stringify({ Config: "c.json", Layers: [] }), "MANIFEST_INVALID"],
  [
    "Layers that are not names",
    JSON.stringify([{ Config: "c.json", Layers: [1] }]),
    "MANIFEST_INVALID",
  ],
  ["no Config", JSON.stringify([{ Layers: [] }]), "MANIFEST_INVALID"],
  [
    "RepoTags as a string",
    JSON.stringify([{ Config: "c.json", RepoTags: "a:b", Layers: [] }]),
    "MANIFEST_INVALID",
  ],
  ["no image at all", "[]", "MANIFEST_UNKNOWN"],
];

for (const [why, manifest, code] of cases) {
  test(`a docker-save manifest.json with ${why}: ${code}`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "drydock-archive-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = await archive(dir, { "manifest.json": manifest, "c.json": config });
    const source = new DockerArchiveSource(`docker-archive:${file}`, file);
    try {
      await assert.rejects(
        source.resolve({ os: "linux", architecture: "amd64" }),
        (err: Error & { code?: string }) => {
          assert.equal(err.code, code);
          assert.match(err.message, /manifest\.json|lists no image/);
          return true;
        },
      );
    } finally {
      await source.close();
    }
  });
}

test("RepoTags may be null (docker save of an image without a tag)", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "drydock-archive-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const manifest = JSON.stringify([{ Config: "c.json", RepoTags: null, Layers: [] }]);
  const file = await archive(dir, { "manifest.json": manifest, "c.json": config });
  const source = new DockerArchiveSource(`docker-archive:${file}`, file);
  try {
    const image = await source.resolve({ os: "linux", architecture: "amd64" });
    assert.deepEqual(image.layers, []);
  } finally {
    await source.close();
  }
});
