import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { parseDigest } from "../../core/digest.ts";
import { DrydockError } from "../../core/errors.ts";
import { firstIssue } from "../../core/json-check.ts";
import { ImageIndex } from "../../core/manifest.ts";
import { type ImageSource, type Platform, type ResolvedImage, resolveManifest } from "./source.ts";

const REF_NAME = "org.opencontainers.image.ref.name";

/** `oci:DIR[:tag]` — an OCI image layout (image-layout.md) on disk. */
export class OciLayoutSource implements ImageSource {
  private layers: ResolvedImage["layers"] = [];

  constructor(
    readonly ref: string,
    private readonly dir: string,
    private readonly tag: string | null,
  ) {}

  private blobPath(digest: string): string {
    const d = parseDigest(digest);
    if (!d)
      throw new DrydockError(
        "DIGEST_INVALID",
        `${this.ref}: "${digest.slice(0, 80)}" is not a digest`,
      );
    return join(this.dir, "blobs", d.algorithm, d.hex);
  }

  private async blob(digest: string, what: string, limit = 16 * 1024 * 1024): Promise<Buffer> {
    const path = this.blobPath(digest);
    try {
      const size = (await stat(path)).size;
      if (size > limit)
        throw new DrydockError("SIZE_INVALID", `${this.ref}: ${what} ${digest} is ${size} bytes`);
      return await readFile(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        throw new DrydockError(
          "BLOB_UNKNOWN",
          `${this.ref}: ${what} ${digest} is missing from the layout`,
        );
      }
      throw err;
    }
  }

  async resolve(platform: Platform): Promise<ResolvedImage> {
    let indexBytes: Buffer;
    try {
      indexBytes = await readFile(join(this.dir, "index.json"));
    } catch {
      throw new DrydockError(
        "NAME_UNKNOWN",
        `${this.ref}: ${this.dir} has no index.json (not an OCI layout)`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(indexBytes.toString("utf8"));
    } catch {
      throw new DrydockError("MANIFEST_INVALID", `${this.ref}: index.json is not JSON`);
    }
    const index = ImageIndex.safeParse(json);
    if (!index.success)
      throw new DrydockError(
        "MANIFEST_INVALID",
        `${this.ref}: index.json is not an image index (${firstIssue(index.error)})`,
      );
    const entries = index.data.manifests;
    const chosen = this.tag
      ? entries.find((m) => m.annotations?.[REF_NAME] === this.tag)
      : entries.length === 1
        ? entries[0]
        : undefined;
    if (!chosen) {
      const tags = entries.map((m) => m.annotations?.[REF_NAME]).filter(Boolean);
      throw new DrydockError(
        "MANIFEST_UNKNOWN",
        this.tag
          ? `${this.ref}: no image tagged ${this.tag}; tags: ${tags.join(", ") || "none"}`
          : `${this.ref}: the layout holds ${entries.length} images; name one with :tag (${tags.join(", ")})`,
      );
    }
    const manifest = await this.blob(chosen.digest, "manifest");
    const resolved = await resolveManifest(
      manifest,
      chosen.digest,
      platform,
      (d) => this.blob(d, "manifest"),
      (d, what) => this.blob(d, what),
      this.ref,
    );
    this.layers = resolved.layers;
    return resolved;
  }

  async openLayer(index: number): Promise<Readable> {
    const layer = this.layers[index];
    if (!layer?.digest) throw new Error(`layer ${index} is not resolved`);
    const path = this.blobPath(layer.digest);
    try {
      await stat(path);
    } catch {
      throw new DrydockError(
        "BLOB_UNKNOWN",
        `${this.ref}: layer ${layer.digest} is missing from the layout`,
      );
    }
    return createReadStream(path, { highWaterMark: 1024 * 1024 });
  }

  async close(): Promise<void> {}
}
