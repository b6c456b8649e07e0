import type { Clock } from "../core/clock.ts";
import { DrydockError } from "../core/errors.ts";
import type { IdGen } from "../core/ids.ts";
import type { Logger } from "../core/logger.ts";
import { isRepositoryName } from "../core/names.ts";
import { type AuditLog, INTERNAL_CONTEXT, type RequestContext } from "./audit.ts";
import type { Lockout } from "./lockout.ts";
import type { OidcVerifier } from "./oidc.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import type { IdentityStore, NamespaceRecord, UserRecord } from "./ports.ts";
import { namespaceOf, permittedActions, ROLE_ACTIONS } from "./roles.ts";
import { hashSecret, newPassword, newSecret, secretKind } from "./secrets.ts";
import type { TokenService } from "./tokens.ts";
import {
  ACTIONS,
  type AccessEntry,
  type Action,
  ANONYMOUS,
  type Principal,
  type Role,
} from "./types.ts";

export interface IdentitySettings {
  /** The token audience and the `service` of the Bearer challenge. */
  service: string;
  tokenTtlSeconds: number;
  refreshTtlSeconds: number;
  /** Let users allowed to create namespaces create one by pushing into it. */
  createNamespaceOnPush: boolean;
}

export interface IdentityDeps {
  store: IdentityStore;
  tokens: TokenService;
  oidc: OidcVerifier;
  lockout: Lockout;
  audit: AuditLog;
  clock: Clock;
  ids: IdGen;
  log: Logger;
}

export interface TokenGrant {
  token: string;
  expiresIn: number;
  issuedAt: string;
  access: AccessEntry[];
  refreshToken?: string;
}

/** A request's scope (`repository:team-a/app:pull,push`), parsed. */
export interface Scope {
  type: string;
  name: string;
  actions: string[];
}

const ROBOT_PREFIX = "robot$";
/** Cached principals and grants are dropped when identity data changes, and at least this often. */
const CACHE_MS = 5_000;

/**
 * Who is asking and what they may do: authentication (passwords, personal access tokens,
 * robot secrets, OIDC workload tokens, registry tokens), authorization (roles and robot
 * permissions per namespace), and token issue. Management of namespaces, members, robots
 * and tokens lives in `Management` (management.ts), over the same store.
 */
export class Identity {
  private cacheVersion = "";
  private cacheAt = 0;
  private readonly principals = new Map<
    string,
    { principal: Principal; validUntil: number } | null
  >();
  private readonly namespaces = new Map<string, NamespaceRecord | null>();
  private readonly roles = new Map<string, Map<string, Role>>();
  private readonly grants = new Map<string, Set<Action>>();

  constructor(
    readonly deps: IdentityDeps,
    readonly settings: IdentitySettings,
  ) {}

  get audit(): AuditLog {
    return this.deps.audit;
  }

  // --- first start ---------------------------------------------------------------------

  /**
   * Creates the system admin on first start: with `password` when given, else a random one
   * the caller prints once. Nothing happens when any user exists.
   */
  async bootstrap(
    password: string | undefined,
  ): Promise<{ name: string; password?: string } | null> {
    if ((await this.deps.store.countUsers()) > 0) return null;
    const chosen = password ?? newPassword();
    const user: UserRecord = {
      id: this.deps.ids.next(),
      name: "admin",
      passwordHash: await hashPassword(chosen),
      admin: true,
      canCreateNamespaces: true,
      disabled: false,
      createdAt: this.now(),
    };
    await this.deps.store.createUser(user);
    await this.deps.audit.write(
      {
        actor: { kind: "system", name: "drydock" },
        action: "user.create",
        target: "user:admin",
        result: "success",
        detail: { admin: true, generated: password === undefined },
      },
      INTERNAL_CONTEXT,
    );
    return password === undefined ? { name: "admin", password: chosen } : { name: "admin" };
  }

  // --- authentication ------------------------------------------------------------------

