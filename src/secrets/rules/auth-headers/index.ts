import type { SecretRule } from "../../types.ts";
import { shannonEntropy } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";

/**
 * Credentials written into an HTTP Authorization (or Proxy-Authorization) header in code,
 * config, scripts and captured requests: Basic (RFC 7617) carries base64 `user:password`;
 * Bearer (RFC 6750) carries an opaque token. The header name must be there: `Basic` alone is
 * an English word. JWT bearer tokens belong to the `jwt` rule and are left to it.
 */

/** `Authorization: `, `"Authorization": "`, `("Authorization", "`, `Authorization "`. */
const HEADER = String.raw`(?<![\w-])(?:proxy-)?authorization["']?(?:[ \t]{0,4}[:=,][ \t]{0,4}|[ \t]{1,4})["']?[ \t]{0,4}`;

function classes(s: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/].filter((r) => r.test(s)).length;
}

/** `user:password`, printable, the password not a placeholder (or a long token as the user). */
function validBasic(secret: string): boolean {
  const text = Buffer.from(secret, "base64").toString("utf8");
  // Reject what does not round-trip: not base64 of UTF-8 text.
  if (Buffer.from(text, "utf8").toString("base64").replace(/=+$/, "") !== secret.replace(/=+$/, ""))
    return false;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting them is the point
  if (/[\x00-\x1f\x7f\ufffd]/.test(text)) return false;
  const colon = text.indexOf(":");
  if (colon < 0) return false;
  const user = text.slice(0, colon);
  const password = text.slice(colon + 1);
  // Some APIs put the token in the user part and leave the password empty (`sk_...:`).
  if (password === "") return user.length >= 16 && !isPlaceholder(user);
  if (password.length < 3 || isPlaceholder(password)) return false;
  return password.toLowerCase() !== user.toLowerCase();
}

const isJwt = (s: string) => /^eyJ[\w-]*\.[\w-]*\./.test(s);

export const rules: SecretRule[] = [
  {
    meta: {
      id: "basic-auth-header",
      title: "HTTP Basic credentials in an Authorization header",
      severity: "high",
      keywords: ["basic "],
      docsUrl: "https://www.rfc-editor.org/rfc/rfc7617",
    },
    pattern: new RegExp(
      String.raw`${HEADER}Basic[ \t]{1,4}(?<secret>[A-Za-z0-9+/]{4,1024}={0,2})(?![A-Za-z0-9+/=_-])`,
      "gi",
    ),
    validate: validBasic,
  },
  {
    meta: {
      id: "bearer-auth-header",
      title: "Bearer token in an Authorization header",
      severity: "medium",
      keywords: ["bearer "],
      docsUrl: "https://www.rfc-editor.org/rfc/rfc6750#section-2.1",
    },
    pattern: new RegExp(
      String.raw`${HEADER}Bearer[ \t]{1,4}(?<secret>[A-Za-z0-9._~+/-]{20,2048}={0,2})(?![A-Za-z0-9._~+/=-])`,
      "gi",
    ),
    minEntropy: 3.5,
    validate: (secret) => !isJwt(secret) && classes(secret) >= 2 && shannonEntropy(secret) >= 3.5,
  },
];
