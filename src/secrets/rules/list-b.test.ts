import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { RULES_B } from "./list-b.ts";
import { ruleCandidates } from "./match.ts";

const SEVERITIES = new Set(["critical", "high", "medium", "low"]);
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const TWO_MB = 2 * 1024 * 1024;
const LIMIT_MS = 2000;

describe("rule group B", () => {
  it("has at least 60 rules", () => {
    assert.ok(RULES_B.length >= 60, `${RULES_B.length} rules`);
  });

  it("has unique kebab-case ids", () => {
    const ids = RULES_B.map((r) => r.meta.id);
    assert.deepEqual(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      [],
    );
    for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it("gives every rule a title, a severity and an https docs link", () => {
    for (const { meta } of RULES_B) {
      assert.ok(meta.title.length > 0, meta.id);
      assert.ok(SEVERITIES.has(meta.severity), meta.id);
      assert.equal(new URL(meta.docsUrl).protocol, "https:", meta.id);
    }
  });

  it("gives every rule non-empty lowercase keywords", () => {
    for (const { meta } of RULES_B) {
      assert.ok(meta.keywords.length > 0, meta.id);
      for (const k of meta.keywords) {
        assert.ok(k.length >= 3, `${meta.id}: ${k}`);
        assert.equal(k, k.toLowerCase(), `${meta.id}: ${k}`);
      }
    }
  });

  it("sets the g flag on every pattern", () => {
    for (const r of RULES_B) assert.ok(r.pattern.flags.includes("g"), r.meta.id);
  });

  it("pairs only with rules of the group", () => {
    const ids = new Set(RULES_B.map((r) => r.meta.id));
    for (const r of RULES_B) {
      if (r.pair) assert.ok(ids.has(r.pair.ruleId), `${r.meta.id} pairs with ${r.pair.ruleId}`);
    }
  });
});

const A_LINE = "a".repeat(TWO_MB);
const NOISE = Array.from({ length: TWO_MB }, () => BASE62[randomInt(62)]).join("");

/**
 * The text no rule should choke on: 2 MB single lines, and each keyword said 500k times (also
 * in upper case, the way `NRAK-`, `PMAK-` and `ATATT3` are spelled in the tokens).
 */
function hostileInputs(keywords: string[]): [name: string, text: string][] {
  const spellings = new Set(keywords.flatMap((k) => [k, k.toUpperCase()]));
  return [
    ["2 MB of a", A_LINE],
    ["2 MB of base62 noise", NOISE],
    ...[...spellings].map((k): [string, string] => [`"${k}" x 500k`, k.repeat(500_000)]),
  ];
}

describe("every rule is fast on hostile input", () => {
  const timings: { id: string; input: string; ms: number }[] = [];
  for (const rule of RULES_B) {
    it(rule.meta.id, () => {
      for (const [name, text] of hostileInputs(rule.meta.keywords)) {
        const start = performance.now();
        ruleCandidates(rule, text);
        const ms = performance.now() - start;
        timings.push({ id: rule.meta.id, input: name, ms });
        assert.ok(ms < LIMIT_MS, `${rule.meta.id} on ${name}: ${ms.toFixed(0)} ms`);
      }
    });
  }
  it("reports the slowest", (t) => {
    const slowest = timings.sort((a, b) => b.ms - a.ms).slice(0, 8);
    for (const s of slowest) t.diagnostic(`${s.ms.toFixed(1)} ms  ${s.id}  ${s.input}`);
  });
});
