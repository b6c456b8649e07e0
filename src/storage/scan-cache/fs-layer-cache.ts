import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LayerContent } from "../../scanner/image/layer-reader.ts";
import type { ImageResult, LayerCache } from "../../scanner/inventory.ts";

/**
 * The scanner's cache on disk: one JSON file per key — a layer's contribution (diff_id and
 * readers version) or a whole image's inventory (config digest and readers version) — written
 * atomically (temp + rename), owner-only. A file that cannot be parsed is a miss, never an error.
 */
export class FsLayerCache implements LayerCache {
  constructor(private readonly dir: string) {}

  async get(key: string): Promise<LayerContent | null> {
    const stored = await this.read<StoredLayer>(key);
    if (!stored) return null;
    return {
      ...stored,
      files: stored.files.map((f) => ({ ...f, content: Buffer.from(f.content, "base64") })),
    };
  }

  async put(key: string, content: LayerContent): Promise<void> {
    const stored: StoredLayer = {
      ...content,
      files: content.files.map((f) => ({ ...f, content: f.content.toString("base64") })),
    };
    await this.write(key, stored);
  }

  getImage(key: string): Promise<ImageResult | null> {
    return this.read<ImageResult>(key);
  }

  putImage(key: string, result: ImageResult): Promise<void> {
    return this.write(key, result);
  }

  private path(key: string): string {
    return join(this.dir, `${createHash("sha256").update(key).digest("hex")}.json`);
  }

  private async read<T>(key: string): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.path(key), "utf8");
    } catch {
      return null;
    }
    try {
      const stored = JSON.parse(text) as { key: string; content: T };
      return stored.key === key ? stored.content : null;
    } catch {
      return null;
    }
  }

  private async write(key: string, content: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const target = this.path(key);
    const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(tmp, JSON.stringify({ key, content }), { mode: 0o600 });
    await rename(tmp, target);
  }
}

type StoredLayer = Omit<LayerContent, "files"> & {
  files: (Omit<LayerContent["files"][number], "content"> & { content: string })[];
};
