import type { SecretRule } from "../../types.ts";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE) of a string of single-byte characters. */
function crc32(s: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < s.length; i++) crc = CRC_TABLE[(crc ^ s.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function base62(n: number, width: number): string {
  let out = "";
  for (let v = n; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out.padStart(width, "0");
}

/**
 * npm tokens follow GitHub's format: `npm_` + 30 random base62 characters + the CRC-32 of
 * those 30, base62-encoded into 6 characters. A bad checksum is not a token.
 */
function npmChecksumOk(token: string): boolean {
  const body = token.slice(4, 34);
  return token.length === 40 && base62(crc32(body), 6) === token.slice(34);
}

/** Base64 that decodes to printable ASCII, e.g. `user:password`. */
function decodesPrintable(b64: string): string | null {
  const text = Buffer.from(b64, "base64").toString("latin1");
  return /^[\x20-\x7e]+$/.test(text) ? text : null;
}

/** Tokens that other rules report (with their own checks): one finding per token. */
const OTHER_RULES = /^(?:npm_|gh[pousr]_|github_pat_|glpat-)/;

export const rules: SecretRule[] = [
  {
    meta: {
      id: "npm-access-token",
      title: "npm access token",
      severity: "critical",
      keywords: ["npm_"],
      docsUrl: "https://docs.npmjs.com/about-access-tokens",
    },
    pattern: /\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g,
    validate: npmChecksumOk,
  },
  {
    meta: {
      id: "npmrc-auth-token",
      title: "Registry auth token in .npmrc (_authToken)",
      severity: "critical",
      keywords: ["_authtoken"],
      docsUrl: "https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration",
    },
    // `//registry.npmjs.org/:_authToken=…`; `${NPM_TOKEN}` references never match the class.
    pattern: /_authToken[ \t]{0,3}=[ \t]{0,3}["']?(?<secret>[A-Za-z0-9._~+/=-]{16,2048})/g,
    validate: (secret) => !OTHER_RULES.test(secret),
    minEntropy: 3,
  },
  {
    meta: {
      id: "npmrc-basic-auth",
      title: "Registry password in .npmrc (_auth / _password)",
      severity: "critical",
      keywords: ["_auth", "_password"],
      docsUrl: "https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration",
    },
    // `_auth=base64(user:password)` or `:_password=base64(password)`.
    pattern:
      /(?<![\w-])(?<kind>_auth|_password)[ \t]{0,3}=[ \t]{0,3}["']?(?<secret>[A-Za-z0-9+/]{8,1024}={0,2})(?![\w+/=])/g,
    validate: (secret, match) => {
      const text = decodesPrintable(secret);
      if (text === null) return false;
      return match.groups?.kind === "_auth" ? /^[^:]+:.+$/.test(text) : text.length >= 4;
    },
  },
];
