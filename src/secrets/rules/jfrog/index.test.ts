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

const apiKey = `AKC${"p"}${rand(ALNUM, 69)}`;
function referenceToken(): string {
  for (;;) {
    const b64 = Buffer.from(`reftkn:01:${rand("0123456789", 10)}:${rand(ALNUM, 27)}`).toString(
      "base64",
    );
    if (/^[A-Za-z0-9]{64}$/.test(b64)) return b64;
  }
}
const reference = referenceToken();
const notReference = `cmVm${"d"}${rand(ALNUM, 59)}`;

const cases: Case[] = [
  {
    id: "artifactory-api-key",
    finds: [
      [`ARTIFACTORY_API_KEY=${apiKey}`, apiKey],
      [
        `curl -H "X-JFrog-Art-Api: ${apiKey}" https://acme.jfrog.io/artifactory/api/repositories`,
        apiKey,
      ],
    ],
    ignores: [
      `ARTIFACTORY_API_KEY=AKC${"p"}${rand(ALNUM, 40)}`,
      `ARTIFACTORY_API_KEY=AKC${"p"}${"ab".repeat(34)}a`,
    ],
  },
  {
    id: "artifactory-reference-token",
    finds: [
      [`JFROG_ACCESS_TOKEN=${reference}`, reference],
      [`<password>${reference}</password>`, reference],
    ],
    ignores: [`JFROG_ACCESS_TOKEN=${notReference}`, `JFROG_ACCESS_TOKEN=${reference.slice(0, 40)}`],
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