  /**
   * Checks a user name and secret from Basic auth or a token request: a robot secret
   * (`robot$ns+name`), an OIDC ID token (user name `oidc`), a personal access token or a
   * password. Failures are slowed down, then locked out, and audited.
   */
  async authenticate(username: string, secret: string, ctx: RequestContext): Promise<Principal> {
    if (username === "oidc") return this.exchangeOidc(secret, ctx);
    const robot = username.startsWith(ROBOT_PREFIX);
    const account = robot ? null : username.slice(0, 256);
    await this.deps.lockout.check(account, ctx);
    let principal: Principal | null = null;
    let reason = "wrong user name or password";
    try {
      if (robot) {
        const r = await this.checkRobotSecret(username, secret, ctx);
        principal = r.principal;
        reason = r.reason;
      } else {
        const r = await this.checkUserSecret(username, secret);
        principal = r.principal;
        reason = r.reason;
      }
    } catch (err) {
      if (!(err instanceof DrydockError)) throw err;
      reason = err.message;
    }
    if (principal) {
      if (account !== null) await this.deps.lockout.succeeded(account);
      this.deps.audit.record(
        { actor: principal, action: "auth.login", target: principal.name, result: "success" },
        ctx,
      );
      return principal;
    }
    const delay = await this.deps.lockout.failed(account, ctx);
    this.deps.audit.record(
      {
        actor: { kind: robot ? "robot" : "user", name: username.slice(0, 256) },
        action: "auth.login",
        target: username.slice(0, 256),
        result: "failure",
        detail: { reason },
      },
      ctx,
    );
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    throw new DrydockError("UNAUTHORIZED", "authentication failed: wrong user name or secret");
  }

  /**
   * A bearer credential for the management API: a personal access token (`ddp_...`). Registry
   * tokens are not accepted there: they are handed to clients for a few repositories and
   * must not carry their owner's management rights.
   */
  async authenticateBearer(token: string, ctx: RequestContext): Promise<Principal> {
    if (secretKind(token) === "ddp") {
      await this.deps.lockout.check(null, ctx);
      const pat = await this.deps.store.patByHash(hashSecret(token));
      const user = pat ? await this.deps.store.userById(pat.userId) : null;
      const now = this.now();
      if (pat && user && !user.disabled && pat.revokedAt === null && pat.expiresAt > now) {
        await this.deps.store.touchPat(pat.id, now);
        return userPrincipal(user);
      }
      await this.deps.lockout.failed(null, ctx);
      this.deps.audit.record(
        {
          actor: { kind: "user", name: user?.name ?? "unknown" },
          action: "auth.login",
          target: user?.name ?? "unknown",
          result: "failure",
          detail: { reason: pat ? "access token revoked or expired" : "unknown access token" },
        },
        ctx,
      );
      throw new DrydockError("UNAUTHORIZED", "the access token is unknown, revoked or expired");
    }
    throw new DrydockError(
      "UNAUTHORIZED",
      "the management API takes a personal access token (ddp_...) or Basic credentials, not a registry token",
    );
  }

  private async checkUserSecret(
    name: string,
    secret: string,
  ): Promise<{ principal: Principal | null; reason: string }> {
    const user = await this.deps.store.userByName(name);
    if (secretKind(secret) === "ddp") {
      const pat = await this.deps.store.patByHash(hashSecret(secret));
      if (!user || !pat || pat.userId !== user.id)
        return { principal: null, reason: "unknown access token" };
      if (pat.revokedAt !== null) return { principal: null, reason: "access token revoked" };
      if (pat.expiresAt <= this.now()) return { principal: null, reason: "access token expired" };
      if (user.disabled) return { principal: null, reason: "account disabled" };
      await this.deps.store.touchPat(pat.id, this.now());
      return { principal: userPrincipal(user), reason: "" };
    }
    const ok = await verifyPassword(user?.passwordHash ?? null, secret);
    if (!ok || !user) return { principal: null, reason: "wrong user name or password" };
    if (user.disabled) return { principal: null, reason: "account disabled" };
    return { principal: userPrincipal(user), reason: "" };
  }

  private async checkRobotSecret(
    username: string,
    secret: string,
    ctx: RequestContext,
  ): Promise<{ principal: Principal | null; reason: string }> {
    const full = username.slice(ROBOT_PREFIX.length);
    const plus = full.indexOf("+");
    if (plus <= 0 || secretKind(secret) !== "ddr")
      return { principal: null, reason: "not a robot secret" };
    const robot = await this.deps.store.robot(full.slice(0, plus), full.slice(plus + 1));
    const record = await this.deps.store.robotSecretByHash(hashSecret(secret));
    if (!robot || !record || record.robotId !== robot.id)
      return { principal: null, reason: "unknown robot secret" };
    if (robot.revokedAt !== null) return { principal: null, reason: "robot revoked" };
    const now = this.now();
    if (now < record.validUntil)
      return {
        principal: {
          kind: "robot",
          id: `robot:${robot.id}`,
          name: username,
          namespace: robot.namespace,
        },
        reason: "",
      };
    if (record.supersededAt !== null) {
      // A secret rotated away and used after its overlap window: whoever holds it should
      // not. Recorded as a detection (a leak signal) with where it came from.
      await this.deps.audit.write(
        {
          actor: { kind: "robot", name: username },
          action: "detection.retired-credential",
          target: `${robot.namespace}/${robot.name}`,
          result: "denied",
          detail: {
            title: "retired credential used",
            secretCreatedAt: new Date(record.createdAt).toISOString(),
            retiredAt: new Date(record.validUntil).toISOString(),
          },
        },
        ctx,
      );
      this.deps.log.warn("retired credential used", {
        robot: username,
        source: ctx.source,
        userAgent: ctx.userAgent,
      });
      return { principal: null, reason: "retired secret" };
    }
    return { principal: null, reason: "secret expired" };
  }

