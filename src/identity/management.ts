import { DrydockError } from "../core/errors.ts";
import type { RequestContext } from "./audit.ts";
import { deliveryTargetProblem, type TargetOptions } from "./delivery.ts";
import type { Identity } from "./identity.ts";
import { hashPassword, passwordProblem } from "./passwords.ts";
import type {
  MemberRecord,
  NamespaceRecord,
  PatRecord,
  RobotRecord,
  RobotSecretRecord,
  StoredAuditEvent,
  TrustPolicyRecord,
  UserRecord,
} from "./ports.ts";
import { canManage, validPattern } from "./roles.ts";
import { hashSecret, newPassword, newSecret } from "./secrets.ts";
import type { Action, ClaimRules, Permission, Principal, Role } from "./types.ts";

export interface ManagementSettings {
  robotDefaultTtlMs: number;
  /** No robot secret lives longer than this (set by the admin). */
  robotMaxTtlMs: number;
  robotOverlapMs: number;
  patMaxTtlMs: number;
  /** Issuers a trust policy may name. */
  oidcIssuers: string[];
  /** Which delivery targets owners may name (file targets only inside the admin's roots). */
  deliveryTargets: TargetOptions;
  /** The HMAC key of a robot's rotation webhook; shown to its creator once. */
  webhookKey: (robotId: string) => Buffer;
}

export interface RobotView {
  namespace: string;
  name: string;
  username: string;
  description: string;
  permissions: Permission[];
  secretTtlSeconds: number;
  overlapSeconds: number;
  autoRotate: boolean;
  delivery: unknown;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  /** The newest secret's expiry and age (never the secret). */
  secretExpiresAt: string | null;
  secretCreatedAt: string | null;
}

export interface IssuedSecret {
  username: string;
  secret: string;
  expiresAt: string;
}

const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const USER_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * Changes to who may do what: users, namespaces, members, robots and their secrets,
 * personal access tokens and OIDC trust policies. Every call checks the actor's right
 * first (without revealing what the actor may not see) and is audited.
 */
export class Management {
  constructor(
    private readonly identity: Identity,
    private readonly settings: ManagementSettings,
  ) {}

  /** Which delivery targets owners may name; the HTTP edge checks bodies with the same rules. */
  get deliveryTargets(): TargetOptions {
    return this.settings.deliveryTargets;
  }

  private get store() {
    return this.identity.deps.store;
  }

  private now(): number {
    return this.identity.deps.clock.now().getTime();
  }

  // --- users ---------------------------------------------------------------------------

  async createUser(
    actor: Principal,
    input: { name: string; password?: string; admin?: boolean; canCreateNamespaces?: boolean },
    ctx: RequestContext,
  ): Promise<{ user: UserRecord; password?: string }> {
    await this.requireAdmin(actor, "user.create", `user:${input.name}`, ctx);
    if (!USER_NAME.test(input.name) || input.name === "oidc" || input.name === "anonymous")
      throw new DrydockError("INVALID", `invalid user name "${input.name.slice(0, 64)}"`);
    const problem = input.password === undefined ? null : passwordProblem(input.password);
    if (problem) throw new DrydockError("INVALID", problem);
    if (await this.store.userByName(input.name))
      throw new DrydockError("CONFLICT", `user ${input.name} exists`);
    const password = input.password ?? newPassword();
    const user: UserRecord = {
      id: this.identity.deps.ids.next(),
      name: input.name,
      passwordHash: await hashPassword(password),
      admin: input.admin ?? false,
      canCreateNamespaces: input.canCreateNamespaces ?? false,
      disabled: false,
      createdAt: this.now(),
    };
    await this.store.createUser(user);
    await this.audited(actor, "user.create", `user:${user.name}`, ctx, {
      admin: user.admin,
      canCreateNamespaces: user.canCreateNamespaces,
    });
    return input.password === undefined ? { user, password } : { user };
  }

  async listUsers(actor: Principal, ctx: RequestContext): Promise<UserRecord[]> {
    await this.requireAdmin(actor, "user.list", "users", ctx);
    return this.store.listUsers();
  }

