import type { Kysely, Selectable } from "kysely";
import type {
  AuditEvent,
  AuditQuery,
  AuditResult,
  FailureRecord,
  IdentityStore,
  MemberRecord,
  NamespaceRecord,
  PatRecord,
  RefreshTokenRecord,
  RobotRecord,
  RobotSecretRecord,
  StoredAuditEvent,
  TrustPolicyRecord,
  UserRecord,
} from "../../identity/ports.ts";
import type { Permission, Role } from "../../identity/types.ts";
import type { Database } from "./schema.ts";

/** Identity's records in SQL through Kysely (SQLite today; the queries stay portable). */
export class SqlIdentityStore implements IdentityStore {
  private writes = 0;

  /** `externalVersion` changes when another process commits (SQLite's data_version). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly externalVersion: () => number,
  ) {}

  private external = { value: 0, checkedAt: -Infinity };

  /**
   * This process's writes count at once; another process's commits (SQLite's data_version,
   * a query) are looked at no more than every 50 ms, as the manifest cache does.
   */
  version(): string {
    const now = performance.now();
    if (now - this.external.checkedAt >= 50)
      this.external = { value: this.externalVersion(), checkedAt: now };
    return `${this.writes}:${this.external.value}`;
  }

  private wrote(): void {
    this.writes += 1;
  }

  async createUser(u: UserRecord): Promise<void> {
    await this.db
      .insertInto("users")
      .values({
        id: u.id,
        name: u.name,
        password_hash: u.passwordHash,
        admin: Number(u.admin),
        can_create_namespaces: Number(u.canCreateNamespaces),
        disabled: Number(u.disabled),
        created_at: u.createdAt,
      })
      .execute();
    this.wrote();
  }

  async updateUser(
    id: string,
    patch: Partial<Pick<UserRecord, "passwordHash" | "admin" | "canCreateNamespaces" | "disabled">>,
  ): Promise<void> {
    const set: Partial<Database["users"]> = {};
    if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
    if (patch.admin !== undefined) set.admin = Number(patch.admin);
    if (patch.canCreateNamespaces !== undefined)
      set.can_create_namespaces = Number(patch.canCreateNamespaces);
    if (patch.disabled !== undefined) set.disabled = Number(patch.disabled);
    if (Object.keys(set).length === 0) return;
    await this.db.updateTable("users").set(set).where("id", "=", id).execute();
    this.wrote();
  }

