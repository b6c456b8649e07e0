import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import type { SecretRule } from "../types.ts";
import { RULES_A } from "./list-a.ts";
import { ruleCandidates } from "./match.ts";

test("group A has at least 55 rules with unique kebab-case ids", () => {
  assert.ok(RULES_A.length >= 55, `${RULES_A.length} rules`);
  const ids = RULES_A.map((r) => r.meta.id);
  assert.equal(new Set(ids).size, ids.length, "duplicate ids");
  for (const id of ids) assert.match(id, /^[a-z0-9]+(?:-[a-z0-9]+)*$/);
});

test("every rule is well-formed data", () => {
  const ids = new Set(RULES_A.map((r) => r.meta.id));
  for (const { meta, pattern, pair, minEntropy } of RULES_A) {
    assert.ok(pattern.flags.includes("g"), `${meta.id}: pattern needs the g flag`);
    assert.ok(!pattern.flags.includes("y"), `${meta.id}: a sticky pattern skips text`);
    assert.ok(meta.keywords.length > 0, `${meta.id}: no keywords`);
    for (const k of meta.keywords) {
      assert.ok(k.length >= 3, `${meta.id}: keyword ${JSON.stringify(k)} is too short`);
      assert.equal(k, k.toLowerCase(), `${meta.id}: keyword ${k} must be lowercase`);
    }
    assert.match(meta.docsUrl, /^https:\/\/[^\s]+$/, `${meta.id}: docsUrl`);
    assert.ok(meta.title.length > 0, `${meta.id}: title`);
    assert.ok(["critical", "high", "medium", "low"].includes(meta.severity), meta.id);
    if (pair) {
      assert.ok(ids.has(pair.ruleId), `${meta.id}: pairs with unknown ${pair.ruleId}`);
      assert.ok(pair.withinLines > 0, meta.id);
    }
    if (minEntropy !== undefined) assert.ok(minEntropy > 0 && minEntropy < 6, meta.id);
  }
});

// Hostile input: every rule must stay linear on a 2 MB single line.
const SIZE = 2 * 1024 * 1024;
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function noise(size: number): string {
  const bytes = randomBytes(size);
  let out = "";
  for (let i = 0; i < size; i += 65536) {
    out += Array.from(bytes.subarray(i, i + 65536), (b) => ALPHABET[b % 62]).join("");
  }
  return out;
}
const repeat = (s: string) => s.repeat(Math.ceil(SIZE / s.length)).slice(0, SIZE);
const LIMIT_MS = 2000;

function time(rule: SecretRule, text: string): number {
  const start = performance.now();
  ruleCandidates(rule, text);
  return performance.now() - start;
}

const NOISE = noise(SIZE);
const shared: Record<string, string> = {
  "2 MB of a": repeat("a"),
  "2 MB of base62 noise": NOISE,
  "AKIA x 500k": repeat("AKIA"),
};

for (const [name, text] of Object.entries(shared)) {
  test(`every rule takes < ${LIMIT_MS} ms on ${name}`, (t) => {
    const times = RULES_A.map((rule) => ({ id: rule.meta.id, ms: time(rule, text) }));
    times.sort((a, b) => b.ms - a.ms);
    const total = times.reduce((s, x) => s + x.ms, 0);
    t.diagnostic(`total ${total.toFixed(0)} ms over ${times.length} rules`);
    t.diagnostic(
      `slowest: ${times
        .slice(0, 3)
        .map((x) => `${x.id} ${x.ms.toFixed(1)} ms`)
        .join(", ")}`,
    );
    for (const { id, ms } of times) assert.ok(ms < LIMIT_MS, `${id} took ${ms.toFixed(0)} ms`);
  });
}

test(`every rule takes < ${LIMIT_MS} ms on 2 MB of its own keywords (and near misses)`, (t) => {
  let worst = { id: "", input: "", ms: 0 };
  for (const rule of RULES_A) {
    for (const k of rule.meta.keywords) {
      const inputs = [
        repeat(k),
        repeat(k.toUpperCase()),
        // A keyword, an assignment and a value one character short, over and over.
        repeat(`${k}_token = "${ALPHABET.slice(0, 39)}" `),
        // A keyword glued to an endless token-like run.
        k + NOISE,
      ];
      for (const [i, text] of inputs.entries()) {
        const ms = time(rule, text);
        if (ms > worst.ms) worst = { id: rule.meta.id, input: `${k} #${i}`, ms };
        assert.ok(ms < LIMIT_MS, `${rule.meta.id} on ${k} #${i} took ${ms.toFixed(0)} ms`);
      }
    }
  }
  t.diagnostic(`slowest: ${worst.id} on ${worst.input}: ${worst.ms.toFixed(1)} ms`);
});
