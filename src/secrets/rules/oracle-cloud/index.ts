import type { SecretRule } from "../../types.ts";

export const rules: SecretRule[] = [
  {
    meta: {
      id: "oci-customer-secret-key",
      title: "Oracle Cloud (OCI) customer secret key",
      severity: "high",
      keywords: ["oci_", "oci-", "oci.", "ociauth", "ocisecret", "ocis3", "oracle"],
      docsUrl:
        "https://docs.oracle.com/en-us/iaas/Content/Identity/access/managing-user-credentials.htm",
    },
    // The S3-compatible secret: 32 random bytes in base64.
    pattern:
      /(?<![A-Za-z])(?:oci|oracle)[\w.-]{0,30}?secret[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9+/]{43}=)(?![A-Za-z0-9+/=])/gi,
    minEntropy: 4,
  },
  {
    meta: {
      id: "oci-auth-token",
      title: "Oracle Cloud (OCI) auth token",
      severity: "high",
      keywords: ["oci_", "oci-", "oci.", "ociauth", "ocisecret", "ocis3", "oracle"],
      docsUrl:
        "https://docs.oracle.com/en-us/iaas/Content/Identity/access/managing-user-credentials.htm",
    },
    // 20 printable characters (the OCIR / Swift password).
    pattern:
      /(?<![A-Za-z])(?:oci|oracle)[\w.-]{0,30}?auth[_.-]?token[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9!#$%&()*+,.:;<=>?@[\]^_{|}~-]{20})(?![^\s'"`])/gi,
    minEntropy: 3.5,
  },
];