  async userById(id: string): Promise<UserRecord | null> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async userByName(name: string): Promise<UserRecord | null> {
    const row = await this.db
      .selectFrom("users")
      .selectAll()
      .where("name", "=", name)
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async listUsers(): Promise<UserRecord[]> {
    const rows = await this.db.selectFrom("users").selectAll().orderBy("name").execute();
    return rows.map(toUser);
  }

  async countUsers(): Promise<number> {
    const row = await this.db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async createNamespace(ns: NamespaceRecord, owner: MemberRecord | null): Promise<boolean> {
    const created = await this.db.transaction().execute(async (tx) => {
      const res = await tx
        .insertInto("namespaces")
        .values({
          name: ns.name,
          public: Number(ns.public),
          created_at: ns.createdAt,
          created_by: ns.createdBy,
        })
        .onConflict((oc) => oc.column("name").doNothing())
        .executeTakeFirst();
      if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      if (owner)
        await tx
          .insertInto("members")
          .values({
            namespace: ns.name,
            user_id: owner.userId,
            role: owner.role,
            created_at: owner.createdAt,
          })
          .execute();
      return true;
    });
    if (created) this.wrote();
    return created;
  }

  async namespace(name: string): Promise<NamespaceRecord | null> {
    const row = await this.db
      .selectFrom("namespaces")
      .selectAll()
      .where("name", "=", name)
      .executeTakeFirst();
    return row ? toNamespace(row) : null;
  }

  async listNamespaces(): Promise<NamespaceRecord[]> {
    const rows = await this.db.selectFrom("namespaces").selectAll().orderBy("name").execute();
    return rows.map(toNamespace);
  }

  async updateNamespace(name: string, patch: { public?: boolean }): Promise<void> {
    if (patch.public === undefined) return;
    await this.db
      .updateTable("namespaces")
      .set({ public: Number(patch.public) })
      .where("name", "=", name)
      .execute();
    this.wrote();
  }

  async deleteNamespace(name: string): Promise<void> {
    await this.db.deleteFrom("namespaces").where("name", "=", name).execute();
    this.wrote();
  }

  async setMember(m: Omit<MemberRecord, "userName">): Promise<void> {
    await this.db
      .insertInto("members")
      .values({ namespace: m.namespace, user_id: m.userId, role: m.role, created_at: m.createdAt })
      .onConflict((oc) => oc.columns(["namespace", "user_id"]).doUpdateSet({ role: m.role }))
      .execute();
    this.wrote();
  }

  async removeMember(namespace: string, userId: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom("members")
      .where("namespace", "=", namespace)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    this.wrote();
    return Number(res.numDeletedRows) > 0;
  }

  async members(namespace: string): Promise<MemberRecord[]> {
    const rows = await this.db
      .selectFrom("members")
      .innerJoin("users", "users.id", "members.user_id")
      .select([
        "members.namespace",
        "members.user_id",
        "members.role",
        "members.created_at",
        "users.name as user_name",
      ])
      .where("members.namespace", "=", namespace)
      .orderBy("users.name")
      .execute();
    return rows.map(toMember);
  }

  async membershipsOf(userId: string): Promise<MemberRecord[]> {
    const rows = await this.db
      .selectFrom("members")
      .innerJoin("users", "users.id", "members.user_id")
      .select([
        "members.namespace",
        "members.user_id",
        "members.role",
        "members.created_at",
        "users.name as user_name",
      ])
      .where("members.user_id", "=", userId)
      .orderBy("members.namespace")
      .execute();
    return rows.map(toMember);
  }

  async createRobot(robot: RobotRecord, secret: RobotSecretRecord): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto("robots")
        .values({
          id: robot.id,
          namespace: robot.namespace,
          name: robot.name,
          description: robot.description,
          permissions: JSON.stringify(robot.permissions),
          secret_ttl_ms: robot.secretTtlMs,
          overlap_ms: robot.overlapMs,
          rotate_before_ms: robot.rotateBeforeMs,
          delivery: robot.delivery === null ? null : JSON.stringify(robot.delivery),
          created_at: robot.createdAt,
          created_by: robot.createdBy,
          revoked_at: robot.revokedAt,
        })
        .execute();
      await tx.insertInto("robot_secrets").values(fromSecret(secret)).execute();
    });
    this.wrote();
  }

  async robot(namespace: string, name: string): Promise<RobotRecord | null> {
    const row = await this.db
      .selectFrom("robots")
      .selectAll()
      .where("namespace", "=", namespace)
      .where("name", "=", name)
      .executeTakeFirst();
    return row ? toRobot(row) : null;
  }

  async robotById(id: string): Promise<RobotRecord | null> {
    const row = await this.db
      .selectFrom("robots")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirst();
    return row ? toRobot(row) : null;
  }

  async robots(namespace: string): Promise<RobotRecord[]> {
    const rows = await this.db
      .selectFrom("robots")
      .selectAll()
      .where("namespace", "=", namespace)
      .orderBy("name")
      .execute();
    return rows.map(toRobot);
  }

  async revokeRobot(id: string, at: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable("robots").set({ revoked_at: at }).where("id", "=", id).execute();
      await tx
        .updateTable("robot_secrets")
        .set({ valid_until: at })
        .where("robot_id", "=", id)
        .where("valid_until", ">", at)
        .execute();
    });
    this.wrote();
  }

  async robotSecrets(robotId: string): Promise<RobotSecretRecord[]> {
    const rows = await this.db
      .selectFrom("robot_secrets")
      .selectAll()
      .where("robot_id", "=", robotId)
      .orderBy("created_at", "desc")
      .orderBy("id")
      .execute();
    return rows.map(toSecret);
  }

  async robotSecretByHash(hash: string): Promise<RobotSecretRecord | null> {
    const row = await this.db
      .selectFrom("robot_secrets")
      .selectAll()
      .where("hash", "=", hash)
      .executeTakeFirst();
    return row ? toSecret(row) : null;
  }

  async rotateRobotSecret(next: RobotSecretRecord, oldValidUntil: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom("robot_secrets")
        .select(["id", "valid_until"])
        .where("robot_id", "=", next.robotId)
        .where("superseded_at", "is", null)
        .execute();
      for (const s of current)
        await tx
          .updateTable("robot_secrets")
          .set({
            superseded_at: next.createdAt,
            valid_until: Math.min(Number(s.valid_until), oldValidUntil),
          })
          .where("id", "=", s.id)
          .execute();
      await tx.insertInto("robot_secrets").values(fromSecret(next)).execute();
    });
    this.wrote();
  }

  async markDelivered(secretId: string, at: number, oldValidUntil: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = await tx
        .updateTable("robot_secrets")
        .set({ delivered_at: at })
        .where("id", "=", secretId)
        .returning("robot_id")
        .executeTakeFirst();
      if (!row) return;
      // The overlap window of the secrets it replaced starts when the new one arrives.
      const older = await tx
        .selectFrom("robot_secrets")
        .select(["id", "expires_at"])
        .where("robot_id", "=", row.robot_id)
        .where("superseded_at", "is not", null)
        .where("valid_until", ">", at)
        .execute();
      for (const s of older)
        await tx
          .updateTable("robot_secrets")
          .set({ valid_until: Math.min(Number(s.expires_at), oldValidUntil) })
          .where("id", "=", s.id)
          .execute();
    });
    this.wrote();
  }

  async robotsDueForRotation(now: number): Promise<RobotRecord[]> {
    const rows = await this.db
      .selectFrom("robots")
      .innerJoin("robot_secrets", "robot_secrets.robot_id", "robots.id")
      .selectAll("robots")
      .where("robots.revoked_at", "is", null)
      .where("robots.delivery", "is not", null)
      .where("robot_secrets.superseded_at", "is", null)
      .where((eb) =>
        eb.or([
          eb("robot_secrets.delivered_at", "is", null),
          eb(eb("robot_secrets.expires_at", "-", eb.ref("robots.rotate_before_ms")), "<=", now),
        ]),
      )
      .orderBy("robots.id")
      .execute();
    return rows.map(toRobot);
  }

  async createPat(pat: PatRecord): Promise<void> {
    await this.db
      .insertInto("pats")
      .values({
        id: pat.id,
        user_id: pat.userId,
        name: pat.name,
        hash: pat.hash,
        created_at: pat.createdAt,
        expires_at: pat.expiresAt,
        revoked_at: pat.revokedAt,
        last_used_at: pat.lastUsedAt,
      })
      .execute();
    this.wrote();
  }

  async patByHash(hash: string): Promise<PatRecord | null> {
    const row = await this.db
      .selectFrom("pats")
      .selectAll()
      .where("hash", "=", hash)
      .executeTakeFirst();
    return row ? toPat(row) : null;
  }

  async pats(userId: string): Promise<PatRecord[]> {
    const rows = await this.db
      .selectFrom("pats")
      .selectAll()
      .where("user_id", "=", userId)
      .orderBy("created_at")
      .execute();
    return rows.map(toPat);
  }

  async revokePat(userId: string, id: string, at: number): Promise<boolean> {
    const res = await this.db
      .updateTable("pats")
      .set({ revoked_at: at })
      .where("id", "=", id)
      .where("user_id", "=", userId)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    this.wrote();
    return Number(res.numUpdatedRows) > 0;
  }

  async touchPat(id: string, at: number): Promise<void> {
    // Not a change anyone caches: no version bump.
    await this.db.updateTable("pats").set({ last_used_at: at }).where("id", "=", id).execute();
  }

  async saveRefreshToken(t: RefreshTokenRecord): Promise<void> {
    await this.db
      .insertInto("refresh_tokens")
      .values({
        hash: t.hash,
        subject: t.subject,
        created_at: t.createdAt,
        expires_at: t.expiresAt,
      })
      .execute();
    // Expired ones are of no use to anyone; drop them while we are here.
    await this.db.deleteFrom("refresh_tokens").where("expires_at", "<", t.createdAt).execute();
  }

  async refreshToken(hash: string): Promise<RefreshTokenRecord | null> {
    const row = await this.db
      .selectFrom("refresh_tokens")
      .selectAll()
      .where("hash", "=", hash)
      .executeTakeFirst();
    return row
      ? {
          hash: row.hash,
          subject: row.subject,
          createdAt: Number(row.created_at),
          expiresAt: Number(row.expires_at),
        }
      : null;
  }

  async deleteRefreshToken(hash: string): Promise<void> {
    await this.db.deleteFrom("refresh_tokens").where("hash", "=", hash).execute();
  }

  async createTrustPolicy(p: TrustPolicyRecord): Promise<void> {
    await this.db
      .insertInto("trust_policies")
      .values({
        id: p.id,
        namespace: p.namespace,
        issuer: p.issuer,
        audience: p.audience,
        claims: JSON.stringify(p.claims),
        permissions: JSON.stringify(p.permissions),
        created_at: p.createdAt,
        created_by: p.createdBy,
      })
      .execute();
    this.wrote();
  }

  async trustPolicies(namespace?: string): Promise<TrustPolicyRecord[]> {
    let q = this.db.selectFrom("trust_policies").selectAll().orderBy("created_at").orderBy("id");
    if (namespace !== undefined) q = q.where("namespace", "=", namespace);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      namespace: r.namespace,
      issuer: r.issuer,
      audience: r.audience,
      claims: JSON.parse(r.claims) as Record<string, string>,
      permissions: JSON.parse(r.permissions) as Permission[],
      createdAt: Number(r.created_at),
      createdBy: r.created_by,
    }));
  }

  async deleteTrustPolicy(namespace: string, id: string): Promise<boolean> {
    const res = await this.db
      .deleteFrom("trust_policies")
      .where("namespace", "=", namespace)
      .where("id", "=", id)
      .executeTakeFirst();
    this.wrote();
    return Number(res.numDeletedRows) > 0;
  }

  async appendAudit(events: AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.transaction().execute(async (tx) => {
      // SQLite caps bound parameters per statement; 10 columns x 500 rows stays under it.
      for (let i = 0; i < events.length; i += 500)
        await tx
          .insertInto("audit_events")
          .values(
            events.slice(i, i + 500).map((e) => ({
              at: e.at,
              actor: e.actor,
              actor_kind: e.actorKind,
              source: e.source,
              user_agent: e.userAgent,
              action: e.action,
              target: e.target,
              result: e.result,
              detail: JSON.stringify(e.detail),
            })),
          )
          .execute();
    });
  }

  async queryAudit(q: AuditQuery): Promise<StoredAuditEvent[]> {
    let query = this.db.selectFrom("audit_events").selectAll().orderBy("id").limit(q.limit);
    if (q.actor !== undefined) query = query.where("actor", "=", q.actor);
    if (q.action !== undefined)
      query = q.action.endsWith("*")
        ? query.where("action", "like", `${escapeLike(q.action.slice(0, -1))}%`)
        : query.where("action", "=", q.action);
    if (q.target !== undefined) {
      const target = q.target;
      query = query.where((eb) =>
        eb.or([eb("target", "=", target), eb("target", "like", `${escapeLike(target)}/%`)]),
      );
    }
    if (q.result !== undefined) query = query.where("result", "=", q.result);
    if (q.since !== undefined) query = query.where("at", ">=", q.since);
    if (q.until !== undefined) query = query.where("at", "<", q.until);
    if (q.after !== undefined) query = query.where("id", ">", q.after);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: Number(r.id),
      at: Number(r.at),
      actor: r.actor,
      actorKind: r.actor_kind,
      source: r.source,
      userAgent: r.user_agent,
      action: r.action,
      target: r.target,
      result: r.result as AuditResult,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }

  async failure(key: string): Promise<FailureRecord | null> {
    const row = await this.db
      .selectFrom("auth_failures")
      .selectAll()
      .where("key", "=", key)
      .executeTakeFirst();
    return row
      ? {
          key: row.key,
          failures: Number(row.failures),
          lastAt: Number(row.last_at),
          lockedUntil: row.locked_until === null ? null : Number(row.locked_until),
        }
      : null;
  }

  async saveFailure(r: FailureRecord): Promise<void> {
    await this.db
      .insertInto("auth_failures")
      .values({ key: r.key, failures: r.failures, last_at: r.lastAt, locked_until: r.lockedUntil })
      .onConflict((oc) =>
        oc
          .column("key")
          .doUpdateSet({ failures: r.failures, last_at: r.lastAt, locked_until: r.lockedUntil }),
      )
      .execute();
  }

  async clearFailure(key: string): Promise<void> {
    await this.db.deleteFrom("auth_failures").where("key", "=", key).execute();
  }
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function toUser(r: Selectable<Database["users"]>): UserRecord {
  return {
    id: r.id,
    name: r.name,
    passwordHash: r.password_hash,
    admin: Boolean(r.admin),
    canCreateNamespaces: Boolean(r.can_create_namespaces),
    disabled: Boolean(r.disabled),
    createdAt: Number(r.created_at),
  };
}

