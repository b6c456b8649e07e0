import { createReadStream } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { digestOf } from "../../core/digest.ts";
import { DrydockError } from "../../core/errors.ts";
import {
  checkArray,
  checkObject,
  checkString,
  checkStringArray,
  JsonIssues,
} from "../../core/json-check.ts";
import {
  formatPlatform,
  type ImageSource,
  type Platform,
  parseConfig,
  type ResolvedImage,
} from "./source.ts";
import { indexTar, type TarMember } from "./tar-index.ts";

/** manifest.json of `docker save`: one entry per image (checked by hand, like manifests). */
interface ArchiveEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

function parseArchiveManifest(v: unknown): ArchiveEntry[] | null {
  const issues = new JsonIssues();
  if (!checkArray(v, [], issues)) return null;
  v.forEach((e, i) => {
    if (!checkObject(e, [i], issues)) return;
    checkString(e.Config, [i, "Config"], issues);
    if (e.RepoTags !== undefined && e.RepoTags !== null)
      checkStringArray(e.RepoTags, [i, "RepoTags"], issues);
    checkStringArray(e.Layers, [i, "Layers"], issues);
  });
  return issues.list.length === 0 ? (v as ArchiveEntry[]) : null;
}

/** `docker-archive:FILE.tar` — the `docker save` format (manifest.json + config + layer tars). */
export class DockerArchiveSource implements ImageSource {
  private fh: FileHandle | null = null;
  private members = new Map<string, TarMember>();
  private layerMembers: TarMember[] = [];

  constructor(
    readonly ref: string,
    private readonly file: string,
  ) {}

  private async member(name: string, what: string): Promise<Buffer> {
    const m = this.members.get(name.replace(/^\.\//, ""));
    if (!m)
      throw new DrydockError("BLOB_UNKNOWN", `${this.ref}: ${what} ${name} is not in the archive`);
    if (m.size > 16 * 1024 * 1024)
      throw new DrydockError("SIZE_INVALID", `${this.ref}: ${what} ${name} is too large`);
    const buf = Buffer.alloc(m.size);
    await this.fh!.read(buf, 0, m.size, m.offset);
    return buf;
  }

  /** An archive holds one image: it is scanned whatever the platform asked for. */
  async resolve(_platform: Platform): Promise<ResolvedImage> {
    try {
      this.fh = await open(this.file, "r");
    } catch (err) {
      throw new DrydockError(
        "NAME_UNKNOWN",
        `${this.ref}: cannot open ${this.file}: ${(err as Error).message}`,
      );
    }
    if (!(await this.fh.stat()).isFile())
      throw new DrydockError(
        "NAME_INVALID",
        `${this.ref}: ${this.file} is not a file (docker save writes one .tar file)`,
      );
    let list: TarMember[];
    try {
      list = await indexTar(this.fh);
    } catch (err) {
      throw new DrydockError("MANIFEST_INVALID", `${this.ref}: ${(err as Error).message}`);
    }
    for (const m of list) this.members.set(m.name, m);
    let manifest: ArchiveEntry[] | null;
    try {
      manifest = parseArchiveManifest(
        JSON.parse((await this.member("manifest.json", "manifest")).toString("utf8")),
      );
    } catch (err) {
      if (err instanceof DrydockError) throw err;
      manifest = null;
    }
    if (!manifest) {
      throw new DrydockError(
        "MANIFEST_INVALID",
        `${this.ref}: manifest.json is not a docker save manifest`,
      );
    }
    const entry = manifest[0];
    if (!entry)
      throw new DrydockError("MANIFEST_UNKNOWN", `${this.ref}: manifest.json lists no image`);
    const configBytes = await this.member(entry.Config, "config");
    const config = parseConfig(configBytes, this.ref);
    if (config.rootfs.diff_ids.length !== entry.Layers.length) {
      throw new DrydockError(
        "MANIFEST_INVALID",
        `${this.ref}: ${entry.Layers.length} layers but ${config.rootfs.diff_ids.length} diff_ids`,
      );
    }
    this.layerMembers = entry.Layers.map((name) => {
      const m = this.members.get(name.replace(/^\.\//, ""));
      if (!m)
        throw new DrydockError("BLOB_UNKNOWN", `${this.ref}: layer ${name} is not in the archive`);
      return m;
    });
    return {
      digest: null,
      platform: formatPlatform(config),
      config,
      configDigest: digestOf(configBytes),
      layers: this.layerMembers.map((m, i) => ({
        digest: null,
        size: m.size,
        diffId: config.rootfs.diff_ids[i]!,
      })),
    };
  }

  async openLayer(index: number): Promise<Readable> {
    const m = this.layerMembers[index];
    if (!m) throw new Error(`layer ${index} is not resolved`);
    if (m.size === 0) return createReadStream(this.file, { start: 0, end: -1 });
    return createReadStream(this.file, {
      start: m.offset,
      end: m.offset + m.size - 1,
      highWaterMark: 1024 * 1024,
    });
  }

  async close(): Promise<void> {
    await this.fh?.close();
    this.fh = null;
  }
}
