import type { SecretRule, Severity } from "../../types.ts";

const DOCS = "https://docs.gitlab.com/security/tokens/#token-prefixes";

function token(
  id: string,
  title: string,
  severity: Severity,
  prefix: string,
  body: string,
): SecretRule {
  return {
    meta: { id, title, severity, keywords: [prefix.toLowerCase()], docsUrl: DOCS },
    // Not `\b`: a prefix right after a token character is not a token start. That also keeps
    // a hostile `glpat-glpat-…` line linear (a routable body may run 300 characters; scans from
    // every `glpat-` in it would overlap).
    pattern: new RegExp(`(?<![0-9A-Za-z_-])${prefix}${body}(?![0-9A-Za-z_-])`, "g"),
    minEntropy: 3,
  };
}

// Routable tokens (GitLab 17.x+): a longer base64url body, `.`, then 2 + 7 base36 characters.
const ROUTABLE = "[0-9A-Za-z_-]{27,300}\\.[0-9a-z]{9}";

export const rules: SecretRule[] = [
  token(
    "gitlab-pat",
    "GitLab personal access token",
    "high",
    "glpat-",
    `(?:${ROUTABLE}|[0-9A-Za-z_-]{20})`,
  ),
  token(
    "gitlab-pipeline-trigger-token",
    "GitLab pipeline trigger token",
    "high",
    "glptt-",
    "[0-9a-f]{40}",
  ),
  token(
    "gitlab-runner-authentication-token",
    "GitLab runner authentication token",
    "high",
    "glrt-",
    // Routable runner tokens start `t1_`, which the routable body already covers.
    `(?:${ROUTABLE}|[0-9A-Za-z_-]{20})`,
  ),
  token(
    "gitlab-runner-registration-token",
    "GitLab runner registration token",
    "high",
    "GR1348941",
    "[0-9A-Za-z_-]{20}",
  ),
  token(
    "gitlab-deploy-token",
    "GitLab deploy token",
    "high",
    "gldt-",
    `(?:${ROUTABLE}|[0-9A-Za-z_-]{20})`,
  ),
  token("gitlab-scim-token", "GitLab SCIM OAuth token", "high", "glsoat-", "[0-9A-Za-z_-]{20}"),
  token(
    "gitlab-ci-job-token",
    "GitLab CI/CD job token",
    "medium",
    "glcbt-",
    "[0-9A-Za-z]{1,5}_[0-9A-Za-z_-]{20}",
  ),
  token(
    "gitlab-incoming-mail-token",
    "GitLab incoming email token",
    "medium",
    "glimt-",
    "[0-9A-Za-z_-]{25}",
  ),
  token("gitlab-feed-token", "GitLab feed token", "medium", "glft-", "[0-9A-Za-z_-]{20}"),
  token(
    "gitlab-feature-flag-client-token",
    "GitLab feature flags client token",
    "medium",
    "glffct-",
    "[0-9A-Za-z_-]{20}",
  ),
  token(
    "gitlab-agent-token",
    "GitLab agent for Kubernetes token",
    "high",
    "glagent-",
    "[0-9A-Za-z_-]{50}",
  ),
  token(
    "gitlab-oauth-app-secret",
    "GitLab OAuth application secret",
    "high",
    "gloas-",
    "[0-9A-Za-z_-]{64}",
  ),
];
