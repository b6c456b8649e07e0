import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

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

const DIGITS = "0123456789";
const ntn = `nt${"n"}_${rand(DIGITS, 11)}${rand(ALNUM, 35)}`;
function legacyBody(): string {
  for (;;) {
    const s = rand(ALNUM, 43);
    if (/[A-Z]{2}/.test(s) && /[0-9]/.test(s)) return s;
  }
}
const legacy = `secret_${legacyBody()}`;

const cases: Case[] = [
  {
    id: "notion-integration-token",
    finds: [
      [`NOTION_TOKEN=${ntn}`, ntn],
      [`const notion = new Client({ auth: "${ntn}" });`, ntn],
    ],
    ignores: [
      `NOTION_TOKEN=nt${"n"}_${rand(ALNUM, 46).replace(/[0-9]/g, "a")}`,
      `NOTION_TOKEN=nt${"n"}_${rand(DIGITS, 11)}${rand(ALNUM, 20)}`,
    ],
  },
  {
    id: "notion-legacy-integration-token",
    finds: [
      [`NOTION_TOKEN=${legacy}`, legacy],
      [`notion:\n  auth: '${legacy}'`, legacy],
    ],
    ignores: [
      `const secret_${"a".repeat(43)} = 1;`,
      `def secret_manager_client_configuration_loader_v2_factory(): pass`,
      `class secret_ManagerClientConfigurationLoaderFactoryV2Xy {}`,
      `NOTION_TOKEN=secret_${rand(ALNUM, 30)}`,
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
