import type { Readable } from "node:stream";
import { digestOf, parseDigest } from "../../core/digest.ts";
import { DrydockError } from "../../core/errors.ts";
import {
  checkArray,
  checkObject,
  checkString,
  checkStringArray,
  checkStringRecord,
  firstIssue,
  JsonIssues,
  type JsonParse,
} from "../../core/json-check.ts";
import { ImageIndex, ImageManifest } from "../../core/manifest.ts";
import { isIndexMediaType } from "../../core/media-types.ts";

/** An image's config (OCI image spec config.md): the parts the scanner uses, other fields kept. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Labels?: Record<string, string> | null;
    [key: string]: unknown;
  } | null;
  rootfs: { type: string; diff_ids: string[] };
  history?: { created_by?: string; empty_layer?: boolean; [key: string]: unknown }[];
  [key: string]: unknown;
}

/** Checked by hand, like manifests (core/json-check.ts says why); unknown fields are kept. */
export const ImageConfig = {
  safeParse(v: unknown): JsonParse<ImageConfig> {
    const issues = new JsonIssues();
    if (!checkObject(v, [], issues)) return issues.result(null as never);
    for (const key of ["architecture", "os", "variant", "created"])
      if (v[key] !== undefined) checkString(v[key], [key], issues);
    const c = v.config;
    if (c !== undefined && c !== null && checkObject(c, ["config"], issues)) {
      for (const key of ["Env", "Cmd", "Entrypoint"])
        if (c[key] !== undefined && c[key] !== null)
          checkStringArray(c[key], ["config", key], issues);
      if (c.Labels !== undefined && c.Labels !== null)
        checkStringRecord(c.Labels, ["config", "Labels"], issues);
    }
    if (checkObject(v.rootfs, ["rootfs"], issues)) {
      checkString(v.rootfs.type, ["rootfs", "type"], issues);
      checkStringArray(v.rootfs.diff_ids, ["rootfs", "diff_ids"], issues);
    }
    if (v.history !== undefined && checkArray(v.history, ["history"], issues)) {
      v.history.forEach((h, i) => {
        if (!checkObject(h, ["history", i], issues)) return;
        if (h.created_by !== undefined)
          checkString(h.created_by, ["history", i, "created_by"], issues);
        if (h.empty_layer !== undefined && typeof h.empty_layer !== "boolean")
          issues.add(["history", i, "empty_layer"], "Invalid input: expected boolean");
      });
    }
    return issues.result(v as ImageConfig);
  },
};

export interface LayerRef {
  /** Compressed blob digest; null when the source has none (docker-archive layer files). */
  digest: string | null;
  size: number | null;
  diffId: string;
}

export interface ResolvedImage {
  /** Manifest digest; null when the source has no manifest (docker-archive). */
  digest: string | null;
  platform: string;
  config: ImageConfig;
  /** sha256 of the config's bytes as read (the image id): names the whole image's content. */
  configDigest: string;
  layers: LayerRef[];
}

/** Where an image comes from: an OCI layout, a docker archive, a registry. */
export interface ImageSource {
  readonly ref: string;
  resolve(platform: Platform): Promise<ResolvedImage>;
  /** The compressed bytes of layer `index` (as listed by resolve). */
  openLayer(index: number): Promise<Readable>;
  close(): Promise<void>;
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant] = text.split("/");
  if (!os || !architecture) {
    throw new DrydockError(
      "UNSUPPORTED",
      `platform "${text}" is not os/arch[/variant], e.g. linux/amd64`,
      { status: 400 },
    );
  }
  return { os, architecture, ...(variant ? { variant } : {}) };
}

export function formatPlatform(p: {
  os?: string;
  architecture?: string;
  variant?: string | undefined;
}): string {
  return [p.os ?? "?", p.architecture ?? "?", ...(p.variant ? [p.variant] : [])].join("/");
}

/** Reads a blob by digest; shared by layout and registry sources. */
export type FetchBlob = (digest: string, what: string) => Promise<Buffer>;

/**
 * From a manifest (or an index: pick the platform) to the config and layer list. An index
 * without the asked platform is an error that lists what exists.
 */
export async function resolveManifest(
  manifestBytes: Buffer,
  digest: string | null,
  platform: Platform,
  fetchManifest: (digest: string) => Promise<Buffer>,
  fetchBlob: FetchBlob,
  ref: string,
): Promise<ResolvedImage> {
  let json: unknown;
  try {
    json = JSON.parse(manifestBytes.toString("utf8"));
  } catch {
    throw new DrydockError("MANIFEST_INVALID", `${ref}: manifest is not JSON`);
  }
  const mediaType = (json as { mediaType?: string }).mediaType ?? "";
  if (
    isIndexMediaType(mediaType) ||
    (typeof json === "object" && json !== null && "manifests" in json)
  ) {
    const index = ImageIndex.safeParse(json);
    if (!index.success)
      throw new DrydockError(
        "MANIFEST_INVALID",
        `${ref}: invalid image index (${firstIssue(index.error)})`,
      );
    const candidates = index.data.manifests.filter((m) => m.platform);
    const match = candidates.find(
      (m) =>
        m.platform!.os === platform.os &&
        m.platform!.architecture === platform.architecture &&
        (!platform.variant || m.platform!.variant === platform.variant),
    );
    if (!match) {
      const available =
        candidates.map((m) => formatPlatform(m.platform!)).join(", ") || "none declared";
      throw new DrydockError(
        "MANIFEST_UNKNOWN",
        `${ref} has no image for ${formatPlatform(platform)}; available: ${available} (choose with --platform)`,
      );
    }
    return resolveManifest(
      await fetchManifest(match.digest),
      match.digest,
      platform,
      fetchManifest,
      fetchBlob,
      ref,
    );
  }
  const manifest = ImageManifest.safeParse(json);
  if (!manifest.success)
    throw new DrydockError(
      "MANIFEST_INVALID",
      `${ref}: invalid image manifest (${firstIssue(manifest.error)})`,
    );
  const configBytes = await fetchBlob(manifest.data.config.digest, "config");
  const config = parseConfig(configBytes, ref);
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.data.layers.length) {
    throw new DrydockError(
      "MANIFEST_INVALID",
      `${ref}: the manifest lists ${manifest.data.layers.length} layers but the config ${diffIds.length} diff_ids`,
    );
  }
  return {
    digest,
    platform: formatPlatform(config),
    config,
    configDigest: digestOf(configBytes),
    layers: manifest.data.layers.map((l, i) => ({
      digest: l.digest,
      size: l.size,
      diffId: diffIds[i]!,
    })),
  };
}

export function parseConfig(bytes: Buffer, ref: string): ImageConfig {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new DrydockError("MANIFEST_INVALID", `${ref}: image config is not JSON`);
  }
  const parsed = ImageConfig.safeParse(json);
  if (!parsed.success) {
    throw new DrydockError("MANIFEST_INVALID", `${ref}: image config ${firstIssue(parsed.error)}`);
  }
  for (const d of parsed.data.rootfs.diff_ids) {
    if (!parseDigest(d))
      throw new DrydockError(
        "DIGEST_INVALID",
        `${ref}: diff_id "${d.slice(0, 80)}" is not a digest`,
      );
  }
  return parsed.data;
}
