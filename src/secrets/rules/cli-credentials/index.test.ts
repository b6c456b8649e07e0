// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${X}` references are test inputs
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { rules } from "./index.ts";

/* Passwords are derived at test time from labels: none is written in the repository. */
const pw = (label: string, n = 16) =>
  createHash("sha256").update(label).digest("base64url").slice(0, n);
const rule = (id: string) => rules.find((r) => r.meta.id === id)!;

const CASES: { id: string; found: string[]; notFound: string[]; secret?: string }[] = [
  {
    id: "curl-user-credentials",
    secret: pw("cu1"),
    found: [
      `curl -sSf -u deploy:${pw("cu1")} https://nexus.corp.net/repository/raw/`,
      `RUN curl --user "ci:${pw("cu2")}" -o /tmp/a.tgz https://artifacts.corp.net/a.tgz`,
      `curl -X POST \\\n  -u admin:${pw("cu3")} \\\n  https://jenkins.corp.net/job/x/build`,
      `curl.exe -uci:${pw("cu4")} https://x.corp.net`,
      `curl -s "https://x.corp.net/api?a=1&b=2" -H 'Accept: */*' --user ci:${pw("cu6")}`,
    ],
    notFound: [
      'curl -u "$USER:$PASSWORD" https://nexus.corp.net',
      "curl -u admin:admin http://localhost:8080",
      "curl -u user: https://api.corp.net # prompts for the password",
      "curl --user-agent Mozilla/5.0:x https://corp.net",
      `tar -u deploy:${pw("cu5")}`, // not curl
      "curl -u username:password https://api.example.com",
      `curl -fsS https://x.corp.net/get.sh && sudo usermod -u ci:${pw("cu7")} x`, // another command
      `curl https://x.corp.net | tar -u ci:${pw("cu8")}`,
    ],
  },
  {
    id: "registry-login-password",
    secret: pw("rl1"),
    found: [
      `docker login -u ci -p ${pw("rl1")} registry.corp.net`,
      `podman login --username ci --password=${pw("rl2")} quay.io`,
      `helm registry login registry.corp.net --username ci --password '${pw("rl3")}'`,
      `skopeo login \\\n  -u ci \\\n  -p ${pw("rl4")} ghcr.io`,
    ],
    notFound: [
      'echo "$CR_PAT" | docker login ghcr.io -u ci --password-stdin',
      'docker login -u ci -p "$REGISTRY_PASSWORD" registry.corp.net',
      "docker login -u ci -p ${{ secrets.REGISTRY_TOKEN }} ghcr.io",
      "docker login -u <user> -p <password> registry.corp.net",
      `docker pull -p ${pw("rl5")} alpine`, // not login
    ],
  },
];

describe("cli-credentials rules", () => {
  test("every rule has a table", () => {
    assert.deepEqual(CASES.map((c) => c.id).sort(), rules.map((r) => r.meta.id).sort());
  });
  for (const c of CASES) {
    test(`${c.id}: finds`, () => {
      for (const text of c.found) assert.ok(ruleFinds(rule(c.id), text), text);
    });
    test(`${c.id}: does not find`, () => {
      for (const text of c.notFound) assert.ok(!ruleFinds(rule(c.id), text), text);
    });
    if (c.secret !== undefined)
      test(`${c.id}: the secret is the password`, () => {
        assert.deepEqual(
          ruleCandidates(rule(c.id), c.found[0]!).map((x) => x.secret),
          [c.secret],
        );
      });
  }
});