  async updateUser(
    actor: Principal,
    name: string,
    patch: {
      disabled?: boolean;
      admin?: boolean;
      canCreateNamespaces?: boolean;
      password?: string;
    },
    ctx: RequestContext,
  ): Promise<UserRecord> {
    const self = actor.kind === "user" && actor.name === name;
    // People may change their own password; everything else is the admin's.
    const onlyPassword = Object.keys(patch).every((k) => k === "password");
    if (!(self && onlyPassword)) await this.requireAdmin(actor, "user.update", `user:${name}`, ctx);
    const user = await this.store.userByName(name);
    if (!user) throw new DrydockError("NOT_FOUND", `no user ${name}`);
    if (patch.password !== undefined) {
      const problem = passwordProblem(patch.password);
      if (problem) throw new DrydockError("INVALID", problem);
    }
    await this.store.updateUser(user.id, {
      ...(patch.disabled !== undefined ? { disabled: patch.disabled } : {}),
      ...(patch.admin !== undefined ? { admin: patch.admin } : {}),
      ...(patch.canCreateNamespaces !== undefined
        ? { canCreateNamespaces: patch.canCreateNamespaces }
        : {}),
      ...(patch.password !== undefined ? { passwordHash: await hashPassword(patch.password) } : {}),
    });
    await this.audited(actor, "user.update", `user:${name}`, ctx, {
      changed: Object.keys(patch).sort(),
    });
    return (await this.store.userByName(name))!;
  }

  // --- namespaces ----------------------------------------------------------------------

  async createNamespace(
    actor: Principal,
    input: { name: string; public?: boolean },
    ctx: RequestContext,
  ): Promise<NamespaceRecord> {
    const user = actor.kind === "user" ? await this.store.userById(actor.id.slice(5)) : null;
    if (!user || !(user.admin || user.canCreateNamespaces)) {
      await this.denied(actor, "namespace.create", input.name, ctx);
      throw new DrydockError(
        "DENIED",
        "creating namespaces needs the admin or the create-namespaces right",
      );
    }
    if (!NAME.test(input.name) || input.name.length > 64)
      throw new DrydockError(
        "INVALID",
        `invalid namespace name "${input.name.slice(0, 64)}": lowercase letters, digits and . _ - between them`,
      );
    const now = this.now();
    const record: NamespaceRecord = {
      name: input.name,
      public: input.public ?? false,
      createdAt: now,
      createdBy: user.name,
    };
    const owner: MemberRecord | null = user.admin
      ? null
      : {
          namespace: input.name,
          userId: user.id,
          userName: user.name,
          role: "owner",
          createdAt: now,
        };
    if (!(await this.store.createNamespace(record, owner)))
      throw new DrydockError("CONFLICT", `namespace ${input.name} exists`);
    await this.audited(actor, "namespace.create", input.name, ctx, { public: record.public });
    return record;
  }

  /** The namespaces `actor` may see, with the actor's role in each. */
  async listNamespaces(actor: Principal): Promise<(NamespaceRecord & { role: Role | null })[]> {
    const out: (NamespaceRecord & { role: Role | null })[] = [];
    for (const ns of await this.store.listNamespaces())
      if (await this.identity.canSeeNamespace(actor, ns.name))
        out.push({ ...ns, role: await this.identity.roleIn(actor, ns.name) });
    return out;
  }

  async getNamespace(
    actor: Principal,
    name: string,
  ): Promise<NamespaceRecord & { role: Role | null }> {
    const ns = await this.visibleNamespace(actor, name);
    return { ...ns, role: await this.identity.roleIn(actor, name) };
  }

  async updateNamespace(
    actor: Principal,
    name: string,
    patch: { public?: boolean },
    ctx: RequestContext,
  ): Promise<NamespaceRecord> {
    await this.requireOwner(actor, name, "namespace.update", ctx);
    await this.store.updateNamespace(name, patch);
    await this.audited(actor, "namespace.update", name, ctx, patch);
    return (await this.store.namespace(name))!;
  }

