import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

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

const UPPER = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const user = `NR${"AK"}-${rand(UPPER, 27)}`;
const license = `${rand(HEX, 36)}NR${"AL"}`;
const insert = `NR${"II"}-${rand(B64URL, 32)}`;
const query = `NR${"IQ"}-${rand(B64URL, 32)}`;
const browser = `NR${"JS"}-${rand(HEX, 19)}`;

const cases: Case[] = [
  {
    id: "newrelic-user-api-key",
    finds: [
      [`NEW_RELIC_API_KEY=${user}`, user],
      [`curl -H "API-Key: ${user}" https://api.newrelic.com/graphql`, user],
    ],
    ignores: [
      `NEW_RELIC_API_KEY=NR${"AK"}-${rand(UPPER, 20)}`,
      `NEW_RELIC_API_KEY=NR${"AK"}-${rand(UPPER, 27).toLowerCase()}x`,
    ],
  },
  {
    id: "newrelic-license-key",
    finds: [
      [`NEW_RELIC_LICENSE_KEY=${license}`, license],
      [`common: &default_settings\n  license_key: '${license}'`, license],
    ],
    ignores: [
      `NEW_RELIC_LICENSE_KEY=${rand(HEX, 40)}`,
      `NEW_RELIC_LICENSE_KEY=${rand(HEX, 30)}NR${"AL"}`,
    ],
  },
  {
    id: "newrelic-insert-key",
    finds: [
      [`NEW_RELIC_INSERT_KEY=${insert}`, insert],
      [`{"X-Insert-Key": "${insert}"}`, insert],
    ],
    ignores: [
      `NEW_RELIC_INSERT_KEY=NR${"II"}-${rand(B64URL, 16)}`,
      `NEW_RELIC_INSERT_KEY=NR${"II"}-${rand(B64URL, 40)}`,
    ],
  },
  {
    id: "newrelic-insights-query-key",
    finds: [
      [`NEW_RELIC_QUERY_KEY=${query}`, query],
      [`X-Query-Key: ${query}`, query],
    ],
    ignores: [`NEW_RELIC_QUERY_KEY=NR${"IQ"}-short`, `NEW_RELIC_QUERY_KEY=${insert}`],
  },
  {
    id: "newrelic-browser-key",
    finds: [
      [`NREUM.loader_config={licenseKey:"${browser}",applicationID:"1"}`, browser],
      [`NEW_RELIC_BROWSER_KEY=${browser}`, browser],
    ],
    ignores: [
      `NEW_RELIC_BROWSER_KEY=NR${"JS"}-${rand(HEX, 12)}`,
      `NEW_RELIC_BROWSER_KEY=NR${"JS"}-${rand(HEX, 25)}`,
    ],
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
