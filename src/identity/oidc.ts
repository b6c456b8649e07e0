import {
  type CryptoKey,
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWSHeaderParameters,
  type JWTPayload,
  type JWTVerifyOptions,
  jwtVerify,
} from "jose";
import type { Clock } from "../core/clock.ts";
import { DrydockError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { ClaimRules, Permission } from "./types.ts";

/**
 * Workload identity: a CI job presents an OIDC ID token from an issuer the server admin allows,
 * and a namespace owner's trust policy says which tokens (issuer, audience, claims) get which
 * permissions. No secret is stored anywhere.
 */
export interface TrustPolicy {
  id: string;
  namespace: string;
  issuer: string;
  audience: string;
  claims: ClaimRules;
  permissions: Permission[];
}

export interface OidcExchange {
  policy: TrustPolicy;
  claims: Record<string, unknown>;
  /** `<namespace>/<policy id>:<sub claim>` */
  subject: string;
}

export interface OidcVerifierSettings {
  /** Issuer URLs that may be trusted at all; nothing else is ever fetched. */
  allowedIssuers: string[];
  /** Allows `http://` issuers (tests use http://127.0.0.1). */
  allowInsecureHttp?: boolean;
  /** How long discovery documents and keys are used before they are fetched again. */
  jwksCacheSeconds?: number;
  maxTokenBytes?: number;
  /** Bound on each discovery/JWKS request, body included. */
  fetchTimeoutMs?: number;
}

const ALGORITHMS = ["RS256", "ES256", "PS256", "EdDSA"];
const SKEW_SECONDS = 60;
const DEFAULT_CACHE_SECONDS = 300;
const DEFAULT_MAX_TOKEN_BYTES = 16 * 1024;
const DEFAULT_FETCH_TIMEOUT_MS = 5_000;
/** An unknown kid refetches the issuer's keys (it may have rotated), at most this often. */
const REFRESH_COOLDOWN_MS = 5_000;
/** Discovery documents and key sets are small; anything bigger is refused while reading. */
const MAX_DOCUMENT_BYTES = 512 * 1024;

type KeyResolver = ReturnType<typeof createLocalJWKSet>;

interface IssuerKeys {
  jwksUri: string;
  keys: KeyResolver;
  /** Clock time (ms) of the last successful key fetch. */
  fetchedAt: number;
  /** Clock time (ms) of the last successful discovery fetch. */
  discoveredAt: number;
}

export class OidcVerifier {
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly fetch: typeof fetch;
  private readonly allowed: Set<string>;
  private readonly allowHttp: boolean;
  private readonly cacheMs: number;
  private readonly maxTokenBytes: number;
  private readonly timeoutMs: number;
  /** Keyed by the exact `iss` string; only allowed issuers ever get an entry. */
  private readonly cache = new Map<string, IssuerKeys>();
  private readonly inflight = new Map<string, Promise<IssuerKeys>>();

  constructor(
    deps: { clock: Clock; log: Logger; fetch?: typeof fetch },
    settings: OidcVerifierSettings,
  ) {
    this.clock = deps.clock;
    this.log = deps.log;
    this.fetch = deps.fetch ?? globalThis.fetch;
    this.allowHttp = settings.allowInsecureHttp ?? false;
    this.cacheMs = (settings.jwksCacheSeconds ?? DEFAULT_CACHE_SECONDS) * 1000;
    this.maxTokenBytes = settings.maxTokenBytes ?? DEFAULT_MAX_TOKEN_BYTES;
    this.timeoutMs = settings.fetchTimeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
    this.allowed = new Set();
    for (const raw of settings.allowedIssuers) {
      const problem = this.issuerProblem(raw);
      if (problem) throw new DrydockError("INVALID", `allowed OIDC issuer ${raw}: ${problem}`);
      this.allowed.add(normalizeIssuer(raw));
    }
  }

  async exchange(idToken: string, policies: TrustPolicy[]): Promise<OidcExchange> {
    if (typeof idToken !== "string" || idToken === "") throw refuse("no token");
    if (Buffer.byteLength(idToken, "utf8") > this.maxTokenBytes)
      throw refuse(`token is larger than ${this.maxTokenBytes} bytes`);

    // Read unverified, only to pick the issuer and to refuse early without any request.
    let header: JWSHeaderParameters;
    let unverified: JWTPayload;
    try {
      header = decodeProtectedHeader(idToken) as JWSHeaderParameters;
      unverified = decodeJwt(idToken);
    } catch {
      throw refuse("token is not a well-formed JWT");
    }
    const iss = unverified.iss;
    if (typeof iss !== "string" || iss === "") throw refuse("token has no iss claim");
    if (!this.allowed.has(normalizeIssuer(iss))) throw refuse(`issuer ${clip(iss)} is not trusted`);
    const problem = this.issuerProblem(iss);
    if (problem) throw refuse(`issuer ${clip(iss)} ${problem}`);
    if (typeof header.alg !== "string" || !ALGORITHMS.includes(header.alg))
      throw refuse(
        `token algorithm ${clip(String(header.alg))} is not accepted (only ${ALGORITHMS.join(", ")})`,
      );
    const candidates = policies.filter((p) => normalizeIssuer(p.issuer) === normalizeIssuer(iss));
    if (candidates.length === 0) throw refuse(`no trust policy trusts issuer ${clip(iss)}`);

    const claims = await this.verify(idToken, iss, header);

    const sub = claims.sub;
    if (typeof sub !== "string" || sub === "") throw refuse("token has no sub claim");
    let reason: string | undefined;
    let audienceReason: string | undefined;
    for (const policy of candidates) {
      if (!audienceMatches(claims.aud, policy.audience)) {
        audienceReason ??= `audience is ${describeValue(claims.aud)}`;
        continue;
      }
      const mismatch = claimMismatch(policy.claims, claims);
      if (mismatch === null) {
        this.log.info("oidc token accepted", {
          issuer: iss,
          namespace: policy.namespace,
          policy: policy.id,
          sub,
        });
        return { policy, claims, subject: `${policy.namespace}/${policy.id}:${sub}` };
      }
      reason ??= mismatch;
    }
    throw refuse(`no trust policy matches: ${reason ?? audienceReason}`);
  }

  /** Why this issuer URL cannot be used, or null. */
  private issuerProblem(issuer: string): string | null {
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      return "is not a URL";
    }
    if (url.protocol !== "https:" && !(this.allowHttp && url.protocol === "http:"))
      return "does not use https";
    if (url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "")
      return "must not have a query, fragment or credentials";
    return null;
  }

  private async verify(
    token: string,
    iss: string,
    header: JWSHeaderParameters,
  ): Promise<JWTPayload> {
    let entry = await this.keysFor(iss, false);
    let result = await this.verifyWith(token, iss, header, entry);
    if (
      result === "no-key" &&
      this.clock.now().getTime() - entry.fetchedAt >= REFRESH_COOLDOWN_MS
    ) {
      entry = await this.keysFor(iss, true);
      result = await this.verifyWith(token, iss, header, entry);
    }
    if (result === "no-key") {
      const kid = typeof header.kid === "string" ? ` (kid ${clip(header.kid)})` : "";
      throw refuse(`no key of issuer ${clip(iss)} matches the token${kid}`);
    }
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    if (typeof result.iat === "number" && result.iat > nowSeconds + SKEW_SECONDS)
      throw refuse("token was issued in the future (iat)");
    return result;
  }

  private async verifyWith(
    token: string,
    iss: string,
    header: JWSHeaderParameters,
    entry: IssuerKeys,
  ): Promise<JWTPayload | "no-key"> {
    const options: JWTVerifyOptions = {
      algorithms: ALGORITHMS,
      issuer: iss,
      requiredClaims: ["exp"],
      currentDate: this.clock.now(),
      clockTolerance: SKEW_SECONDS,
    };
    let key: CryptoKey;
    try {
      key = await entry.keys(header);
    } catch (err) {
      if (err instanceof errors.JWKSNoMatchingKey) return "no-key";
      if (err instanceof errors.JWKSMultipleMatchingKeys) {
        // No kid and several keys of this type: any of them may have signed it.
        for await (const candidate of err) {
          try {
            return (await jwtVerify(token, candidate, options)).payload;
          } catch (inner) {
            if (!(inner instanceof errors.JWSSignatureVerificationFailed))
              throw this.joseRefusal(inner, iss);
          }
        }
        throw refuse("token signature is invalid");
      }
      throw this.joseRefusal(err, iss);
    }
    try {
      return (await jwtVerify(token, key, options)).payload;
    } catch (err) {
      throw this.joseRefusal(err, iss);
    }
  }

  private joseRefusal(err: unknown, iss: string): DrydockError {
    if (err instanceof DrydockError) return err;
    const e = err as { code?: string; claim?: string; reason?: string };
    switch (e.code) {
      case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
        return refuse("token signature is invalid");
      case "ERR_JWT_EXPIRED":
        return refuse("token has expired");
      case "ERR_JOSE_ALG_NOT_ALLOWED":
        return refuse("token algorithm is not accepted");
      case "ERR_JWT_CLAIM_VALIDATION_FAILED":
        if (e.reason === "missing") return refuse(`token has no ${e.claim} claim`);
        if (e.claim === "nbf") return refuse("token is not valid yet (nbf)");
        if (e.claim === "iss") return refuse("token issuer does not match");
        return refuse(`token claim ${e.claim} is invalid`);
      case "ERR_JWS_INVALID":
      case "ERR_JWT_INVALID":
        return refuse("token is not a well-formed JWT");
      case "ERR_JWK_INVALID":
      case "ERR_JWKS_INVALID":
      case "ERR_JOSE_NOT_SUPPORTED":
        return refuse(`issuer ${clip(iss)} published no usable key for this token`);
      default:
        // e.g. an RSA key shorter than 2048 bits (a TypeError from jose).
        this.log.warn("oidc token verification failed", { issuer: iss, error: String(err) });
        return refuse(`token cannot be verified with the keys of issuer ${clip(iss)}`);
    }
  }

  /** The issuer's keys, from the cache while fresh; concurrent callers share one fetch. */
  private keysFor(iss: string, refreshKeys: boolean): Promise<IssuerKeys> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(iss);
    if (cached && !refreshKeys && now - cached.discoveredAt < this.cacheMs)
      return Promise.resolve(cached);
    const pending = this.inflight.get(iss);
    if (pending) return pending;
    const load = this.load(iss, refreshKeys && cached ? cached : undefined).finally(() =>
      this.inflight.delete(iss),
    );
    this.inflight.set(iss, load);
    return load;
  }

  /** Discovery (unless `known` gives a recent jwks_uri) then the key set. */
  private async load(iss: string, known: IssuerKeys | undefined): Promise<IssuerKeys> {
    let jwksUri: string;
    let discoveredAt: number;
    if (known) {
      jwksUri = known.jwksUri;
      discoveredAt = known.discoveredAt;
    } else {
      const url = `${iss.replace(/\/$/, "")}/.well-known/openid-configuration`;
      const doc = await this.fetchJson(iss, url, "discovery document");
      if (doc.issuer !== iss)
        throw this.issuerFault(
          iss,
          `issuer ${clip(iss)} discovery document names issuer ${describeValue(doc.issuer)}`,
        );
      if (typeof doc.jwks_uri !== "string")
        throw this.issuerFault(iss, `issuer ${clip(iss)} discovery document has no jwks_uri`);
      let parsed: URL;
      try {
        parsed = new URL(doc.jwks_uri);
      } catch {
        throw this.issuerFault(iss, `issuer ${clip(iss)} jwks_uri is not a URL`);
      }
      const sameOrigin = parsed.origin === new URL(iss).origin;
      if (parsed.protocol !== "https:" && !(sameOrigin && parsed.protocol === "http:"))
        throw this.issuerFault(
          iss,
          `issuer ${clip(iss)} jwks_uri ${clip(doc.jwks_uri)} is neither https nor on the issuer's origin`,
        );
      jwksUri = parsed.href;
      discoveredAt = this.clock.now().getTime();
    }
    const jwks = await this.fetchJson(iss, jwksUri, "key set");
    let keys: KeyResolver;
    try {
      keys = createLocalJWKSet(jwks as unknown as Parameters<typeof createLocalJWKSet>[0]);
    } catch {
      throw this.issuerFault(iss, `issuer ${clip(iss)} published an invalid key set`);
    }
    const entry: IssuerKeys = {
      jwksUri,
      keys,
      fetchedAt: this.clock.now().getTime(),
      discoveredAt,
    };
    this.cache.set(iss, entry);
    this.log.debug("oidc issuer keys fetched", {
      issuer: iss,
      keys: Array.isArray(jwks.keys) ? jwks.keys.length : 0,
    });
    return entry;
  }

  private async fetchJson(
    iss: string,
    url: string,
    what: string,
  ): Promise<Record<string, unknown>> {
    let text: string;
    try {
      // Redirects are not followed: they could lead the server anywhere.
      const res = await this.fetch(url, {
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
        headers: { accept: "application/json" },
      });
      if (res.status !== 200) {
        await res.body?.cancel().catch(() => {});
        throw this.issuerFault(
          iss,
          `issuer ${clip(iss)} answered HTTP ${res.status} for its ${what}`,
        );
      }
      text = await readLimited(res, MAX_DOCUMENT_BYTES);
    } catch (err) {
      if (err instanceof DrydockError) throw err;
      const reason = networkReason(err, this.timeoutMs);
      this.log.warn("oidc issuer unreachable", { issuer: iss, url, reason });
      throw refuse(`cannot reach issuer ${clip(iss)}: ${reason}`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      throw this.issuerFault(iss, `issuer ${clip(iss)} sent an invalid ${what} (not JSON)`);
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc))
      throw this.issuerFault(iss, `issuer ${clip(iss)} sent an invalid ${what} (not an object)`);
    return doc as Record<string, unknown>;
  }

  private issuerFault(iss: string, message: string): DrydockError {
    this.log.warn("oidc issuer misbehaves", { issuer: iss, reason: message });
    return refuse(message);
  }
}

