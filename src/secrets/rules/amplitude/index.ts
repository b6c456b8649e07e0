import type { SecretRule } from "../../types.ts";

/** Amplitude secret keys (32 hex). The API key is public; the name must say secret. */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "amplitude-secret-key",
      title: "Amplitude secret key",
      severity: "high",
      keywords: ["amplitude"],
      docsUrl: "https://amplitude.com/docs/apis/authentication",
    },
    pattern:
      /amplitude[\w.-]{0,16}secret[\w.-]{0,16}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[0-9a-f]{32})(?![\w-])/gi,
    minEntropy: 2.5,
  },
];