  /** Deletes a namespace's identity records (members, robots, policies). Its repositories stay until deleted through the registry. */
  async deleteNamespace(actor: Principal, name: string, ctx: RequestContext): Promise<void> {
    await this.requireOwner(actor, name, "namespace.delete", ctx);
    await this.store.deleteNamespace(name);
    await this.audited(actor, "namespace.delete", name, ctx);
  }

  // --- members -------------------------------------------------------------------------

  async listMembers(actor: Principal, ns: string): Promise<MemberRecord[]> {
    await this.visibleNamespace(actor, ns);
    return this.store.members(ns);
  }

  async setMember(
    actor: Principal,
    ns: string,
    userName: string,
    role: Role,
    ctx: RequestContext,
  ): Promise<MemberRecord> {
    await this.requireOwner(actor, ns, "member.set", ctx);
    const user = await this.store.userByName(userName);
    if (!user) throw new DrydockError("NOT_FOUND", `no user ${userName}`);
    const member = { namespace: ns, userId: user.id, role, createdAt: this.now() };
    await this.store.setMember(member);
    await this.audited(actor, "member.set", `${ns}`, ctx, { user: userName, role });
    return { ...member, userName };
  }

  async removeMember(
    actor: Principal,
    ns: string,
    userName: string,
    ctx: RequestContext,
  ): Promise<void> {
    await this.requireOwner(actor, ns, "member.remove", ctx);
    const user = await this.store.userByName(userName);
    if (!user || !(await this.store.removeMember(ns, user.id)))
      throw new DrydockError("NOT_FOUND", `${userName} is not a member of ${ns}`);
    await this.audited(actor, "member.remove", ns, ctx, { user: userName });
  }

  // --- robots --------------------------------------------------------------------------

  async createRobot(
    actor: Principal,
    ns: string,
    input: {
      name: string;
      description?: string;
      permissions: Permission[];
      ttlSeconds?: number;
      overlapSeconds?: number;
      delivery?: unknown;
    },
    ctx: RequestContext,
  ): Promise<{ robot: RobotView; credential: IssuedSecret; webhookSigningKey?: string }> {
    await this.requireOwner(actor, ns, "robot.create", ctx);
    if (!NAME.test(input.name) || input.name.length > 64)
      throw new DrydockError("INVALID", `invalid robot name "${input.name.slice(0, 64)}"`);
    checkPermissions(input.permissions);
    const ttl = (input.ttlSeconds ?? this.settings.robotDefaultTtlMs / 1000) * 1000;
    if (ttl <= 0 || ttl > this.settings.robotMaxTtlMs)
      throw new DrydockError(
        "INVALID",
        `a robot secret lives at most ${this.settings.robotMaxTtlMs / 3_600_000} h (the admin's maximum); asked for ${ttl / 3_600_000} h`,
      );
    const overlap = (input.overlapSeconds ?? this.settings.robotOverlapMs / 1000) * 1000;
    if (overlap < 0 || overlap >= ttl / 2)
      throw new DrydockError(
        "INVALID",
        "the overlap window must be shorter than half the secret's lifetime",
      );
    if (input.delivery !== undefined && input.delivery !== null) {
      const problem = deliveryTargetProblem(input.delivery, this.settings.deliveryTargets);
      if (problem) throw new DrydockError("INVALID", `delivery: ${problem}`);
    }
    if (await this.store.robot(ns, input.name))
      throw new DrydockError("CONFLICT", `robot ${input.name} exists in ${ns}`);
    const now = this.now();
    const robot: RobotRecord = {
      id: this.identity.deps.ids.next(),
      namespace: ns,
      name: input.name,
      description: input.description ?? "",
      permissions: input.permissions,
      secretTtlMs: ttl,
      overlapMs: overlap,
      // Rotate when a quarter of the lifetime is left, and never later than the overlap needs.
      rotateBeforeMs: Math.max(Math.floor(ttl / 4), overlap * 2),
      delivery: input.delivery ?? null,
      createdAt: now,
      createdBy: actor.name,
      revokedAt: null,
    };
    const secret = newSecret("ddr");
    await this.store.createRobot(robot, this.secretRecord(robot, secret, now, now));
    await this.audited(actor, "robot.create", `${ns}/${input.name}`, ctx, {
      permissions: input.permissions.map((p) => `${p.repositories}:${p.actions.join(",")}`),
      ttlSeconds: ttl / 1000,
      autoRotate: robot.delivery !== null,
    });
    const webhook = (robot.delivery as { kind?: string } | null)?.kind === "webhook";
    return {
      robot: await this.robotView(robot),
      credential: {
        username: robotUsername(robot),
        secret,
        expiresAt: new Date(now + ttl).toISOString(),
      },
      ...(webhook
        ? { webhookSigningKey: this.settings.webhookKey(robot.id).toString("base64") }
        : {}),
    };
  }

