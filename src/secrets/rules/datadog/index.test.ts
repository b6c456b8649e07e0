import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";

/** `n` random characters of `alphabet`, never one the placeholder filter would drop. */
function rand(alphabet: string, n: number): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
    if (!isPlaceholder(s)) return s;
  }
}

/** Each rule: texts it finds (with the secret it must report) and texts it must ignore. */
interface Case {
  id: string;
  finds: [text: string, secret: string][];
  ignores: string[];
}

const apiKey = rand(HEX, 32);
const appKey = rand(HEX, 40);

const cases: Case[] = [
  {
    id: "datadog-api-key",
    finds: [
      [`DD_API_KEY=${apiKey}`, apiKey],
      [`datadog_api_key: "${apiKey}"`, apiKey],
      [`curl -H "DD-API-KEY: ${apiKey}" https://api.datadoghq.com/api/v1/validate`, apiKey],
    ],
    ignores: [
      `API_KEY=${apiKey}`,
      `DD_API_KEY=${rand(HEX, 31)}`,
      `DATADOG_API_KEY=${"ab".repeat(16)}`,
      `"resolved": "https://registry.npmjs.org/datadog-lambda-js/-/datadog-lambda-js-1.0.0.tgz#${apiKey}"`,
    ],
  },
  {
    id: "datadog-application-key",
    finds: [
      [`DD_APP_KEY=${appKey}`, appKey],
      [`{"datadogApplicationKey": "${appKey}"}`, appKey],
      [`-H "DD-APPLICATION-KEY: ${appKey}"`, appKey],
    ],
    ignores: [`APP_KEY=${appKey}`, `DD_APP_KEY=${apiKey}`, `datadog_commit=${"0".repeat(40)}`],
  },
];

for (const c of cases) {
  describe(c.id, () => {
    const rule = rules.find((r) => r.meta.id === c.id);
    it("is one of this family's rules", () => assert.ok(rule));
    for (const [text, secret] of c.finds) {
      it(`finds ${JSON.stringify(text.replace(secret, "<secret>"))}`, () => {
        assert.ok(ruleFinds(rule!, text));
        assert.deepEqual(
          ruleCandidates(rule!, text).map((x) => x.secret),
          [secret],
        );
      });
    }
    for (const text of c.ignores) {
      it(`ignores ${JSON.stringify(text.slice(0, 80))}`, () => {
        assert.equal(ruleFinds(rule!, text), false);
      });
    }
  });
}

it("has cases for every rule of the family", () => {
  assert.deepEqual(cases.map((c) => c.id).sort(), rules.map((r) => r.meta.id).sort());
});
