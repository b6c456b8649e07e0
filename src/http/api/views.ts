import type { RequestContext } from "../../identity/audit.ts";
import type { Identity } from "../../identity/identity.ts";
import type { Management, RobotView } from "../../identity/management.ts";
import type {
  MemberRecord,
  NamespaceRecord,
  PatRecord,
  StoredAuditEvent,
  TrustPolicyRecord,
  UserRecord,
} from "../../identity/ports.ts";
import { canManage } from "../../identity/roles.ts";
import type { Principal, Role } from "../../identity/types.ts";

/** What the management routes need. */
export interface ApiDeps {
  identity: Identity;
  management: Management;
}

export type { Principal, RequestContext };

/** Identity's records as the API shows them: times in RFC 3339, never a hash. */
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

export function userView(u: UserRecord) {
  return {
    name: u.name,
    admin: u.admin,
    canCreateNamespaces: u.canCreateNamespaces,
    disabled: u.disabled,
    createdAt: iso(u.createdAt),
  };
}

export function namespaceView(ns: NamespaceRecord & { role: Role | null }) {
  return {
    name: ns.name,
    public: ns.public,
    createdAt: iso(ns.createdAt),
    createdBy: ns.createdBy,
    role: ns.role,
  };
}

export function memberView(m: MemberRecord) {
  return { user: m.userName, role: m.role, createdAt: iso(m.createdAt) };
}

/**
 * A robot as the caller may see it: a delivery target (a webhook URL may hold a token of its
 * own, a path tells about a machine) is shown in full only to those who manage the namespace.
 */
export function robotView(robot: RobotView, role: Role | null) {
  const delivery = robot.delivery as { kind: "webhook" | "docker-config" | "k8s-secret" } | null;
  return {
    ...robot,
    delivery: delivery === null || canManage(role) ? delivery : { kind: delivery.kind },
  };
}

export function trustPolicyView(p: TrustPolicyRecord) {
  return {
    id: p.id,
    namespace: p.namespace,
    issuer: p.issuer,
    audience: p.audience,
    claims: p.claims,
    permissions: p.permissions,
    createdAt: iso(p.createdAt),
    createdBy: p.createdBy,
  };
}

export function tokenView(t: PatRecord) {
  return {
    id: t.id,
    name: t.name,
    createdAt: iso(t.createdAt),
    expiresAt: iso(t.expiresAt),
    revokedAt: isoOrNull(t.revokedAt),
    lastUsedAt: isoOrNull(t.lastUsedAt),
  };
}

export function auditView(e: StoredAuditEvent) {
  return {
    id: e.id,
    at: iso(e.at),
    actor: e.actor,
    actorKind: e.actorKind,
    source: e.source,
    userAgent: e.userAgent,
    action: e.action,
    target: e.target,
    result: e.result,
    detail: e.detail,
  };
}
