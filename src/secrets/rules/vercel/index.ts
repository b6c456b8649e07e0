import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "vercel-token",
      title: "Vercel access token or API key",
      severity: "high",
      keywords: ["vcp_", "vci_", "vca_", "vcr_", "vck_"],
      docsUrl: "https://vercel.com/changelog/new-token-formats-and-secret-scanning",
    },
    // vcp_ personal, vci_ integration, vca_ app access, vcr_ app refresh, vck_ API key.
    pattern: /\bvc[piark]_[A-Za-z0-9]{24,80}\b/g,
    minEntropy: 4,
  },
  {
    meta: {
      id: "vercel-legacy-token",
      title: "Vercel access token (unprefixed format)",
      severity: "high",
      keywords: ["vercel"],
      docsUrl: "https://vercel.com/docs/accounts/access-tokens",
    },
    // VERCEL_TOKEN=…, vercelToken: …, or `vercel deploy --token …` on a command line.
    pattern:
      /(?:vercel[\w.-]{0,30}?token[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}|\bvercel[ \t][^\r\n]{0,100}?--token[= ]['"]?)(?<secret>[A-Za-z0-9]{24})(?![A-Za-z0-9_-])/gi,
    minEntropy: 3.5,
  },
];
