import { z } from "zod";

/**
 * The OSV schema (ossf.github.io/osv-schema), the internal format of the vulnerability
 * database. Parsed at the boundary (import); fields drydock does not use are kept in the
 * stored record but not typed here. Unknown fields are allowed, as the schema asks.
 */
export const OsvEvent = z.union([
  z.object({ introduced: z.string() }).passthrough(),
  z.object({ fixed: z.string() }).passthrough(),
  z.object({ last_affected: z.string() }).passthrough(),
  z.object({ limit: z.string() }).passthrough(),
]);
export type OsvEvent = z.infer<typeof OsvEvent>;

export const OsvRange = z
  .object({
    type: z.enum(["SEMVER", "ECOSYSTEM", "GIT"]),
    repo: z.string().optional(),
    events: z.array(OsvEvent).min(1),
    database_specific: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type OsvRange = z.infer<typeof OsvRange>;

export const OsvSeverity = z
  .object({
    /** CVSS_V2, CVSS_V3, CVSS_V4, Ubuntu, ... */
    type: z.string(),
    score: z.string(),
  })
  .passthrough();
export type OsvSeverity = z.infer<typeof OsvSeverity>;

export const OsvAffected = z
  .object({
    package: z
      .object({
        ecosystem: z.string(),
        name: z.string(),
        purl: z.string().optional(),
      })
      .passthrough()
      .optional(),
    severity: z.array(OsvSeverity).optional(),
    ranges: z.array(OsvRange).optional(),
    versions: z.array(z.string()).optional(),
    ecosystem_specific: z.record(z.string(), z.unknown()).optional(),
    database_specific: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type OsvAffected = z.infer<typeof OsvAffected>;

export const OsvRecord = z
  .object({
    schema_version: z.string().optional(),
    id: z.string().min(1),
    modified: z.string(),
    published: z.string().optional(),
    withdrawn: z.string().optional(),
    aliases: z.array(z.string()).optional(),
    upstream: z.array(z.string()).optional(),
    related: z.array(z.string()).optional(),
    summary: z.string().optional(),
    details: z.string().optional(),
    severity: z.array(OsvSeverity).optional(),
    affected: z.array(OsvAffected).optional(),
    references: z.array(z.object({ type: z.string(), url: z.string() }).passthrough()).optional(),
    database_specific: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type OsvRecord = z.infer<typeof OsvRecord>;
