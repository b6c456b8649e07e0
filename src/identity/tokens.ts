import {
  createPrivateKey,
  type KeyObject,
  type JsonWebKey as NodeJwk,
  randomBytes,
  sign,
} from "node:crypto";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
} from "jose";
import type { Clock } from "../core/clock.ts";
import { DrydockError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { SigningKeyRecord, SigningKeyStore } from "./signing-keys.ts";
import type { AccessEntry } from "./types.ts";

const ALG = "ES256";
/** Clock skew tolerated for `nbf`/`iat` between replicas; `exp` is enforced exactly. */
const SKEW_SECONDS = 30;
/** A retired key is kept this much longer than the longest token it can have signed. */
const REMOVE_GRACE_SECONDS = 60;
const CACHE_MAX = 10_000;
const MAX_TOKEN_CHARS = 16 * 1024;
/** An unknown kid reloads the key ring (another replica may have rotated), at most this often. */
const RELOAD_MIN_MS = 5_000;

export interface VerifiedToken {
  sub: string;
  access: AccessEntry[];
  /** NumericDate (seconds since the epoch). */
  exp: number;
  iat: number;
  jti: string;
  kind: string;
}

export interface TokenSettings {
  issuer: string;
  audience: string;
  /** The default and the maximum lifetime of a token; retired keys are kept this long. */
  ttlSeconds: number;
  keyRotationSeconds: number;
}

interface RingKey {
  rec: SigningKeyRecord;
  publicKey: CryptoKey;
}

interface ActiveKey {
  kid: string;
  createdAt: number;
  privateKey: KeyObject;
  /** The encoded JWS header, the same for every token of this key. */
  header: string;
}

interface Cached {
  kid: string;
  nbf: number;
  claims: VerifiedToken;
}

const refuse = (reason: string) => new DrydockError("UNAUTHORIZED", reason);

/**
 * Registry tokens (Docker registry token specification, ES256 JWTs) signed by a rotating
 * key: one active key signs, retired keys verify until their last token has expired.
 */
export class TokenService {
  private ring = new Map<string, RingKey>();
  private active: ActiveKey | null = null;
  /** Verified tokens (FIFO-bounded): verifying a signature is the cost of every request. */
  private cache = new Map<string, Cached>();
  private lastReload = Number.NEGATIVE_INFINITY;
  private reloading: Promise<void> | null = null;
  private rotating: Promise<{ rotated: boolean; removed: string[] }> | null = null;

  constructor(
    private readonly deps: { keys: SigningKeyStore; clock: Clock; log: Logger },
    private readonly settings: TokenSettings,
  ) {
    for (const k of ["ttlSeconds", "keyRotationSeconds"] as const)
      if (!Number.isInteger(settings[k]) || settings[k] <= 0)
        throw new Error(`TokenService: ${k} must be a positive integer`);
  }

  async init(): Promise<void> {
    await this.reload();
    if (!this.active) await this.createKey();
  }

  async rotateIfDue(): Promise<{ rotated: boolean; removed: string[] }> {
    // One rotation at a time; a second caller shares the first one's result.
    this.rotating ??= this.rotate().finally(() => {
      this.rotating = null;
    });
    return this.rotating;
  }

  async issue(
    sub: string,
    access: AccessEntry[],
    opts: { ttlSeconds?: number; kind?: string; extra?: Record<string, unknown> } = {},
  ): Promise<{ token: string; expiresIn: number; issuedAt: string }> {
    const active = this.active;
    if (!active) throw new Error("TokenService.init() has not run");
    // Capped at ttlSeconds: retired keys are removed on that horizon, and a longer-lived
    // token would then be refused before its exp.
    const ttl = Math.min(
      Math.max(1, Math.floor(opts.ttlSeconds ?? this.settings.ttlSeconds)),
      this.settings.ttlSeconds,
    );
    const iat = Math.floor(this.deps.clock.now().getTime() / 1000);
    const payload: JWTPayload = {
      ...opts.extra, // registered claims below always win over extras
      iss: this.settings.issuer,
      sub,
      aud: this.settings.audience,
      exp: iat + ttl,
      nbf: iat,
      iat,
      jti: randomBytes(16).toString("base64url"),
      access: access.map((a) => ({ type: a.type, name: a.name, actions: [...a.actions] })),
      kind: opts.kind ?? "user",
    };
    // Signed with node:crypto, not jose's SignJWT: WebCrypto's async sign is 2-3x
    // slower here, and a compact JWS is just three base64url parts (jose verifies them).
    const input = `${active.header}.${b64url(JSON.stringify(payload))}`;
    const sig = sign("sha256", Buffer.from(input), {
      key: active.privateKey,
      dsaEncoding: "ieee-p1363",
    });
    const token = `${input}.${sig.toString("base64url")}`;
    return { token, expiresIn: ttl, issuedAt: new Date(iat * 1000).toISOString() };
  }

  async verify(token: string): Promise<VerifiedToken> {
    if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_CHARS)
      throw refuse("malformed token");
    const now = this.deps.clock.now().getTime() / 1000;
    const hit = this.cache.get(token);
    if (hit) {
      if (!this.ring.has(hit.kid)) {
        this.cache.delete(token);
        throw refuse("the token's signing key is unknown or was removed");
      }
      checkTimes(hit.claims.exp, hit.nbf, hit.claims.iat, now);
      return hit.claims;
    }

    const header = headerOf(token);
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, (h) => this.publicKey(h.kid), {
        algorithms: [ALG],
        typ: "JWT",
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        currentDate: this.deps.clock.now(),
        clockTolerance: SKEW_SECONDS,
        requiredClaims: ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"],
      }));
    } catch (err) {
      throw joseReason(err);
    }
    const verified = toVerified(claims);
    checkTimes(verified.exp, claims.nbf as number, verified.iat, now);

    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(token, { kid: header.kid, nbf: claims.nbf as number, claims: verified });
    return verified;
  }

  jwks(): { keys: JWK[] } {
    return {
      keys: [...this.ring.values()].map(({ rec: { kid, publicJwk: j } }) => ({
        kty: j.kty,
        crv: j.crv,
        x: j.x,
        y: j.y,
        kid,
        alg: ALG,
        use: "sig",
      })),
    };
  }

  // --- key ring ------------------------------------------------------------------------

  private async rotate(): Promise<{ rotated: boolean; removed: string[] }> {
    await this.reload();
    const now = this.deps.clock.now().getTime();
    let rotated = false;
    const previous = this.active;
    if (!previous || now - previous.createdAt >= this.settings.keyRotationSeconds * 1000) {
      // Save the new key before retiring the old one: a crash in between leaves two
      // unretired keys (both verify; the next rotation retires the older), never none.
      const kid = await this.createKey();
      rotated = true;
      this.deps.log.info("signing key rotated", { kid, previousKid: previous?.kid ?? null });
    }
    // Retire every unretired key but the active one (the old active key, or a key a
    // concurrent replica created).
    for (const k of this.ring.values()) {
      if (k.rec.retiredAt !== null || k.rec.kid === this.active?.kid) continue;
      k.rec = { ...k.rec, retiredAt: now };
      await this.deps.keys.save(k.rec);
      this.deps.log.info("signing key retired", { kid: k.rec.kid });
    }
    const removed: string[] = [];
    const keepMs = (this.settings.ttlSeconds + REMOVE_GRACE_SECONDS) * 1000;
    for (const k of [...this.ring.values()]) {
      if (k.rec.retiredAt === null || now - k.rec.retiredAt <= keepMs) continue;
      await this.deps.keys.remove(k.rec.kid);
      this.ring.delete(k.rec.kid);
      removed.push(k.rec.kid);
      this.deps.log.info("signing key removed", {
        kid: k.rec.kid,
        retiredAt: new Date(k.rec.retiredAt).toISOString(),
      });
    }
    return { rotated, removed };
  }

  private async createKey(): Promise<string> {
    const pair = await generateKeyPair(ALG, { extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const privateJwk = await exportJWK(pair.privateKey);
    const kid = await calculateJwkThumbprint(publicJwk, "sha256");
    const createdAt = this.deps.clock.now().getTime();
    const rec: SigningKeyRecord = { kid, privateJwk, publicJwk, createdAt, retiredAt: null };
    await this.deps.keys.save(rec);
    this.ring.set(kid, { rec, publicKey: pair.publicKey });
    this.active = activeKey(rec);
    this.deps.log.info("signing key created", { kid });
    return kid;
  }

  /** Loads the ring from the store; already imported keys are reused. */
  private async reload(): Promise<void> {
    this.reloading ??= (async () => {
      this.lastReload = this.deps.clock.now().getTime();
      const records = await this.deps.keys.list();
      const ring = new Map<string, RingKey>();
      for (const rec of records) {
        const publicKey =
          this.ring.get(rec.kid)?.publicKey ?? (await importKey(rec.publicJwk, rec.kid));
        ring.set(rec.kid, { rec, publicKey });
      }
      this.ring = ring;
      // The newest unretired key signs.
      const newest = records
        .filter((r) => r.retiredAt === null)
        .sort((a, b) => b.createdAt - a.createdAt)[0];
      if (!newest) this.active = null;
      else if (newest.kid !== this.active?.kid) this.active = activeKey(newest);
    })().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async publicKey(kid: string | undefined): Promise<CryptoKey> {
    if (typeof kid !== "string" || kid === "") throw refuse("the token has no key id (kid)");
    let key = this.ring.get(kid);
    if (!key && this.deps.clock.now().getTime() - this.lastReload >= RELOAD_MIN_MS) {
      await this.reload();
      key = this.ring.get(kid);
    }
    if (!key) throw refuse("the token's signing key is unknown or was removed");
    return key.publicKey;
  }
}

const b64url = (text: string) => Buffer.from(text).toString("base64url");

function activeKey(rec: SigningKeyRecord): ActiveKey {
  const { kid, createdAt } = rec;
  const privateKey = createPrivateKey({ key: rec.privateJwk as NodeJwk, format: "jwk" });
  if (
    privateKey.asymmetricKeyType !== "ec" ||
    privateKey.asymmetricKeyDetails?.namedCurve !== "prime256v1"
  )
    throw new Error(`signing key ${kid} is not a P-256 key`);
  return {
    kid,
    createdAt,
    privateKey,
    header: b64url(JSON.stringify({ alg: ALG, typ: "JWT", kid })),
  };
}

async function importKey(jwk: JWK, kid: string): Promise<CryptoKey> {
  const key = await importJWK(jwk, ALG);
  if (key instanceof Uint8Array) throw new Error(`signing key ${kid} is not an EC key`);
  return key;
}

/** Reads the header before any crypto, so each refusal can name its reason. */
function headerOf(token: string): { alg: string; kid: string } {
  if (token.split(".").length !== 3) throw refuse("malformed token");
  let h: ReturnType<typeof decodeProtectedHeader>;
  try {
    h = decodeProtectedHeader(token);
  } catch {
    throw refuse("malformed token header");
  }
  if (typeof h.alg !== "string") throw refuse("the token header has no alg");
  if (h.alg.toLowerCase() === "none") throw refuse("unsigned token (alg none) refused");
  if (h.alg !== ALG)
    throw refuse(
      `token algorithm ${JSON.stringify(h.alg).slice(0, 40)} refused: only ES256 is accepted`,
    );
  if (typeof h.kid !== "string" || h.kid === "") throw refuse("the token has no key id (kid)");
  return { alg: h.alg, kid: h.kid };
}

function checkTimes(exp: number, nbf: number, iat: number, now: number): void {
  if (exp <= now) throw refuse("token expired");
  if (nbf > now + SKEW_SECONDS) throw refuse("token not yet valid (nbf in the future)");
  if (iat > now + SKEW_SECONDS) throw refuse("token not yet valid (iat in the future)");
}

function joseReason(err: unknown): DrydockError {
  if (err instanceof DrydockError) return err;
  const e = err as { code?: string; claim?: string; reason?: string };
  switch (e.code) {
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return refuse("bad token signature");
    case "ERR_JWT_EXPIRED":
      return refuse("token expired");
    case "ERR_JOSE_ALG_NOT_ALLOWED":
      return refuse("token algorithm refused: only ES256 is accepted");
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (e.reason === "missing") return refuse(`token claim ${e.claim} is missing`);
      if (e.claim === "iss") return refuse("wrong token issuer");
      if (e.claim === "aud") return refuse("wrong token audience");
      if (e.claim === "nbf") return refuse("token not yet valid (nbf in the future)");
      if (e.claim === "typ") return refuse("token type is not JWT");
      return refuse(`invalid token claim ${e.claim}`);
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
      return refuse("malformed token");
    default:
      return refuse("token refused");
  }
}

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === "string");

function toVerified(c: JWTPayload): VerifiedToken {
  const access = c.access;
  if (
    !Array.isArray(access) ||
    !access.every(
      (a) =>
        typeof a === "object" &&
        a !== null &&
        (a.type === "repository" || a.type === "registry") &&
        typeof a.name === "string" &&
        isStringArray(a.actions),
    )
  )
    throw refuse("token access claim is not a list of {type, name, actions}");
  if (typeof c.sub !== "string" || typeof c.jti !== "string" || typeof c.kind !== "string")
    throw refuse("token claims sub, jti and kind must be strings");
  // Frozen: the same object is handed out on every cache hit.
  const entries = access.map((a: AccessEntry) =>
    Object.freeze({
      type: a.type,
      name: a.name,
      actions: Object.freeze([...a.actions]) as string[],
    }),
  );
  return Object.freeze({
    sub: c.sub,
    access: Object.freeze(entries) as AccessEntry[],
    exp: c.exp!,
    iat: c.iat!,
    jti: c.jti,
    kind: c.kind,
  });
}
