import type { ImageFile, Package } from "../catalog/types.ts";
import type { LayerContent } from "./layer-reader.ts";
import { isUnder } from "./paths.ts";

interface Entry {
  /** Kept for the OS readers, with their ids. */
  file?: ImageFile;
  wantedBy?: string[];
  /** Read already by per-file readers. */
  packages?: Package[];
}

/**
 * The final filesystem's wanted entries, built layer by layer. Whiteouts of a layer delete
 * from the layers below only (image spec layer.md: "whiteout files MUST only apply to
 * resources in lower/parent layers"), whatever their order inside the layer; an opaque
 * directory hides what lower layers put in it; a file replaces a lower directory of its name.
 * A count of entries under every directory keeps these checks cheap for large layers.
 */
export class FinalTree {
  private readonly entries = new Map<string, Entry>();
  private readonly below = new Map<string, number>();

  apply(layer: LayerContent, diffId: string): void {
    for (const w of layer.whiteouts) {
      if (w.kind === "file") this.removeUnder(w.path, true);
      else this.removeUnder(w.dir, false);
    }
    for (const f of layer.files) {
      this.replace(f.path);
      this.entry(f.path).file = { ...f, layer: diffId };
      this.entry(f.path).wantedBy = layer.wantedBy[f.path] ?? [];
    }
    for (const [path, packages] of Object.entries(layer.packages)) {
      if (!layer.files.some((f) => f.path === path)) this.replace(path);
      this.entry(path).packages = packages.map((p) => ({ ...p, layer: diffId }));
    }
  }

  files(): { files: Map<string, ImageFile>; wantedBy: Map<string, string[]> } {
    const files = new Map<string, ImageFile>();
    const wantedBy = new Map<string, string[]>();
    for (const [path, e] of this.entries) {
      if (!e.file) continue;
      files.set(path, e.file);
      wantedBy.set(path, e.wantedBy ?? []);
    }
    return { files, wantedBy };
  }

  packages(): Package[] {
    return [...this.entries.values()].flatMap((e) => e.packages ?? []);
  }

  private entry(path: string): Entry {
    let e = this.entries.get(path);
    if (!e) {
      e = {};
      this.entries.set(path, e);
      for (const dir of ancestors(path)) this.below.set(dir, (this.below.get(dir) ?? 0) + 1);
    }
    return e;
  }

  /** A new file at `path`: whatever a lower layer had there, file or directory, goes. */
  private replace(path: string): void {
    this.entries.delete(path) && this.forget(path);
    if (this.below.get(path)) this.removeUnder(path, false);
  }

  private removeUnder(dir: string, self: boolean): void {
    if (self && this.entries.delete(dir)) this.forget(dir);
    if (!this.below.get(dir)) return;
    for (const path of [...this.entries.keys()]) {
      if (path !== dir && isUnder(path, dir)) {
        this.entries.delete(path);
        this.forget(path);
      }
    }
  }

  private forget(path: string): void {
    for (const dir of ancestors(path)) {
      const n = (this.below.get(dir) ?? 1) - 1;
      if (n === 0) this.below.delete(dir);
      else this.below.set(dir, n);
    }
  }
}

function* ancestors(path: string): Generator<string> {
  for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1))
    yield path.slice(0, i);
  yield "/";
}
