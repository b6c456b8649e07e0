import { parseDigest } from "./digest.ts";
import { DrydockError } from "./errors.ts";
import {
  checkArray,
  checkObject,
  checkString,
  checkStringArray,
  checkStringRecord,
  type JsonIssue,
  JsonIssues,
  type JsonParse,
  optional,
} from "./json-check.ts";
import { isForeignLayer, isIndexMediaType, MediaType } from "./media-types.ts";

/**
 * Manifest shapes (OCI image spec v1.1 manifest.md / image-index.md / descriptor.md and
 * Docker image manifest v2 schema 2). Parsing is lenient about unknown fields, as the spec
 * requires (they are dropped from the parsed value), and strict about what a registry must
 * rely on: descriptors and their digests. Checked by hand (json-check.ts): the CLI reads
 * manifests on every scan, and a schema library's start-up would cost more than the reading.
 */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  artifactType?: string;
  platform?: {
    architecture: string;
    os: string;
    variant?: string;
    "os.version"?: string;
    "os.features"?: string[];
  };
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

type Path = (string | number)[];

function descriptor(v: unknown, path: Path, issues: JsonIssues): Descriptor | null {
  if (!checkObject(v, path, issues)) return null;
  const before = issues.list.length;
  if (checkString(v.mediaType, [...path, "mediaType"], issues) && v.mediaType.length === 0)
    issues.add([...path, "mediaType"], "Too small: expected string to have >=1 characters");
  if (checkString(v.digest, [...path, "digest"], issues) && parseDigest(v.digest) === null)
    issues.add([...path, "digest"], "not a valid sha256 or sha512 digest");
  if (typeof v.size !== "number" || !Number.isSafeInteger(v.size))
    issues.add([...path, "size"], "Invalid input: expected int");
  else if (v.size < 0) issues.add([...path, "size"], "Too small: expected number to be >=0");
  const d: Record<string, unknown> = { mediaType: v.mediaType, digest: v.digest, size: v.size };
  optional(v, "urls", d, path, issues, checkStringArray);
  optional(v, "annotations", d, path, issues, checkStringRecord);
  optional(v, "artifactType", d, path, issues, checkString);
  if (v.platform !== undefined) {
    const p = v.platform;
    const where = [...path, "platform"];
    if (checkObject(p, where, issues)) {
      checkString(p.architecture, [...where, "architecture"], issues);
      checkString(p.os, [...where, "os"], issues);
      const platform: Record<string, unknown> = { architecture: p.architecture, os: p.os };
      optional(p, "variant", platform, where, issues, checkString);
      optional(p, "os.version", platform, where, issues, checkString);
      optional(p, "os.features", platform, where, issues, checkStringArray);
      d.platform = platform;
    }
  }
  // The checked copy, without unknown fields, stands in for the input from here on.
  return issues.list.length > before ? null : (d as unknown as Descriptor);
}

/** Fields an image manifest and an index share, onto `out`. */
function common(
  v: Record<string, unknown>,
  out: Record<string, unknown>,
  issues: JsonIssues,
): void {
  if (v.schemaVersion !== 2) issues.add(["schemaVersion"], "Invalid input: expected 2");
  out.schemaVersion = 2;
  optional(v, "mediaType", out, [], issues, checkString);
  optional(v, "artifactType", out, [], issues, checkString);
  if (v.subject !== undefined) {
    const subject = descriptor(v.subject, ["subject"], issues);
    if (subject) out.subject = subject;
  }
  optional(v, "annotations", out, [], issues, checkStringRecord);
}

function descriptors(v: unknown, path: Path, issues: JsonIssues): Descriptor[] {
  if (!checkArray(v, path, issues)) return [];
  const out: Descriptor[] = [];
  v.forEach((d, i) => {
    const checked = descriptor(d, [...path, i], issues);
    if (checked) out.push(checked);
  });
  return out;
}

/** An image manifest or index: the fields they share, then `own` checks the rest. */
function document<T>(
  v: unknown,
  own: (v: Record<string, unknown>, out: Record<string, unknown>, issues: JsonIssues) => void,
): JsonParse<T> {
  const issues = new JsonIssues();
  if (!checkObject(v, [], issues)) return issues.result(null as never);
  const out: Record<string, unknown> = {};
  common(v, out, issues);
  own(v, out, issues);
  return issues.result(out as unknown as T);
}

export const ImageManifest = {
  safeParse: (v: unknown): JsonParse<ImageManifest> =>
    document(v, (v, out, issues) => {
      const config = descriptor(v.config, ["config"], issues);
      if (config) out.config = config;
      out.layers = descriptors(v.layers, ["layers"], issues);
    }),
};

export const ImageIndex = {
  safeParse: (v: unknown): JsonParse<ImageIndex> =>
    document(v, (v, out, issues) => {
      out.manifests = descriptors(v.manifests, ["manifests"], issues);
    }),
};

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

function invalid(error: { issues: JsonIssue[] }): DrydockError {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? first.path.join(".") : "manifest";
  return new DrydockError("MANIFEST_INVALID", `${where}: ${first?.message ?? "invalid manifest"}`, {
    detail: error.issues.slice(0, 10).map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}
