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

const uuid = (): string =>
  [rand(HEX, 8), rand(HEX, 4), rand(HEX, 4), rand(HEX, 4), rand(HEX, 12)].join("-");
const pat = `pa${"t"}-na1-${uuid()}`;
const patEu = `pa${"t"}-eu1-${uuid()}`;
const apiKey = uuid();

const cases: Case[] = [
  {
    id: "hubspot-private-app-token",
    finds: [
      [`HUBSPOT_ACCESS_TOKEN=${pat}`, pat],
      [`const hubspotClient = new hubspot.Client({ accessToken: "${patEu}" });`, patEu],
    ],
    ignores: [
      `HUBSPOT_ACCESS_TOKEN=pa${"t"}-na1-${rand(HEX, 32)}`,
      `HUBSPOT_ACCESS_TOKEN=pa${"t"}-xx1-${uuid()}`,
    ],
  },
  {
    id: "hubspot-api-key",
    finds: [
      [`HUBSPOT_API_KEY=${apiKey}`, apiKey],
      [`https://api.hubapi.com/contacts/v1/lists/all?hapikey=${apiKey}`, apiKey],
    ],
    ignores: [
      `API_KEY=${apiKey}`,
      `HUBSPOT_PORTAL_ID=${rand("0123456789", 8)}`,
      `HUBSPOT_API_KEY=${uuid().slice(0, 20)}`,
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
