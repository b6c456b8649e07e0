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
const api = `ap${"i"}-${uuid()}`;
const sdk = `sd${"k"}-${uuid()}`;

const cases: Case[] = [
  {
    id: "launchdarkly-access-token",
    finds: [
      [`LAUNCHDARKLY_ACCESS_TOKEN=${api}`, api],
      [`LD_API_KEY: "${api}"`, api],
    ],
    ignores: [
      `ACCESS_TOKEN=${api}`,
      `LAUNCHDARKLY_ACCESS_TOKEN=${uuid()}`,
      `LAUNCHDARKLY_ACCESS_TOKEN=API-${uuid()}`,
      `LAUNCHDARKLY_ACCESS_TOKEN=ap${"i"}-00000000-0000-0000-0000-000000000000`,
    ],
  },
  {
    id: "launchdarkly-sdk-key",
    finds: [
      [`LD_SDK_KEY=${sdk}`, sdk],
      [`launchdarkly_client.set_config(Config("${sdk}"))`, sdk],
    ],
    ignores: [
      `SDK_KEY=${sdk}`,
      `LAUNCHDARKLY_MOBILE_KEY=mob-${uuid()}`,
      `LAUNCHDARKLY_SDK_KEY=${api}`,
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