  async listRobots(actor: Principal, ns: string): Promise<RobotView[]> {
    await this.visibleNamespace(actor, ns);
    return Promise.all((await this.store.robots(ns)).map((r) => this.robotView(r)));
  }

  async getRobot(actor: Principal, ns: string, name: string): Promise<RobotView> {
    await this.visibleNamespace(actor, ns);
    const robot = await this.store.robot(ns, name);
    if (!robot) throw new DrydockError("NOT_FOUND", `no robot ${name} in ${ns}`);
    return this.robotView(robot);
  }

  /** A new secret now; the previous one keeps working for the overlap window. */
  async rotateRobot(
    actor: Principal,
    ns: string,
    name: string,
    ctx: RequestContext,
  ): Promise<IssuedSecret> {
    await this.requireOwner(actor, ns, "robot.rotate", ctx);
    const robot = await this.store.robot(ns, name);
    if (!robot || robot.revokedAt !== null)
      throw new DrydockError("NOT_FOUND", `no active robot ${name} in ${ns}`);
    const now = this.now();
    const secret = newSecret("ddr");
    await this.store.rotateRobotSecret(
      this.secretRecord(robot, secret, now, now),
      now + robot.overlapMs,
    );
    await this.audited(actor, "robot.rotate", `${ns}/${name}`, ctx, {
      manual: true,
      overlapSeconds: robot.overlapMs / 1000,
    });
    return {
      username: robotUsername(robot),
      secret,
      expiresAt: new Date(now + robot.secretTtlMs).toISOString(),
    };
  }

  async revokeRobot(
    actor: Principal,
    ns: string,
    name: string,
    ctx: RequestContext,
  ): Promise<void> {
    await this.requireOwner(actor, ns, "robot.revoke", ctx);
    const robot = await this.store.robot(ns, name);
    if (!robot || robot.revokedAt !== null)
      throw new DrydockError("NOT_FOUND", `no active robot ${name} in ${ns}`);
    await this.store.revokeRobot(robot.id, this.now());
    await this.audited(actor, "robot.revoke", `${ns}/${name}`, ctx);
  }

  /** Automatic rotation of one robot (the scheduler's work): a new secret, not yet delivered. */
  async rotateForDelivery(
    robot: RobotRecord,
    ctx: RequestContext,
  ): Promise<{ secret: string; record: RobotSecretRecord }> {
    const now = this.now();
    const secret = newSecret("ddr");
    const record = this.secretRecord(robot, secret, now, null);
    // Until the new secret arrives, the old one keeps its own expiry.
    await this.store.rotateRobotSecret(record, Number.MAX_SAFE_INTEGER);
    await this.identity.audit.write(
      {
        actor: { kind: "system", name: "drydock" },
        action: "robot.rotate",
        target: `${robot.namespace}/${robot.name}`,
        result: "success",
        detail: { manual: false },
      },
      ctx,
    );
    return { secret, record };
  }

  async robotView(robot: RobotRecord): Promise<RobotView> {
    const newest =
      (await this.store.robotSecrets(robot.id)).find((s) => s.supersededAt === null) ?? null;
    return {
      namespace: robot.namespace,
      name: robot.name,
      username: robotUsername(robot),
      description: robot.description,
      permissions: robot.permissions,
      secretTtlSeconds: robot.secretTtlMs / 1000,
      overlapSeconds: robot.overlapMs / 1000,
      autoRotate: robot.delivery !== null,
      delivery: robot.delivery,
      createdAt: new Date(robot.createdAt).toISOString(),
      createdBy: robot.createdBy,
      revokedAt: robot.revokedAt === null ? null : new Date(robot.revokedAt).toISOString(),
      secretExpiresAt: newest ? new Date(newest.expiresAt).toISOString() : null,
      secretCreatedAt: newest ? new Date(newest.createdAt).toISOString() : null,
    };
  }

