import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

// Fake secrets are made at test time, so that no real-looking key sits in the source; a draw
// that happens to read as a placeholder (`…fake…`, `${`) is drawn again.
const rand = (alphabet: string, n: number): string => {
  for (;;) {
    const s = Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join("");
    if (!isPlaceholder(s)) return s;
  }
};
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";
const URL64 = B62 + "_-";
const routable = (prefix: string) =>
  `${prefix}${rand(URL64, 40)}.01${rand("0123456789abcdefghijklmnopqrstuvwxyz", 7)}`;

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["gitlab-pat", `GITLAB_TOKEN=glpat-${rand(URL64, 20)}`, true, ".env line"],
  [
    "gitlab-pat",
    `git clone https://oauth2:glpat-${rand(URL64, 20)}@gitlab.com/g/p.git`,
    true,
    "in a URL",
  ],
  ["gitlab-pat", `PRIVATE-TOKEN: ${routable("glpat-")}`, true, "routable format"],
  ["gitlab-pat", `Use glpat-${rand(URL64, 20)}.`, true, "ending a sentence"],
  ["gitlab-pat", `GITLAB_TOKEN=glpat-${rand(URL64, 15)}`, false, "too short"],
  ["gitlab-pat", `GITLAB_TOKEN=glpat-${"x".repeat(20)}`, false, "placeholder"],
  ["gitlab-pat", `GITLAB_TOKEN=glpat-${rand(URL64, 24)}`, false, "24 characters, not routable"],

  [
    "gitlab-pipeline-trigger-token",
    `curl -F token=glptt-${rand(HEX, 40)} -F ref=main https://gitlab.example/api/v4/projects/1/trigger/pipeline`,
    true,
    "curl",
  ],
  ["gitlab-pipeline-trigger-token", `TRIGGER_TOKEN: "glptt-${rand(HEX, 40)}"`, true, "YAML"],
  ["gitlab-pipeline-trigger-token", `glptt-${rand(HEX, 30)}`, false, "too short"],
  ["gitlab-pipeline-trigger-token", `glptt-${rand(B62, 40)}`, false, "not hex"],

  [
    "gitlab-runner-authentication-token",
    `  token = "glrt-${rand(URL64, 20)}"`,
    true,
    "config.toml",
  ],
  [
    "gitlab-runner-authentication-token",
    `RUNNER_TOKEN=${routable("glrt-t1_")}`,
    true,
    "routable format",
  ],
  ["gitlab-runner-authentication-token", `token = "glrt-${rand(URL64, 10)}"`, false, "too short"],
  ["gitlab-runner-authentication-token", `token = "glrt-${"a".repeat(20)}"`, false, "no entropy"],

  [
    "gitlab-runner-registration-token",
    `gitlab-runner register --registration-token GR1348941${rand(URL64, 20)}`,
    true,
    "command line",
  ],
  [
    "gitlab-runner-registration-token",
    `REGISTRATION_TOKEN=GR1348941${rand(URL64, 20)}`,
    true,
    ".env line",
  ],
  ["gitlab-runner-registration-token", `GR1348941${rand(URL64, 12)}`, false, "too short"],
  ["gitlab-runner-registration-token", `GR1348941${"-".repeat(20)}`, false, "no entropy"],

  ["gitlab-deploy-token", `CI_DEPLOY_PASSWORD=gldt-${rand(URL64, 20)}`, true, ".env line"],
  [
    "gitlab-deploy-token",
    `docker login -u deploy -p gldt-${rand(URL64, 20)} registry.gitlab.com`,
    true,
    "docker login",
  ],
  ["gitlab-deploy-token", `gldt-${rand(URL64, 19)}`, false, "too short"],
  ["gitlab-deploy-token", `gldt-${"0".repeat(20)}`, false, "no entropy"],

  ["gitlab-scim-token", `SCIM_TOKEN=glsoat-${rand(URL64, 20)}`, true, ".env line"],
  ["gitlab-scim-token", `{"token": "glsoat-${rand(URL64, 20)}"}`, true, "JSON"],
  ["gitlab-scim-token", `glsoat-${rand(URL64, 30)}`, false, "too long"],
  ["gitlab-scim-token", `glsoat-${"x".repeat(20)}`, false, "placeholder"],

  ["gitlab-ci-job-token", `CI_JOB_TOKEN=glcbt-64_${rand(URL64, 20)}`, true, ".env line"],
  [
    "gitlab-ci-job-token",
    `curl --header "JOB-TOKEN: glcbt-1a2_${rand(URL64, 20)}"`,
    true,
    "header",
  ],
  ["gitlab-ci-job-token", `glcbt-64${rand(URL64, 20)}`, false, "no partition separator"],
  ["gitlab-ci-job-token", `glcbt-64_${rand(URL64, 10)}`, false, "too short"],

  ["gitlab-incoming-mail-token", `  incoming_email_token: glimt-${rand(URL64, 25)}`, true, "YAML"],
  [
    "gitlab-incoming-mail-token",
    `project-glimt-${rand(URL64, 25)}`,
    false,
    "right after a hyphen (inside a longer name)",
  ],
  ["gitlab-incoming-mail-token", `glimt-${"-".repeat(25)}`, false, "no entropy"],
  [
    "gitlab-incoming-mail-token",
    `INCOMING_EMAIL_TOKEN=glimt-${rand(URL64, 25)}`,
    true,
    ".env line",
  ],
  ["gitlab-incoming-mail-token", `glimt-${rand(URL64, 20)}`, false, "too short"],

  [
    "gitlab-feed-token",
    `https://gitlab.example/dashboard/projects.atom?feed_token=glft-${rand(URL64, 20)}`,
    true,
    "feed URL",
  ],
  ["gitlab-feed-token", `FEED_TOKEN=glft-${rand(URL64, 20)}`, true, ".env line"],
  ["gitlab-feed-token", `glft-${rand(URL64, 12)}`, false, "too short"],
  ["gitlab-feed-token", `glft-${"a".repeat(20)}`, false, "no entropy"],

  [
    "gitlab-feature-flag-client-token",
    `UNLEASH_INSTANCE_ID=glffct-${rand(URL64, 20)}`,
    true,
    ".env line",
  ],
  ["gitlab-feature-flag-client-token", `instanceId: "glffct-${rand(URL64, 20)}"`, true, "code"],
  ["gitlab-feature-flag-client-token", `glffct-${rand(URL64, 5)}`, false, "too short"],
  ["gitlab-feature-flag-client-token", `glffct-${"0".repeat(20)}`, false, "no entropy"],

  [
    "gitlab-agent-token",
    `helm install --set config.token=glagent-${rand(URL64, 50)}`,
    true,
    "helm",
  ],
  ["gitlab-agent-token", `token: glagent-${rand(URL64, 50)}`, true, "YAML"],
  ["gitlab-agent-token", `glagent-${rand(URL64, 40)}`, false, "too short"],
  ["gitlab-agent-token", `glagent-${"a".repeat(50)}`, false, "no entropy"],

  ["gitlab-oauth-app-secret", `GITLAB_CLIENT_SECRET=gloas-${rand(URL64, 64)}`, true, ".env line"],
  ["gitlab-oauth-app-secret", `  client_secret: "gloas-${rand(URL64, 64)}"`, true, "YAML"],
  ["gitlab-oauth-app-secret", `gloas-${rand(URL64, 60)}`, false, "too short"],
  ["gitlab-oauth-app-secret", `gloas-${"x".repeat(64)}`, false, "placeholder"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every gitlab rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
