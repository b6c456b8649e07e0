import { crc32 } from "node:zlib";
import type { SecretRule, Severity } from "../../types.ts";

const FORMATS =
  "https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/";
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function base62(value: number, width: number): string {
  let out = "";
  let v = value;
  for (let i = 0; i < width; i++) {
    out = BASE62[v % 62]! + out;
    v = Math.floor(v / 62);
  }
  return out;
}

/** `gh?_` + 30 random base62 + 6 base62 of the CRC-32 of those 30: the checksum must agree. */
function githubChecksumOk(token: string): boolean {
  const body = token.slice(4, 34);
  return token.length === 40 && base62(crc32(body), 6) === token.slice(34);
}

function classic(prefix: string, id: string, title: string, severity: Severity): SecretRule {
  return {
    meta: { id, title, severity, keywords: [prefix], docsUrl: FORMATS },
    pattern: new RegExp(`\\b${prefix}[A-Za-z0-9]{36}\\b`, "g"),
    validate: githubChecksumOk,
  };
}

export const rules: SecretRule[] = [
  classic("ghp_", "github-pat", "GitHub personal access token (classic)", "high"),
  classic("gho_", "github-oauth-token", "GitHub OAuth access token", "high"),
  classic("ghu_", "github-user-to-server-token", "GitHub App user-to-server token", "high"),
  classic("ghs_", "github-server-to-server-token", "GitHub App installation token", "high"),
  classic("ghr_", "github-refresh-token", "GitHub refresh token", "high"),
  {
    meta: {
      id: "github-fine-grained-pat",
      title: "GitHub fine-grained personal access token",
      severity: "high",
      keywords: ["github_pat_"],
      docsUrl:
        "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens",
    },
    pattern: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g,
    minEntropy: 4,
  },
];