  private secretRecord(
    robot: RobotRecord,
    secret: string,
    now: number,
    deliveredAt: number | null,
  ): RobotSecretRecord {
    return {
      id: this.identity.deps.ids.next(),
      robotId: robot.id,
      hash: hashSecret(secret),
      createdAt: now,
      expiresAt: now + robot.secretTtlMs,
      supersededAt: null,
      validUntil: now + robot.secretTtlMs,
      deliveredAt,
    };
  }

  // --- personal access tokens ----------------------------------------------------------

  async createPat(
    actor: Principal,
    input: { name: string; expiresInSeconds: number },
    ctx: RequestContext,
  ): Promise<{ pat: PatRecord; token: string }> {
    if (actor.kind !== "user")
      throw new DrydockError("DENIED", "only people have personal access tokens");
    const ttl = input.expiresInSeconds * 1000;
    if (!(ttl > 0) || ttl > this.settings.patMaxTtlMs)
      throw new DrydockError(
        "INVALID",
        `a personal access token expires within ${this.settings.patMaxTtlMs / 86_400_000} days`,
      );
    if (!/^[\w .-]{1,64}$/.test(input.name))
      throw new DrydockError("INVALID", "a token name is 1-64 letters, digits, spaces, . _ -");
    const token = newSecret("ddp");
    const now = this.now();
    const pat: PatRecord = {
      id: this.identity.deps.ids.next(),
      userId: actor.id.slice("user:".length),
      name: input.name,
      hash: hashSecret(token),
      createdAt: now,
      expiresAt: now + ttl,
      revokedAt: null,
      lastUsedAt: null,
    };
    await this.store.createPat(pat);
    await this.audited(actor, "pat.create", `user:${actor.name}`, ctx, {
      name: input.name,
      expiresAt: new Date(pat.expiresAt).toISOString(),
    });
    return { pat, token };
  }

  async listPats(actor: Principal): Promise<PatRecord[]> {
    if (actor.kind !== "user") return [];
    return this.store.pats(actor.id.slice("user:".length));
  }

  async revokePat(actor: Principal, id: string, ctx: RequestContext): Promise<void> {
    if (
      actor.kind !== "user" ||
      !(await this.store.revokePat(actor.id.slice("user:".length), id, this.now()))
    )
      throw new DrydockError("NOT_FOUND", `no active token ${id}`);
    await this.audited(actor, "pat.revoke", `user:${actor.name}`, ctx, { id });
  }

  // --- OIDC trust policies -------------------------------------------------------------

  async createTrustPolicy(
    actor: Principal,
    ns: string,
    input: { issuer: string; audience: string; claims: ClaimRules; permissions: Permission[] },
    ctx: RequestContext,
  ): Promise<TrustPolicyRecord> {
    await this.requireOwner(actor, ns, "trust.create", ctx);
    const issuer = input.issuer.replace(/\/$/, "");
    if (!this.settings.oidcIssuers.map((i) => i.replace(/\/$/, "")).includes(issuer))
      throw new DrydockError(
        "INVALID",
        `issuer ${issuer} is not among the server's trusted issuers (identity.oidcIssuers)`,
      );
    if (Object.keys(input.claims).length === 0)
      throw new DrydockError(
        "INVALID",
        "a trust policy needs at least one claim rule (e.g. repository)",
      );
    checkPermissions(input.permissions);
    const policy: TrustPolicyRecord = {
      id: this.identity.deps.ids
        .next()
        .slice(0, 12)
        .replace(/[^A-Za-z0-9]/g, "x"),
      namespace: ns,
      issuer,
      audience: input.audience,
      claims: input.claims,
      permissions: input.permissions,
      createdAt: this.now(),
      createdBy: actor.name,
    };
    await this.store.createTrustPolicy(policy);
    await this.audited(actor, "trust.create", ns, ctx, {
      id: policy.id,
      issuer,
      claims: input.claims,
    });
    return policy;
  }