  private async exchangeOidc(idToken: string, ctx: RequestContext): Promise<Principal> {
    await this.deps.lockout.check(null, ctx);
    try {
      const policies = await this.deps.store.trustPolicies();
      const { policy, subject } = await this.deps.oidc.exchange(idToken, policies);
      const principal: Principal = {
        kind: "workload",
        id: `workload:${policy.id}:${subject}`,
        name: subject,
        namespace: policy.namespace,
        policyId: policy.id,
      };
      this.deps.audit.record(
        {
          actor: principal,
          action: "auth.oidc-exchange",
          target: policy.namespace,
          result: "success",
          detail: { policy: policy.id, issuer: policy.issuer },
        },
        ctx,
      );
      return principal;
    } catch (err) {
      if (!(err instanceof DrydockError)) throw err;
      await this.deps.lockout.failed(null, ctx);
      this.deps.audit.record(
        {
          actor: { kind: "workload", name: "oidc" },
          action: "auth.oidc-exchange",
          target: "oidc",
          result: "failure",
          detail: { reason: err.message },
        },
        ctx,
      );
      throw new DrydockError("UNAUTHORIZED", `OIDC token refused: ${err.message}`);
    }
  }

  /** The principal a registry token names, if it may still act (not revoked, disabled or expired). */
  async principalForSubject(sub: string): Promise<Principal | null> {
    this.refreshCache();
    let entry = this.principals.get(sub);
    if (entry === undefined) {
      entry = await this.loadPrincipal(sub);
      this.principals.set(sub, entry);
    }
    if (!entry || entry.validUntil <= this.now()) return null;
    return entry.principal;
  }

  private async loadPrincipal(
    sub: string,
  ): Promise<{ principal: Principal; validUntil: number } | null> {
    if (sub === "anonymous") return { principal: ANONYMOUS, validUntil: Infinity };
    const [kind, id, ...rest] = sub.split(":");
    if (kind === "user" && id) {
      const user = await this.deps.store.userById(id);
      return user && !user.disabled
        ? { principal: userPrincipal(user), validUntil: Infinity }
        : null;
    }
    if (kind === "robot" && id) {
      const robot = await this.deps.store.robotById(id);
      if (!robot || robot.revokedAt !== null) return null;
      const secrets = await this.deps.store.robotSecrets(robot.id);
      const validUntil = Math.max(0, ...secrets.map((s) => s.validUntil));
      return {
        principal: {
          kind: "robot",
          id: sub,
          name: `${ROBOT_PREFIX}${robot.namespace}+${robot.name}`,
          namespace: robot.namespace,
        },
        validUntil,
      };
    }
    if (kind === "workload" && id) {
      const policy = (await this.deps.store.trustPolicies()).find((p) => p.id === id);
      if (!policy) return null;
      return {
        principal: {
          kind: "workload",
          id: sub,
          name: rest.join(":"),
          namespace: policy.namespace,
          policyId: policy.id,
        },
        validUntil: Infinity,
      };
    }
    return null;
  }

  // --- authorization -------------------------------------------------------------------

  /** The actions `principal` may take on `repository` right now. */
  async allowedActions(principal: Principal, repository: string): Promise<Set<Action>> {
    this.refreshCache();
    const key = `${principal.id}\n${repository}`;
    let actions = this.grants.get(key);
    if (!actions) {
      actions = await this.computeActions(principal, repository);
      if (this.grants.size > 50_000) this.grants.clear();
      this.grants.set(key, actions);
    }
    return actions;
  }

