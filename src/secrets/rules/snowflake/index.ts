import type { SecretRule } from "../../types.ts";

/** A password, not an identifier: a digit with a letter, or a symbol other than `._-`. */
function looksLikePassword(secret: string): boolean {
  return (/\d/.test(secret) && /[A-Za-z]/.test(secret)) || /[!#$%&*+/:<=>?@^|~]/.test(secret);
}

export const rules: SecretRule[] = [
  {
    meta: {
      id: "snowflake-password",
      title: "Snowflake password",
      severity: "high",
      keywords: ["snowflake"],
      docsUrl:
        "https://docs.snowflake.com/en/developer-guide/snowflake-cli/connecting/configure-connections",
    },
    // SNOWFLAKE_PASSWORD, snowflake_private_key_passphrase, snowflakePwd.
    pattern:
      /snowflake[\w.-]{0,30}?(?:password|passwd|pwd|passphrase)[\w.-]{0,20}[ \t'"]{0,3}(?:=>|:=|\?=|=|:|>)[ \t'"`]{0,5}(?<secret>[A-Za-z0-9!#$%&*+./:<=>?@^_|~-]{8,128})(?![^\s'"`,;)\]}])/gi,
    minEntropy: 3,
    validate: looksLikePassword,
  },
  {
    meta: {
      id: "snowflake-connection-url-password",
      title: "Snowflake connection URL with a password",
      severity: "high",
      keywords: ["snowflake://"],
      docsUrl: "https://docs.snowflake.com/en/developer-guide/python-connector/sqlalchemy",
    },
    // snowflake://user:password@account/db (SQLAlchemy, Airflow connections).
    pattern: /\bsnowflake:\/\/[^\s:/@'"]{1,64}:(?<secret>[^\s/@'"]{6,128})@/g,
    minEntropy: 2.5,
  },
];
