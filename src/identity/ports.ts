import type { Permission, Role } from "./types.ts";

/**
 * What identity needs from storage. Times are milliseconds since the epoch. Secrets never
 * reach the store: only their hashes (argon2id for passwords, SHA-256 for 256-bit random
 * secrets, which need no slow hash).
 */
export interface UserRecord {
  id: string;
  name: string;
  passwordHash: string | null;
  admin: boolean;
  canCreateNamespaces: boolean;
  disabled: boolean;
  createdAt: number;
}

export interface NamespaceRecord {
  name: string;
  public: boolean;
  createdAt: number;
  createdBy: string;
}

export interface MemberRecord {
  namespace: string;
  userId: string;
  userName: string;
  role: Role;
  createdAt: number;
}

export interface RobotRecord {
  id: string;
  namespace: string;
  name: string;
  description: string;
  permissions: Permission[];
  secretTtlMs: number;
  overlapMs: number;
  /** Rotate automatically this long before the active secret expires (needs a delivery target). */
  rotateBeforeMs: number;
  /** JSON of a DeliveryTarget, or null: no automatic rotation. */
  delivery: unknown;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
}

export interface RobotSecretRecord {
  id: string;
  robotId: string;
  hash: string;
  createdAt: number;
  expiresAt: number;
  /** When a newer secret replaced this one. */
  supersededAt: number | null;
  /** Refused from this time on: expiresAt, or the end of the overlap window once superseded. */
  validUntil: number;
  /** When the new secret reached its delivery target (null: not yet, or no target). */
  deliveredAt: number | null;
}

export interface PatRecord {
  id: string;
  userId: string;
  name: string;
  hash: string;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface RefreshTokenRecord {
  hash: string;
  subject: string;
  createdAt: number;
  expiresAt: number;
}

export interface TrustPolicyRecord {
  id: string;
  namespace: string;
  issuer: string;
  audience: string;
  claims: Record<string, string>;
  permissions: Permission[];
  createdAt: number;
  createdBy: string;
}

export type AuditResult = "success" | "failure" | "denied";

export interface AuditEvent {
  at: number;
  actor: string;
  actorKind: string;
  source: string;
  userAgent: string;
  action: string;
  target: string;
  result: AuditResult;
  detail: Record<string, unknown>;
}

export interface StoredAuditEvent extends AuditEvent {
  id: number;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  /** Matches the target exactly, or every target below it (`team-a` matches `team-a/app`). */
  target?: string;
  result?: AuditResult;
  since?: number;
  until?: number;
  /** Events with an id greater than this (paging forward). */
  after?: number;
  limit: number;
}

export interface FailureRecord {
  key: string;
  failures: number;
  lastAt: number;
  lockedUntil: number | null;
}

export interface IdentityStore {
  /** Changes whenever anything identity keeps changes, in this process or another. */
  version(): string;

  createUser(user: UserRecord): Promise<void>;
  updateUser(
    id: string,
    patch: Partial<Pick<UserRecord, "passwordHash" | "admin" | "canCreateNamespaces" | "disabled">>,
  ): Promise<void>;
  userById(id: string): Promise<UserRecord | null>;
  userByName(name: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  countUsers(): Promise<number>;

  createNamespace(ns: NamespaceRecord, owner: MemberRecord | null): Promise<boolean>;
  namespace(name: string): Promise<NamespaceRecord | null>;
  listNamespaces(): Promise<NamespaceRecord[]>;
  updateNamespace(name: string, patch: { public?: boolean }): Promise<void>;
  deleteNamespace(name: string): Promise<void>;

  setMember(member: Omit<MemberRecord, "userName">): Promise<void>;
  removeMember(namespace: string, userId: string): Promise<boolean>;
  members(namespace: string): Promise<MemberRecord[]>;
  membershipsOf(userId: string): Promise<MemberRecord[]>;

  createRobot(robot: RobotRecord, secret: RobotSecretRecord): Promise<void>;
  robot(namespace: string, name: string): Promise<RobotRecord | null>;
  robotById(id: string): Promise<RobotRecord | null>;
  robots(namespace: string): Promise<RobotRecord[]>;
  revokeRobot(id: string, at: number): Promise<void>;
  robotSecrets(robotId: string): Promise<RobotSecretRecord[]>;
  robotSecretByHash(hash: string): Promise<RobotSecretRecord | null>;
  /** Adds `next` and supersedes every current secret of the robot (their validUntil shortened to `oldValidUntil` at most), in one transaction. */
  rotateRobotSecret(next: RobotSecretRecord, oldValidUntil: number): Promise<void>;
  markDelivered(secretId: string, at: number, oldValidUntil: number): Promise<void>;
  /** Robots with a delivery target whose newest secret should be rotated or delivered by `now`. */
  robotsDueForRotation(now: number): Promise<RobotRecord[]>;

  createPat(pat: PatRecord): Promise<void>;
  patByHash(hash: string): Promise<PatRecord | null>;
  pats(userId: string): Promise<PatRecord[]>;
  revokePat(userId: string, id: string, at: number): Promise<boolean>;
  touchPat(id: string, at: number): Promise<void>;

  saveRefreshToken(token: RefreshTokenRecord): Promise<void>;
  refreshToken(hash: string): Promise<RefreshTokenRecord | null>;
  deleteRefreshToken(hash: string): Promise<void>;

  createTrustPolicy(policy: TrustPolicyRecord): Promise<void>;
  trustPolicies(namespace?: string): Promise<TrustPolicyRecord[]>;
  deleteTrustPolicy(namespace: string, id: string): Promise<boolean>;

  appendAudit(events: AuditEvent[]): Promise<void>;
  queryAudit(query: AuditQuery): Promise<StoredAuditEvent[]>;

  failure(key: string): Promise<FailureRecord | null>;
  saveFailure(record: FailureRecord): Promise<void>;
  clearFailure(key: string): Promise<void>;
}