  private async computeActions(principal: Principal, repository: string): Promise<Set<Action>> {
    const nsName = namespaceOf(repository);
    const ns = await this.namespaceRecord(nsName);
    const out = new Set<Action>();
    if (ns?.public) out.add("pull");
    switch (principal.kind) {
      case "anonymous":
        return out;
      case "user": {
        if (principal.admin) return new Set(ACTIONS);
        const role = (await this.rolesOf(principal.id)).get(nsName);
        if (role) for (const a of ROLE_ACTIONS[role]) out.add(a);
        else if (!ns && this.settings.createNamespaceOnPush) {
          const user = await this.deps.store.userById(principal.id.slice("user:".length));
          if (user?.canCreateNamespaces) for (const a of ["pull", "push"] as const) out.add(a);
        }
        return out;
      }
      case "robot": {
        const robot = await this.deps.store.robotById(principal.id.slice("robot:".length));
        if (robot)
          for (const a of permittedActions(robot.permissions, robot.namespace, repository))
            out.add(a);
        return out;
      }
      case "workload": {
        const policy = (await this.deps.store.trustPolicies(principal.namespace)).find(
          (p) => p.id === principal.policyId,
        );
        if (policy)
          for (const a of permittedActions(policy.permissions, policy.namespace, repository))
            out.add(a);
        return out;
      }
    }
  }

  /** The role `principal` holds in a namespace (admins act as owners everywhere). */
  async roleIn(principal: Principal, namespace: string): Promise<Role | null> {
    if (principal.kind !== "user") return null;
    if (principal.admin) return "owner";
    this.refreshCache();
    return (await this.rolesOf(principal.id)).get(namespace) ?? null;
  }

  /**
   * Whether `principal` may learn that a namespace exists: members, robots and workloads of
   * it, admins, and everyone for a public one.
   */
  async canSeeNamespace(principal: Principal, namespace: string): Promise<boolean> {
    const ns = await this.namespaceRecord(namespace);
    if (!ns) return principal.kind === "user" && principal.admin;
    if (ns.public) return true;
    switch (principal.kind) {
      case "anonymous":
        return false;
      case "user":
        return principal.admin || (await this.rolesOf(principal.id)).has(namespace);
      case "robot":
      case "workload":
        return principal.namespace === namespace;
    }
  }

  /** Before a push: creates the namespace when it does not exist and the pusher may create it. */
  async ensureNamespaceForPush(
    principal: Principal,
    repository: string,
    ctx: RequestContext,
  ): Promise<void> {
    const name = namespaceOf(repository);
    if (await this.namespaceRecord(name)) return;
    if (principal.kind !== "user") return;
    const user = await this.deps.store.userById(principal.id.slice("user:".length));
    if (!user || !(user.admin || (this.settings.createNamespaceOnPush && user.canCreateNamespaces)))
      return;
    const now = this.now();
    const created = await this.deps.store.createNamespace(
      { name, public: false, createdAt: now, createdBy: user.name },
      user.admin
        ? null
        : { namespace: name, userId: user.id, userName: user.name, role: "owner", createdAt: now },
    );
    if (created)
      await this.deps.audit.write(
        {
          actor: principal,
          action: "namespace.create",
          target: name,
          result: "success",
          detail: { onPush: true },
        },
        ctx,
      );
  }

  // --- registry tokens -----------------------------------------------------------------

  /** Issues a registry token carrying requested ∩ allowed for every scope. */
  async issueToken(
    principal: Principal,
    scopes: Scope[],
    ctx: RequestContext,
    opts: { offline?: boolean } = {},
  ): Promise<TokenGrant> {
    const access: AccessEntry[] = [];
    for (const scope of scopes) {
      let granted: string[] = [];
      if (scope.type === "repository" && isRepositoryName(scope.name)) {
        const allowed = await this.allowedActions(principal, scope.name);
        const wanted = scope.actions.includes("*") ? [...ACTIONS] : scope.actions;
        granted = ACTIONS.filter((a) => wanted.includes(a) && allowed.has(a));
      } else if (
        scope.type === "registry" &&
        scope.name === "catalog" &&
        principal.kind !== "anonymous"
      ) {
        granted = scope.actions.includes("*") ? ["*"] : [];
      }
      access.push({
        type: scope.type === "registry" ? "registry" : "repository",
        name: scope.name,
        actions: granted,
      });
    }
    const issued = await this.deps.tokens.issue(principal.id, access, {
      kind: principal.kind,
      ttlSeconds: this.settings.tokenTtlSeconds,
      extra: { name: principal.name },
    });
    const grant: TokenGrant = { ...issued, access };
    if (opts.offline && principal.kind === "user") {
      const refresh = newSecret("ddt");
      const now = this.now();
      await this.deps.store.saveRefreshToken({
        hash: hashSecret(refresh),
        subject: principal.id,
        createdAt: now,
        expiresAt: now + this.settings.refreshTtlSeconds * 1000,
      });
      grant.refreshToken = refresh;
    }
    this.deps.audit.record(
      {
        actor: principal,
        action: "token.issue",
        target: scopes.map((s) => `${s.type}:${s.name}`).join(" ") || "(none)",
        result: "success",
        detail: { access: access.map((a) => `${a.type}:${a.name}:${a.actions.join(",")}`) },
      },
      ctx,
    );
    return grant;
  }

