import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { parseDigest } from "./digest.ts";
import { DrydockError } from "./errors.ts";
import { isForeignLayer, isIndexMediaType, MediaType } from "./media-types.ts";

/**
 * Manifest schemas (OCI image spec v1.1 manifest.md / image-index.md / descriptor.md and
 * Docker image manifest v2 schema 2). Parsing is lenient about unknown fields, as the spec
 * requires, and strict about what a registry must rely on: descriptors and their digests.
 * Written with zod/mini: the CLI reads manifests on every scan, and classic zod costs ~80 ms
 * of start-up. Mini loads no messages by itself: English is set here (zod's config is global).
 */
z.config(en());
const digestString = z
  .string()
  .check(
    z.refine((s) => parseDigest(s) !== null, { message: "not a valid sha256 or sha512 digest" }),
  );

export const Descriptor = z.object({
  mediaType: z.string().check(z.minLength(1)),
  digest: digestString,
  size: z.int().check(z.nonnegative()),
  urls: z.optional(z.array(z.string())),
  annotations: z.optional(z.record(z.string(), z.string())),
  artifactType: z.optional(z.string()),
  platform: z.optional(
    z.object({
      architecture: z.string(),
      os: z.string(),
      variant: z.optional(z.string()),
      "os.version": z.optional(z.string()),
      "os.features": z.optional(z.array(z.string())),
    }),
  ),
});
export type Descriptor = z.infer<typeof Descriptor>;

export const ImageManifest = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.optional(z.string()),
  artifactType: z.optional(z.string()),
  config: Descriptor,
  layers: z.array(Descriptor),
  subject: z.optional(Descriptor),
  annotations: z.optional(z.record(z.string(), z.string())),
});
export type ImageManifest = z.infer<typeof ImageManifest>;

export const ImageIndex = z.object({
  schemaVersion: z.literal(2),
  mediaType: z.optional(z.string()),
  artifactType: z.optional(z.string()),
  manifests: z.array(Descriptor),
  subject: z.optional(Descriptor),
  annotations: z.optional(z.record(z.string(), z.string())),
});
export type ImageIndex = z.infer<typeof ImageIndex>;

/** What the registry needs to know about a manifest it stores. */
export interface ManifestFacts {
  mediaType: string;
  /** Blobs the manifest references (config and layers), foreign layers excluded. */
  blobs: string[];
  /** Manifests an index references. */
  manifests: string[];
  subject: Descriptor | null;
  /** For referrers: `artifactType`, else the config media type (image spec 1.1). */
  artifactType: string | null;
  annotations: Record<string, string> | null;
}

/**
 * Reads a manifest body. `contentType` is the request's Content-Type; when the body names
 * a mediaType the two must agree. Throws MANIFEST_INVALID with the reason.
 */
export function parseManifest(body: Uint8Array, contentType: string | undefined): ManifestFacts {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString("utf8"));
  } catch (err) {
    throw new DrydockError(
      "MANIFEST_INVALID",
      `manifest is not valid JSON: ${(err as Error).message}`,
    );
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new DrydockError("MANIFEST_INVALID", "manifest must be a JSON object");
  }
  const declared = (json as { mediaType?: unknown }).mediaType;
  if (declared !== undefined && typeof declared !== "string") {
    throw new DrydockError("MANIFEST_INVALID", "manifest mediaType must be a string");
  }
  const headerType = normalizeContentType(contentType);
  if (declared && headerType && declared !== headerType) {
    throw new DrydockError(
      "MANIFEST_INVALID",
      `Content-Type "${headerType}" does not match the manifest's mediaType "${declared}"`,
    );
  }
  const mediaType = declared || headerType || guessMediaType(json);
  if (!mediaType) {
    throw new DrydockError(
      "MANIFEST_INVALID",
      "manifest has no mediaType and the request no Content-Type",
    );
  }

  if (isIndexMediaType(mediaType) || (!declared && "manifests" in json && !("config" in json))) {
    const parsed = ImageIndex.safeParse(json);
    if (!parsed.success) throw invalid(parsed.error);
    const index = parsed.data;
    return {
      mediaType,
      blobs: [],
      manifests: index.manifests.map((d) => d.digest),
      subject: index.subject ?? null,
      artifactType: index.artifactType ?? null,
      annotations: index.annotations ?? null,
    };
  }
  const parsed = ImageManifest.safeParse(json);
  if (!parsed.success) throw invalid(parsed.error);
  const m = parsed.data;
  const blobs = [m.config.digest];
  for (const layer of m.layers) if (!isForeignLayer(layer.mediaType)) blobs.push(layer.digest);
  return {
    mediaType,
    blobs,
    manifests: [],
    subject: m.subject ?? null,
    artifactType: m.artifactType ?? m.config.mediaType ?? null,
    annotations: m.annotations ?? null,
  };
}

function normalizeContentType(value: string | undefined): string | null {
  if (!value) return null;
  const base = value.split(";")[0]!.trim().toLowerCase();
  // Generic types say nothing about the manifest kind.
  if (base === "" || base === "application/json" || base === "application/octet-stream")
    return null;
  return base;
}

function guessMediaType(json: object): string | null {
  if ("manifests" in json) return MediaType.ociIndex;
  if ("config" in json) return MediaType.ociManifest;
  return null;
}

function invalid(error: z.core.$ZodError): DrydockError {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? first.path.join(".") : "manifest";
  return new DrydockError("MANIFEST_INVALID", `${where}: ${first?.message ?? "invalid manifest"}`, {
    detail: error.issues.slice(0, 10).map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}
