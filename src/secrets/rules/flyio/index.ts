import type { SecretRule } from "../../types.ts";

const DOCS = "https://fly.io/docs/security/tokens/";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "flyio-access-token",
      title: "Fly.io access token",
      severity: "high",
      keywords: ["fo1_"],
      docsUrl: DOCS,
    },
    pattern: /\bfo1_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
    minEntropy: 4,
  },
  {
    meta: {
      id: "flyio-macaroon-token",
      title: "Fly.io macaroon token",
      severity: "high",
      keywords: ["fm1a_", "fm1r_", "fm2_"],
      docsUrl: DOCS,
    },
    // `FlyV1 fm2_…,fm2_…`: each macaroon is base64 after its prefix.
    pattern: /\bfm(?:1[ar]|2)_[A-Za-z0-9+/]{100,8192}={0,3}(?![A-Za-z0-9+/=])/g,
    minEntropy: 4,
  },
];
