import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "linode-api-token",
      title: "Linode (Akamai Cloud) API token",
      severity: "critical",
      keywords: ["linode"],
      docsUrl: "https://techdocs.akamai.com/linode-api/reference/get-started",
    },
    // LINODE_TOKEN, LINODE_CLI_TOKEN, linode_api_key, linodeToken: 64 hex characters.
    pattern:
      /linode[\w.-]{0,30}?(?:token|pat(?![a-z])|api[_.-]?key|secret)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[a-f0-9]{64})(?![A-Za-z0-9])/gi,
    minEntropy: 3,
  },
];