  async listTrustPolicies(actor: Principal, ns: string): Promise<TrustPolicyRecord[]> {
    await this.visibleNamespace(actor, ns);
    return this.store.trustPolicies(ns);
  }

  async deleteTrustPolicy(
    actor: Principal,
    ns: string,
    id: string,
    ctx: RequestContext,
  ): Promise<void> {
    await this.requireOwner(actor, ns, "trust.delete", ctx);
    if (!(await this.store.deleteTrustPolicy(ns, id)))
      throw new DrydockError("NOT_FOUND", `no trust policy ${id} in ${ns}`);
    await this.audited(actor, "trust.delete", ns, ctx, { id });
  }

  // --- audit ---------------------------------------------------------------------------

  /** Admins read everything; a namespace owner reads the events about their namespace. */
  async queryAudit(
    actor: Principal,
    q: {
      actor?: string;
      action?: string;
      target?: string;
      result?: "success" | "failure" | "denied";
      since?: number;
      until?: number;
      after?: number;
      limit: number;
    },
    ctx: RequestContext,
  ): Promise<StoredAuditEvent[]> {
    const admin = actor.kind === "user" && actor.admin;
    if (!admin) {
      const ns = q.target?.split("/")[0];
      if (!ns || !canManage(await this.identity.roleIn(actor, ns))) {
        await this.denied(actor, "audit.query", q.target ?? "audit", ctx);
        throw new DrydockError(
          "DENIED",
          "reading the audit trail needs the admin, or a target inside a namespace you own",
        );
      }
    }
    return this.identity.audit.query(q);
  }

  // --- checks --------------------------------------------------------------------------

  /** The namespace, or NOT_FOUND when it does not exist or the actor may not know it does. */
  private async visibleNamespace(actor: Principal, name: string): Promise<NamespaceRecord> {
    const ns = await this.store.namespace(name);
    if (!ns || !(await this.identity.canSeeNamespace(actor, name)))
      throw new DrydockError("NOT_FOUND", `no namespace ${name}`);
    return ns;
  }

  private async requireOwner(
    actor: Principal,
    ns: string,
    action: string,
    ctx: RequestContext,
  ): Promise<void> {
    try {
      await this.visibleNamespace(actor, ns);
    } catch (err) {
      await this.denied(actor, action, ns, ctx);
      throw err;
    }
    if (!canManage(await this.identity.roleIn(actor, ns))) {
      await this.denied(actor, action, ns, ctx);
      throw new DrydockError("DENIED", `${action} in ${ns} needs the owner role`);
    }
  }

  private async requireAdmin(
    actor: Principal,
    action: string,
    target: string,
    ctx: RequestContext,
  ): Promise<void> {
    if (actor.kind === "user" && actor.admin) return;
    await this.denied(actor, action, target, ctx);
    throw new DrydockError("DENIED", `${action} needs the admin`);
  }

  private denied(
    actor: Principal,
    action: string,
    target: string,
    ctx: RequestContext,
  ): Promise<void> {
    return this.identity.audit.write({ actor, action, target, result: "denied" }, ctx);
  }

  private audited(
    actor: Principal,
    action: string,
    target: string,
    ctx: RequestContext,
    detail: Record<string, unknown> = {},
  ): Promise<void> {
    return this.identity.audit.write({ actor, action, target, result: "success", detail }, ctx);
  }
}

export function robotUsername(robot: { namespace: string; name: string }): string {
  return `robot$${robot.namespace}+${robot.name}`;
}

function checkPermissions(permissions: Permission[]): void {
  if (permissions.length === 0)
    throw new DrydockError("INVALID", "a robot needs at least one permission");
  for (const p of permissions) {
    if (!validPattern(p.repositories))
      throw new DrydockError(
        "INVALID",
        `invalid repository pattern "${String(p.repositories).slice(0, 100)}"`,
      );
    if (
      p.actions.length === 0 ||
      !p.actions.every((a: Action) => a === "pull" || a === "push" || a === "delete")
    )
      throw new DrydockError("INVALID", "actions are pull, push and delete");
  }
}