  /** The user a refresh token belongs to; refused once expired, or when the user was disabled. */
  async redeemRefreshToken(refresh: string, ctx: RequestContext): Promise<Principal> {
    const record =
      secretKind(refresh) === "ddt"
        ? await this.deps.store.refreshToken(hashSecret(refresh))
        : null;
    const principal =
      record && record.expiresAt > this.now()
        ? await this.principalForSubject(record.subject)
        : null;
    if (!principal) {
      await this.deps.lockout.failed(null, ctx);
      this.deps.audit.record(
        {
          actor: { kind: "user", name: "unknown" },
          action: "auth.refresh",
          target: "refresh-token",
          result: "failure",
          detail: { reason: record ? "expired or account disabled" : "unknown refresh token" },
        },
        ctx,
      );
      throw new DrydockError("UNAUTHORIZED", "the refresh token is unknown or has expired");
    }
    return principal;
  }

  /** A registry token from a request, checked; the principal must still be allowed to act. */
  async verifyToken(token: string): Promise<{ principal: Principal; access: AccessEntry[] }> {
    const claims = await this.deps.tokens.verify(token);
    const principal = await this.principalForSubject(claims.sub);
    if (!principal)
      throw new DrydockError("UNAUTHORIZED", "the token's account is revoked, disabled or expired");
    return { principal, access: claims.access };
  }

  /** Rotates the token signing key when it is due; both the rotation and each removal are audited. */
  async rotateSigningKeys(): Promise<{ rotated: boolean; removed: string[] }> {
    const result = await this.deps.tokens.rotateIfDue();
    if (result.rotated || result.removed.length > 0)
      await this.deps.audit.write(
        {
          actor: { kind: "system", name: "drydock" },
          action: "key.rotate",
          target: "token-signing-keys",
          result: "success",
          detail: { rotated: result.rotated, removedKeys: result.removed },
        },
        INTERNAL_CONTEXT,
      );
    return result;
  }

  // --- caches --------------------------------------------------------------------------

  private refreshCache(): void {
    const now = Date.now();
    const version = this.deps.store.version();
    if (version === this.cacheVersion && now - this.cacheAt < CACHE_MS) return;
    this.cacheVersion = version;
    this.cacheAt = now;
    this.principals.clear();
    this.namespaces.clear();
    this.roles.clear();
    this.grants.clear();
  }

  private async namespaceRecord(name: string): Promise<NamespaceRecord | null> {
    this.refreshCache();
    let ns = this.namespaces.get(name);
    if (ns === undefined) {
      ns = await this.deps.store.namespace(name);
      if (this.namespaces.size > 50_000) this.namespaces.clear();
      this.namespaces.set(name, ns);
    }
    return ns;
  }

  private async rolesOf(principalId: string): Promise<Map<string, Role>> {
    let roles = this.roles.get(principalId);
    if (!roles) {
      const userId = principalId.slice("user:".length);
      roles = new Map(
        (await this.deps.store.membershipsOf(userId)).map((m) => [m.namespace, m.role]),
      );
      this.roles.set(principalId, roles);
    }
    return roles;
  }

  private now(): number {
    return this.deps.clock.now().getTime();
  }
}

export function userPrincipal(user: UserRecord): Principal {
  return { kind: "user", id: `user:${user.id}`, name: user.name, admin: user.admin };
}

/** Parses `type[(class)]:name:action[,action]`; the name may itself hold colons. */
export function parseScope(raw: string): Scope | null {
  const first = raw.indexOf(":");
  const last = raw.lastIndexOf(":");
  if (first <= 0 || last === first) return null;
  const type = raw.slice(0, first).replace(/\(.*\)$/, "");
  const name = raw.slice(first + 1, last);
  const actions = raw
    .slice(last + 1)
    .split(",")
    .filter((a) => a.length > 0);
  if (!name) return null;
  return { type, name, actions };
}
