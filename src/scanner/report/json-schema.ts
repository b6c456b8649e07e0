import { z } from "zod";

/**
 * The schema of drydock's inventory JSON (the output of toJson in json.ts), for reading it
 * back: strict, so a field outside the documented schema is an error. Kept apart from the
 * writer so that writing a report does not load the schema library.
 */
export const PackageTypeJson = z.enum([
  "deb",
  "apk",
  "rpm",
  "npm",
  "pypi",
  "golang",
  "maven",
  "gem",
  "composer",
  "cargo",
  "nuget",
]);

const PackageJson = z.strictObject({
  type: PackageTypeJson,
  name: z.string().min(1),
  version: z.string(),
  purl: z.string().startsWith("pkg:"),
  path: z.string().startsWith("/"),
  layer: z.string().nullable().optional(),
  arch: z.string().optional(),
  source: z.strictObject({ name: z.string(), version: z.string() }).optional(),
  licenses: z.array(z.string()).optional(),
  osOwned: z.boolean().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const ProblemJson = z.strictObject({
  path: z.string(),
  reason: z.string(),
  layer: z.string().nullable().optional(),
});

/** What was scanned, as every drydock JSON report writes it (inventory and vulnerabilities). */
export const TargetJson = z.strictObject({
  kind: z.enum(["image", "dir"]),
  ref: z.string(),
  digest: z.string().nullable(),
  platform: z.string().nullable(),
  os: z
    .strictObject({
      id: z.string(),
      versionId: z.string().nullable(),
      versionCodename: z.string().nullable(),
      prettyName: z.string().nullable(),
      idLike: z.array(z.string()),
    })
    .nullable(),
  layers: z.array(
    z.strictObject({
      diffId: z.string(),
      digest: z.string().nullable(),
      size: z.number().int().nonnegative().nullable(),
    }),
  ),
});

/** Parses drydock inventory v1 (the output of toJson) back into an InventoryReport. */
export const InventoryJson = z.strictObject({
  schemaVersion: z.literal(1),
  tool: z.strictObject({ name: z.literal("drydock"), version: z.string() }),
  createdAt: z.iso.datetime(),
  target: TargetJson,
  packages: z.array(PackageJson),
  problems: z.array(ProblemJson),
  partial: z.boolean(),
});
export type InventoryJson = z.infer<typeof InventoryJson>;
