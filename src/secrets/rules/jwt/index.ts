import { createHmac } from "node:crypto";
import type { SecretRule } from "../../types.ts";

/**
 * JSON Web Tokens in their compact serialization (RFC 7519 over RFC 7515): three base64url
 * parts, the first a JSON header. A token is a bearer credential until it expires, and a scan
 * has no clock it can trust for that, so every decodable token is reported at medium. An
 * unsigned token (`alg: none`) is still reported: something accepted it once.
 */

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The example token on jwt.io and in countless tutorials. */
function isJwtIoExample(payload: Record<string, unknown>): boolean {
  return payload["sub"] === "1234567890" && payload["name"] === "John Doe";
}

/** The keys documentation signs its HMAC examples with (jwt.io, PyJWT, jsonwebtoken, ...). */
const EXAMPLE_KEYS = [
  "secret",
  "your-256-bit-secret",
  "your-384-bit-secret",
  "your-512-bit-secret",
  "key",
  "secretkey",
  "secret-key",
  "mysecret",
  "my-secret",
  "supersecret",
  "changeme",
  "password",
  "shhhhh",
  "",
];
const HMAC: Record<string, string> = { HS256: "sha256", HS384: "sha384", HS512: "sha512" };

/** An HS* token whose signature verifies with a documentation key: an example, not a secret. */
function signedWithExampleKey(alg: string, token: string): boolean {
  const hash = HMAC[alg];
  if (hash === undefined) return false;
  const dot = token.lastIndexOf(".");
  const input = token.slice(0, dot);
  const sig = token.slice(dot + 1);
  return EXAMPLE_KEYS.some((k) => createHmac(hash, k).update(input).digest("base64url") === sig);
}

function validJwt(secret: string): boolean {
  const [h, p, s] = secret.split(".");
  if (h === undefined || p === undefined || s === undefined) return false;
  const header = decodeJson(h);
  const payload = decodeJson(p);
  if (!isObject(header) || typeof header["alg"] !== "string" || !isObject(payload)) return false;
  if (isJwtIoExample(payload)) return false;
  // A signed token carries at least an HMAC-SHA256-sized signature (43 chars); none carries none.
  if (header["alg"].toLowerCase() === "none") return s.length === 0;
  return s.length >= 43 && !signedWithExampleKey(header["alg"], secret);
}

export const rules: SecretRule[] = [
  {
    meta: {
      id: "jwt",
      title: "JSON Web Token",
      severity: "medium",
      keywords: ["eyj"],
      docsUrl: "https://www.rfc-editor.org/rfc/rfc7519",
    },
    pattern:
      /(?<![A-Za-z0-9_\-+/])eyJ[A-Za-z0-9_-]{8,2048}\.[A-Za-z0-9_-]{2,16384}\.[A-Za-z0-9_-]{0,2048}(?![A-Za-z0-9_\-+/=])/g,
    validate: validJwt,
  },
];
