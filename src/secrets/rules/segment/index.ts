import type { SecretRule } from "../../types.ts";

/** Segment Public API tokens: `sgp_` + 64 alphanumerics. Write keys are public-ish ids. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "segment-public-api-token",
      title: "Segment Public API token",
      severity: "high",
      keywords: ["sgp_"],
      docsUrl: "https://docs.segmentapis.com/tag/Getting-Started#section/Get-an-API-token",
    },
    pattern: /\bsgp_[A-Za-z0-9]{64}(?![A-Za-z0-9])/g,
    minEntropy: 4,
  },
];
