import type { SecretRule } from "../../types.ts";

/** A reference token is base64 of `reftkn:01:…`. */
function referenceToken(secret: string): boolean {
  return Buffer.from(secret, "base64").toString("latin1").startsWith("reftkn:");
}

/** JFrog Artifactory API keys (`AKCp`, deprecated) and reference tokens (`cmVmd…`). */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "artifactory-api-key",
      title: "JFrog Artifactory API key",
      severity: "high",
      keywords: ["akcp"],
      docsUrl:
        "https://jfrog.com/help/r/jfrog-platform-administration-documentation/api-key-deprecation",
    },
    pattern: /\bAKCp[A-Za-z0-9]{69}(?![A-Za-z0-9])/g,
    minEntropy: 4,
  },
  {
    meta: {
      id: "artifactory-reference-token",
      title: "JFrog Artifactory reference token",
      severity: "high",
      keywords: ["cmvmd"],
      docsUrl: "https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens",
    },
    pattern: /\bcmVmd[A-Za-z0-9]{59}(?![A-Za-z0-9])/g,
    validate: referenceToken,
  },
];