function toNamespace(r: Selectable<Database["namespaces"]>): NamespaceRecord {
  return {
    name: r.name,
    public: Boolean(r.public),
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
  };
}

function toMember(r: {
  namespace: string;
  user_id: string;
  role: string;
  created_at: number;
  user_name: string;
}): MemberRecord {
  return {
    namespace: r.namespace,
    userId: r.user_id,
    userName: r.user_name,
    role: r.role as Role,
    createdAt: Number(r.created_at),
  };
}

function toRobot(r: Selectable<Database["robots"]>): RobotRecord {
  return {
    id: r.id,
    namespace: r.namespace,
    name: r.name,
    description: r.description,
    permissions: JSON.parse(r.permissions) as Permission[],
    secretTtlMs: Number(r.secret_ttl_ms),
    overlapMs: Number(r.overlap_ms),
    rotateBeforeMs: Number(r.rotate_before_ms),
    delivery: r.delivery === null ? null : (JSON.parse(r.delivery) as unknown),
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

function fromSecret(s: RobotSecretRecord): Database["robot_secrets"] {
  return {
    id: s.id,
    robot_id: s.robotId,
    hash: s.hash,
    created_at: s.createdAt,
    expires_at: s.expiresAt,
    superseded_at: s.supersededAt,
    valid_until: s.validUntil,
    delivered_at: s.deliveredAt,
  };
}

function toSecret(r: Selectable<Database["robot_secrets"]>): RobotSecretRecord {
  return {
    id: r.id,
    robotId: r.robot_id,
    hash: r.hash,
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    supersededAt: r.superseded_at === null ? null : Number(r.superseded_at),
    validUntil: Number(r.valid_until),
    deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
  };
}

function toPat(r: Selectable<Database["pats"]>): PatRecord {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    hash: r.hash,
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  };
}
