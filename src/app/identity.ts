import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Clock } from "../core/clock.ts";
import { makeDirsSync } from "../core/files.ts";
import type { IdGen } from "../core/ids.ts";
import type { Logger } from "../core/logger.ts";
import { AuditLog } from "../identity/audit.ts";
import { Deliverer } from "../identity/delivery.ts";
import { Identity } from "../identity/identity.ts";
import { DEFAULT_LOCKOUT, Lockout } from "../identity/lockout.ts";
import { Management } from "../identity/management.ts";
import { OidcVerifier } from "../identity/oidc.ts";
import { RotationScheduler } from "../identity/rotation.ts";
import { TokenService } from "../identity/tokens.ts";
import { SqlIdentityStore } from "../storage/db/identity-store.ts";
import type { OpenedDatabase } from "../storage/db/open.ts";
import { FsKeyStore } from "../storage/keys-fs/fs-key-store.ts";
import type { Config } from "./config.ts";

export interface IdentityParts {
  identity: Identity;
  management: Management;
  tokens: TokenService;
  rotation: RotationScheduler;
  audit: AuditLog;
}

/** Storage -> identity, from config: the store, the signing keys, and every identity service. */
export async function openIdentity(
  config: Config,
  opened: OpenedDatabase,
  dataDir: string,
  deps: { clock: Clock; ids: IdGen; log: Logger; registryHost: () => string },
): Promise<IdentityParts> {
  const c = config.identity;
  const { clock, ids, log } = deps;
  const store = new SqlIdentityStore(opened.db, opened.externalVersion);
  const keysDir = join(dataDir, "keys");
  const tokens = new TokenService(
    { keys: new FsKeyStore(join(keysDir, "signing")), clock, log: log.child({ part: "tokens" }) },
    {
      issuer: c.issuer,
      audience: c.service,
      ttlSeconds: c.tokenTtlSeconds,
      keyRotationSeconds: c.keyRotationHours * 3600,
    },
  );
  await tokens.init();
  const audit = new AuditLog({ store, clock, log });
  const lockout = new Lockout(
    { store, clock, audit },
    {
      ...DEFAULT_LOCKOUT,
      accountLockAfter: c.lockoutAttempts,
      addressLockAfter: Math.max(c.lockoutAttempts * 5, DEFAULT_LOCKOUT.addressLockAfter),
      lockMs: c.lockoutMinutes * 60_000,
      windowMs: c.lockoutMinutes * 60_000,
      delayMs: c.failureDelayMs,
    },
  );
  const oidcIssuers = c.oidcIssuers
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const oidc = new OidcVerifier(
    { clock, log: log.child({ part: "oidc" }) },
    { allowedIssuers: oidcIssuers, allowInsecureHttp: c.allowInsecureHttp },
  );
  const identity = new Identity(
    { store, tokens, oidc, lockout, audit, clock, ids, log },
    {
      service: c.service,
      tokenTtlSeconds: c.tokenTtlSeconds,
      refreshTtlSeconds: c.refreshTtlHours * 3600,
      createNamespaceOnPush: c.createNamespaceOnPush,
    },
  );
  const webhookSecret = serverSecret(join(keysDir, "webhook.key"));
  // Robot owners name where new secrets go; files only inside the admin's directory.
  const deliveryTargets = {
    allowInsecureHttp: c.allowInsecureHttp,
    fileRoots: c.deliveryFileRoot ? [resolve(c.deliveryFileRoot)] : [],
  };
  const management = new Management(identity, {
    robotDefaultTtlMs: c.robotDefaultTtlHours * 3_600_000,
    robotMaxTtlMs: c.robotMaxTtlHours * 3_600_000,
    robotOverlapMs: c.robotOverlapMinutes * 60_000,
    patMaxTtlMs: c.patMaxDays * 86_400_000,
    oidcIssuers,
    deliveryTargets,
    webhookKey: (robotId) => webhookKey(webhookSecret, robotId),
  });
  const deliverer = new Deliverer(
    { clock, log: log.child({ part: "delivery" }) },
    {
      allowInsecureHttp: c.allowInsecureHttp,
      ...(c.webhookCaFile ? { tlsCa: readFileSync(c.webhookCaFile) } : {}),
    },
  );
  const rotation = new RotationScheduler(
    {
      store,
      management,
      deliverer,
      audit,
      clock,
      log: log.child({ part: "rotation" }),
      webhookKey: (robotId) => webhookKey(webhookSecret, robotId),
    },
    { registryHost: deps.registryHost, targets: deliveryTargets },
  );
  return { identity, management, tokens, rotation, audit };
}

/**
 * The HMAC key a robot's webhook receiver checks signatures with: derived from a server
 * secret and the robot's id, so that no key is stored in the database.
 */
export function webhookKey(serverKey: Buffer, robotId: string): Buffer {
  return createHmac("sha256", serverKey).update(`webhook:${robotId}`).digest();
}

/** A 256-bit secret kept in an owner-only file, made on first use. */
function serverSecret(file: string): Buffer {
  makeDirsSync(join(file, ".."));
  try {
    const mode = statSync(file).mode;
    if ((mode & 0o077) !== 0) chmodSync(file, 0o600);
    return readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    const key = randomBytes(32);
    writeFileSync(file, key, { mode: 0o600, flag: "wx" });
    return key;
  }
}
