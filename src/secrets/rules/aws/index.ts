import type { SecretRule } from "../../types.ts";

/**
 * AWS credentials. The access key id carries a documented four-letter prefix (AKIA long-term,
 * ASIA temporary, ABIA/ACCA service-specific) and base32 after it; the secret access key has no
 * prefix, so it is reported only behind its usual names and reported together with a key id
 * found within a few lines (the engine folds the pair into one finding).
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "aws-access-key-id",
      title: "AWS access key ID",
      severity: "critical",
      keywords: ["akia", "asia", "abia", "acca"],
      docsUrl: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    },
    pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/g,
    minEntropy: 3,
  },
  {
    meta: {
      id: "aws-secret-access-key",
      title: "AWS secret access key",
      severity: "critical",
      keywords: [
        "secret_access_key",
        "secretaccesskey",
        "secret-access-key",
        "secret.access.key",
        "aws",
      ],
      docsUrl: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html",
    },
    // aws_secret_access_key = …, "SecretAccessKey": "…", AWS_SECRET_KEY: …, cloud.aws.secret-key=…
    pattern:
      /(?:secret[_.-]?access[_.-]?key|aws[\w.-]{0,20}?secret(?:[_.-]?key)?)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    // 40 random base64 characters carry ~5 bits each; a 40-hex digest tops out at 4.
    minEntropy: 4.1,
    pair: { ruleId: "aws-access-key-id", withinLines: 5 },
  },
  {
    meta: {
      id: "aws-session-token",
      title: "AWS session token",
      severity: "high",
      keywords: [
        "session_token",
        "sessiontoken",
        "session-token",
        "security-token",
        "security_token",
      ],
      docsUrl:
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html",
    },
    pattern:
      /(?:aws[_.-]?session[_.-]?token|aws[_.-]?security[_.-]?token|x-amz-security-token|"session[_.-]?token")[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9/+]{100,2048}={0,2})(?![A-Za-z0-9/+=])/gi,
    minEntropy: 4.5,
    // AWS's documentation tokens (botocore, moto) carry EXAMPLE; at 300+ characters they are
    // past the placeholder filter's substring checks.
    validate: (secret) => !secret.includes("EXAMPLE"),
  },
  {
    meta: {
      id: "aws-mws-auth-token",
      title: "Amazon Marketplace Web Service auth token",
      severity: "high",
      keywords: ["amzn.mws."],
      docsUrl: "https://developer-docs.amazon.com/sp-api/docs/migrating-from-mws-to-sp-api",
    },
    pattern:
      /\bamzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f-])/g,
    minEntropy: 3,
  },
];
