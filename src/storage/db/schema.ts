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

  users: {
    id: string;
    name: string;
    password_hash: string | null;
    admin: number;
    can_create_namespaces: number;
    disabled: number;
    created_at: number;
  };
  namespaces: { name: string; public: number; created_at: number; created_by: string };
  members: { namespace: string; user_id: string; role: string; created_at: number };
  robots: {
    id: string;
    namespace: string;
    name: string;
    description: string;
    permissions: string;
    secret_ttl_ms: number;
    overlap_ms: number;
    rotate_before_ms: number;
    delivery: string | null;
    created_at: number;
    created_by: string;
    revoked_at: number | null;
  };
  robot_secrets: {
    id: string;
    robot_id: string;
    hash: string;
    created_at: number;
    expires_at: number;
    superseded_at: number | null;
    valid_until: number;
    delivered_at: number | null;
  };
  pats: {
    id: string;
    user_id: string;
    name: string;
    hash: string;
    created_at: number;
    expires_at: number;
    revoked_at: number | null;
    last_used_at: number | null;
  };
  refresh_tokens: { hash: string; subject: string; created_at: number; expires_at: number };
  trust_policies: {
    id: string;
    namespace: string;
    issuer: string;
    audience: string;
    claims: string;
    permissions: string;
    created_at: number;
    created_by: string;
  };
  audit_events: {
    id: Generated<number>;
    at: number;
    actor: string;
    actor_kind: string;
    source: string;
    user_agent: string;
    action: string;
    target: string;
    result: string;
    detail: string;
  };
  auth_failures: { key: string; failures: number; last_at: number; locked_until: number | null };
}
