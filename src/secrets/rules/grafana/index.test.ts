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
const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");
const cloudToken = () =>
  "glc_" +
  b64json({
    o: String(randomInt(1e6)),
    n: "ci-push",
    k: rand(B62, 24),
    m: { r: "prod-eu-west-0" },
  });
const legacyKey = () => b64json({ k: rand(B62, 32), n: "deploy", id: randomInt(100) });

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["grafana-cloud-api-token", `GRAFANA_CLOUD_TOKEN=${cloudToken()}`, true, ".env line"],
  ["grafana-cloud-api-token", `  password: "${cloudToken()}"`, true, "Alloy/agent config"],
  ["grafana-cloud-api-token", `GRAFANA_CLOUD_TOKEN=glc_${rand(B62, 80)}`, false, "not base64 JSON"],
  ["grafana-cloud-api-token", `glc_${b64json({ o: "1", n: "x" })}`, false, "JSON without a key"],

  [
    "grafana-service-account-token",
    `GRAFANA_TOKEN=glsa_${rand(B62, 32)}_${rand(HEX, 8)}`,
    true,
    ".env line",
  ],
  [
    "grafana-service-account-token",
    `Authorization: Bearer glsa_${rand(B62, 32)}_${rand(HEX, 8)}`,
    true,
    "header",
  ],
  ["grafana-service-account-token", `glsa_${rand(B62, 32)}`, false, "no checksum part"],
  ["grafana-service-account-token", `glsa_${rand(B62, 20)}_${rand(HEX, 8)}`, false, "short body"],

  ["grafana-api-key", `GRAFANA_API_KEY=${legacyKey()}`, true, ".env line"],
  ["grafana-api-key", `{"grafana": {"apiKey": "${legacyKey()}"}}`, true, "JSON"],
  ["grafana-api-key", `key=eyJrIjoi${rand(B62, 60)}`, false, "not decodable JSON"],
  ["grafana-api-key", `key=${b64json({ k: rand(B62, 32), id: 1 })}`, false, "JSON without a name"],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every grafana rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
