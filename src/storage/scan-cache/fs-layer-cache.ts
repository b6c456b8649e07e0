import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { LayerContent } from "../../scanner/image/layer-reader.ts";
import type { LayerCache } from "../../scanner/inventory.ts";

/**
 * The scanner's per-layer cache on disk: one JSON file per (diff_id, readers version), written
 * atomically (temp + rename). A file that cannot be parsed is a miss, never an error.
 */
export class FsLayerCache implements LayerCache {
  constructor(private readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, `${createHash("sha256").update(key).digest("hex")}.json`);
  }

  async get(key: string): Promise<LayerContent | null> {
    let text: string;
    try {
      text = await readFile(this.path(key), "utf8");
    } catch {
      return null;
    }
    try {
      const stored = JSON.parse(text) as StoredLayer;
      if (stored.key !== key) return null;
      return {
        ...stored.content,
        files: stored.content.files.map((f) => ({
          ...f,
          content: Buffer.from(f.content, "base64"),
        })),
      };
    } catch {
      return null;
    }
  }

  async put(key: string, content: LayerContent): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const stored: StoredLayer = {
      key,
      content: {
        ...content,
        files: content.files.map((f) => ({ ...f, content: f.content.toString("base64") })),
      },
    };
    const target = this.path(key);
    const tmp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(tmp, JSON.stringify(stored), { mode: 0o600 });
    await rename(tmp, target);
  }
}

interface StoredLayer {
  key: string;
  content: Omit<LayerContent, "files"> & {
    files: (Omit<LayerContent["files"][number], "content"> & { content: string })[];
  };
}
