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
const URL64 = B62 + "_-";
type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  [
    "docker-hub-pat",
    `echo dckr_pat_${rand(URL64, 27)} | docker login -u me --password-stdin`,
    true,
    "shell",
  ],
  ["docker-hub-pat", `DOCKERHUB_TOKEN=dckr_pat_${rand(URL64, 27)}`, true, ".env line"],
  ["docker-hub-pat", `DOCKERHUB_TOKEN=dckr_pat_test`, false, "a stub"],
  ["docker-hub-pat", `DOCKERHUB_TOKEN=dckr_pat_${rand(URL64, 35)}`, false, "too long"],

  ["docker-hub-org-access-token", `DOCKER_PASSWORD=dckr_oat_${rand(URL64, 32)}`, true, ".env line"],
  ["docker-hub-org-access-token", `  password: "dckr_oat_${rand(URL64, 27)}"`, true, "YAML"],
  ["docker-hub-org-access-token", `dckr_oat_${rand(URL64, 10)}`, false, "too short"],
  ["docker-hub-org-access-token", `dckr_oat_${"-".repeat(30)}`, false, "no entropy"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every docker-hub rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
