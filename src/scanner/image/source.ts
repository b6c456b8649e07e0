import type { Readable } from "node:stream";
import * as z from "zod/mini";
import { digestOf, parseDigest } from "../../core/digest.ts";
import { DrydockError } from "../../core/errors.ts";
import { ImageIndex, ImageManifest } from "../../core/manifest.ts";
import { isIndexMediaType } from "../../core/media-types.ts";

/** An image's config (OCI image spec config.md), the parts the scanner uses (zod/mini: see core/manifest.ts). */
export const ImageConfig = z.looseObject({
  architecture: z.optional(z.string()),
  os: z.optional(z.string()),
  variant: z.optional(z.string()),
  created: z.optional(z.string()),
  config: z.nullish(
    z.looseObject({
      Env: z.nullish(z.array(z.string())),
      Cmd: z.nullish(z.array(z.string())),
      Entrypoint: z.nullish(z.array(z.string())),
      Labels: z.nullish(z.record(z.string(), z.string())),
    }),
  ),
  rootfs: z.object({ type: z.string(), diff_ids: z.array(z.string()) }),
  history: z.optional(
    z.array(
      z.looseObject({
        created_by: z.optional(z.string()),
        empty_layer: z.optional(z.boolean()),
      }),
    ),
  ),
});
export type ImageConfig = z.infer<typeof ImageConfig>;

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
    if (!index.success) throw new DrydockError("MANIFEST_INVALID", `${ref}: invalid image index`);
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
    throw new DrydockError("MANIFEST_INVALID", `${ref}: invalid image manifest`);
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
    const issue = parsed.error.issues[0];
    throw new DrydockError(
      "MANIFEST_INVALID",
      `${ref}: image config ${issue?.path.join(".")}: ${issue?.message}`,
    );
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
