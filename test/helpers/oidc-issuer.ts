import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CryptoKey,
  calculateJwkThumbprint,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  SignJWT,
} from "jose";
import { type Clock, systemClock } from "../../src/core/clock.ts";

export type IssuerAlg = "RS256" | "ES256" | "PS256" | "EdDSA";

export interface SignOptions {
  /** Seconds, or "30s" / "10m" / "2h" / "1d" (may be negative), from the issuer's clock. Default 5m. */
  expiresIn?: string | number;
  /** Defaults to the current key's kid. */
  kid?: string;
  /**
   * Defaults to the issuer's. `none` makes an unsecured JWT; `HS*` uses the current public key
   * (SPKI PEM) as the HMAC secret (the classic confusion attack); any other algorithm than the
   * issuer's signs with a throwaway key that is not in the JWKS.
   */
  alg?: string;
  /** Extra protected header parameters. */
  header?: Record<string, unknown>;
  /** Sign with a throwaway key of the issuer's algorithm that is not in the JWKS. */
  unpublishedKey?: boolean;
}

export interface OidcIssuer {
  /** http://127.0.0.1:PORT (no trailing slash) */
  issuer: string;
  /** Signs `claims` with `iss`, `iat` and `exp` set unless `claims` gives them (no `aud` by default). */
  sign(claims: Record<string, unknown>, opts?: SignOptions): Promise<string>;
  /** A new current key (new kid); old keys stay published. */
  rotateKey(): Promise<void>;
  /** How many HTTP requests the issuer has served. */
  readonly requests: number;
  /** Paths of the requests served, in order. */
  readonly paths: string[];
  close(): Promise<void>;
}

interface IssuerKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * A real OIDC issuer on 127.0.0.1: `/.well-known/openid-configuration` and `/jwks`.
 * `discovery` overrides fields of the discovery document (to test a misbehaving issuer).
 */
export async function startOidcIssuer(
  opts: { alg?: IssuerAlg; clock?: Clock; discovery?: Record<string, unknown> } = {},
): Promise<OidcIssuer> {
  const alg = opts.alg ?? "RS256";
  const clock = opts.clock ?? systemClock;
  const keys: IssuerKey[] = [await makeKey(alg)];
  const paths: string[] = [];
  let issuer = "";

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    paths.push(path);
    let body: unknown;
    if (path === "/.well-known/openid-configuration") {
      body = {
        issuer,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ["id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: [alg],
        ...opts.discovery,
      };
    } else if (path === "/jwks") {
      body = { keys: keys.map((k) => ({ ...k.publicJwk, kid: k.kid, alg, use: "sig" })) };
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const current = (): IssuerKey => keys[keys.length - 1]!;

  return {
    issuer,
    get requests() {
      return paths.length;
    },
    paths,
    async sign(claims, o = {}) {
      const signAlg = o.alg ?? alg;
      const now = Math.floor(clock.now().getTime() / 1000);
      const payload = { iss: issuer, iat: now, exp: now + seconds(o.expiresIn ?? "5m"), ...claims };
      const header = { alg: signAlg, typ: "JWT", kid: o.kid ?? current().kid, ...o.header };
      if (signAlg === "none") return `${b64(header)}.${b64(payload)}.`;
      if (signAlg.startsWith("HS")) {
        const secret = new TextEncoder().encode(await exportSPKI(current().publicKey));
        return new SignJWT(payload).setProtectedHeader(header).sign(secret);
      }
      const key =
        o.unpublishedKey || signAlg !== alg
          ? (await generateKeyPair(signAlg, { extractable: true })).privateKey
          : current().privateKey;
      return new SignJWT(payload).setProtectedHeader(header).sign(key);
    },
    async rotateKey() {
      keys.push(await makeKey(alg));
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function makeKey(alg: IssuerAlg): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { kid: await calculateJwkThumbprint(publicJwk), privateKey, publicKey, publicJwk };
}

function seconds(d: string | number): number {
  if (typeof d === "number") return d;
  const m = /^(-?\d+)\s*(s|m|h|d)?$/.exec(d.trim());
  if (!m) throw new Error(`bad duration ${d}`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? "s") as "s" | "m" | "h" | "d"];
  return Number(m[1]) * unit;
}

function b64(v: unknown): string {
  return Buffer.from(JSON.stringify(v)).toString("base64url");
}
