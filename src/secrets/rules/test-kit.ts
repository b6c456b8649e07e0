/**
 * Shared by the rule families' table tests (not used at run time): random secrets the
 * placeholder filter keeps, and the table runner every family's test uses.
 */
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import type { SecretRule } from "../types.ts";
import { ruleCandidates, ruleFinds } from "./match.ts";
import { isPlaceholder } from "./placeholders.ts";

/** `n` random characters of `alphabet`, never one the placeholder filter would drop. */
export function rand(alphabet: string, n: number): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
    if (!isPlaceholder(s)) return s;
  }
}

/** Each rule: texts it finds (with the secret it must report) and texts it must ignore. */
export interface Case {
  id: string;
  finds: [text: string, secret: string][];
  ignores: string[];
}

/** One describe per rule: every `finds` text yields exactly its secret, every `ignores` text nothing. */
export function runCases(rules: readonly SecretRule[], cases: Case[]): void {
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
}
