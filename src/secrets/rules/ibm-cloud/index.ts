import type { SecretRule } from "../../types.ts";

/** Whether `re` matches within `radius` characters of the match. */
function near(match: RegExpExecArray, re: RegExp, radius: number): boolean {
  const from = Math.max(0, match.index - radius);
  return re.test(match.input.slice(from, match.index + match[0].length + radius));
}

export const rules: SecretRule[] = [
  {
    meta: {
      id: "ibm-cloud-api-key",
      title: "IBM Cloud API key",
      severity: "critical",
      keywords: ["ibm", "iam_apikey", "iam_api_key", "iamapikey", "iam-api-key"],
      docsUrl: "https://cloud.ibm.com/docs/account?topic=account-userapikey",
    },
    // IBMCLOUD_API_KEY=…, ibm.api-key: …, or "apikey" in a service credential (which also
    // carries "iam_apikey_description").
    pattern:
      /(?:ibm[\w.-]{0,30}?api[_.-]?key|iam[_.-]?api[_.-]?key|"apikey")[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9_-]{44})(?![A-Za-z0-9_-])/gi,
    minEntropy: 4,
    validate: (_secret, match) => near(match, /ibm|iam_apikey|bluemix/i, 2048),
  },
  {
    meta: {
      id: "ibm-cos-hmac-secret-key",
      title: "IBM Cloud Object Storage HMAC secret key",
      severity: "high",
      keywords: ["secret_access_key"],
      docsUrl:
        "https://cloud.ibm.com/docs/cloud-object-storage?topic=cloud-object-storage-uhc-hmac-credentials-main",
    },
    // Inside "cos_hmac_keys": { "access_key_id": "<32 hex>", "secret_access_key": "<48 hex>" }.
    pattern: /secret_access_key"?[ \t]{0,3}[:=][ \t'"]{0,5}(?<secret>[0-9a-f]{48})(?![0-9A-Za-z])/g,
    minEntropy: 3,
    validate: (_secret, match) => near(match, /cos_hmac_keys/, 1024),
  },
];