/**
 * Whether every rule holds for the claims. Values are compared as strings (numbers and booleans
 * stringified); a missing, null, array or object claim never matches. `*` in a rule matches any
 * run of characters (including none and `/`), and the whole value must match.
 * Empty rules match nothing: an issuer such as GitHub's signs tokens for every repository in the
 * world, so a policy must say which of them it trusts.
 */
export function claimsMatch(rules: ClaimRules, claims: Record<string, unknown>): boolean {
  return claimMismatch(rules, claims) === null;
}

/** The first reason the claims fail the rules, or null when they hold. */
function claimMismatch(rules: ClaimRules, claims: Record<string, unknown>): string | null {
  const entries = Object.entries(rules);
  if (entries.length === 0) return "the trust policy has no claim rules";
  for (const [name, pattern] of entries) {
    const raw = Object.hasOwn(claims, name) ? claims[name] : undefined;
    if (raw === undefined || raw === null) return `claim ${clip(name)} is missing`;
    if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean")
      return `claim ${clip(name)} is not a string`;
    const value = String(raw);
    if (!globMatch(pattern, value)) return `claim ${clip(name)} is ${describeValue(value)}`;
  }
  return null;
}

/** `*` = any run of characters; everything else literal; anchored. Linear backtracking, no regex. */
function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  while (v < value.length) {
    if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = v;
    } else if (p < pattern.length && pattern[p] === value[v]) {
      p++;
      v++;
    } else if (star !== -1) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

function audienceMatches(aud: unknown, audience: string): boolean {
  if (typeof aud === "string") return aud === audience;
  return Array.isArray(aud) && aud.includes(audience);
}

function normalizeIssuer(issuer: string): string {
  return issuer.endsWith("/") ? issuer.slice(0, -1) : issuer;
}

function refuse(message: string): DrydockError {
  return new DrydockError("UNAUTHORIZED", message);
}

/** Token-supplied text in messages: bounded and without control characters. */
function clip(s: string, max = 200): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const clean = s.replace(/[\u0000-\u001f\u007f]/g, "?");
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}

function describeValue(v: unknown): string {
  if (v === undefined) return "missing";
  if (typeof v === "string") return JSON.stringify(clip(v, 100));
  const json = JSON.stringify(v) ?? String(v);
  return json.length > 100 ? `${json.slice(0, 100)}...` : json;
}

function networkReason(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError")
    return `no answer within ${timeoutMs} ms`;
  if (e?.message?.startsWith("response larger than")) return e.message;
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

async function readLimited(res: Response, limit: number): Promise<string> {
  const declared = Number(res.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body?.cancel().catch(() => {});
    throw new Error(`response larger than ${limit} bytes`);
  }
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new Error(`response larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
