import type { Generated } from "kysely";

/** Table types for Kysely. Times are milliseconds since the epoch. */
export interface Database {
  repositories: { name: string; created_at: number };
  blobs: { digest: string; size: number; touched_at: number };
  repo_blobs: { repository: string; digest: string; linked_at: number };
  manifests: {
    repository: string;
    digest: string;
    media_type: string;
    size: number;
    content: Uint8Array;
    subject: string | null;
    artifact_type: string | null;
    annotations: string | null;
    created_at: number;
  };
  manifest_refs: { repository: string; digest: string; child: string; kind: "blob" | "manifest" };
  tags: { repository: string; name: string; digest: string; updated_at: number };
  uploads: {
    id: string;
    repository: string;
    offset: number;
    started_at: number;
    updated_at: number;
  };
  gc_runs: { id: Generated<number>; started_at: number; dry_run: number };
}
