import type { SecretRule } from "../../types.ts";

const FORMATS = "https://developers.cloudflare.com/fundamentals/api/get-started/token-formats/";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "cloudflare-api-token",
      title: "Cloudflare API token",
      severity: "high",
      keywords: ["cfut_", "cfat_"],
      docsUrl: FORMATS,
    },
    // User (cfut_) and account (cfat_) tokens: 40 characters and a checksum after the prefix.
    pattern: /\bcf(?:ut|at)_[A-Za-z0-9]{44,56}\b/g,
    minEntropy: 4,
  },
  {
    meta: {
      id: "cloudflare-global-api-key",
      title: "Cloudflare global API key",
      severity: "critical",
      keywords: ["cfk_"],
      docsUrl: FORMATS,
    },
    pattern: /\bcfk_[A-Za-z0-9]{44,56}\b/g,
    minEntropy: 4,
  },
  {
    meta: {
      id: "cloudflare-legacy-api-token",
      title: "Cloudflare API token (unprefixed format)",
      severity: "high",
      keywords: ["cloudflare", "cf_", "cf-", "cf.", "cfapi", "cftoken"],
      docsUrl: FORMATS,
    },
    // CLOUDFLARE_API_TOKEN, CF_API_TOKEN, cfApiToken: 40 characters.
    pattern:
      /(?<![A-Za-z])(?:cloudflare|cf)[\w.-]{0,30}?token[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9_-]{40})(?![A-Za-z0-9_-])/gi,
    minEntropy: 4,
  },
  {
    meta: {
      id: "cloudflare-legacy-global-api-key",
      title: "Cloudflare global API key (unprefixed format)",
      severity: "critical",
      keywords: ["cloudflare", "cf_", "cf-", "cf.", "cfapi", "cfauth", "cfglobal", "x-auth-key"],
      docsUrl: "https://developers.cloudflare.com/fundamentals/api/get-started/keys/",
    },
    // CLOUDFLARE_API_KEY, CF_API_KEY, X-Auth-Key: 37–45 lowercase hex characters.
    pattern:
      /(?:(?<![A-Za-z])(?:cloudflare|cf)[\w.-]{0,30}?(?:api|auth|global)[_.-]?key|x-auth-key)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[a-f0-9]{37,45})(?![A-Za-z0-9])/gi,
    minEntropy: 3,
  },
  {
    meta: {
      id: "cloudflare-origin-ca-key",
      title: "Cloudflare Origin CA key",
      severity: "high",
      keywords: ["v1.0-"],
      docsUrl: "https://developers.cloudflare.com/fundamentals/api/get-started/ca-keys/",
    },
    pattern: /\bv1\.0-[a-f0-9]{24}-[a-f0-9]{146}\b/g,
    minEntropy: 3,
  },
];
