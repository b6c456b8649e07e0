import assert from "node:assert/strict";
import { test } from "node:test";
import { hashSecret, newPassword, newSecret, sameHash, secretKind } from "./secrets.ts";

test("secrets carry their kind, 256 random bits and a checksum", () => {
  for (const kind of ["ddr", "ddp", "ddt"] as const) {
    const s = newSecret(kind);
    assert.match(s, new RegExp(`^${kind}_[0-9A-Za-z]{49}$`));
    assert.equal(secretKind(s), kind);
    assert.notEqual(newSecret(kind), s);
  }
});

test("look-alikes fail the checksum: one changed character, a wrong prefix, bad lengths", () => {
  const s = newSecret("ddr");
  const flipped = `${s.slice(0, 10)}${s[10] === "a" ? "b" : "a"}${s.slice(11)}`;
  const cases = [
    flipped,
    `ddx_${s.slice(4)}`,
    s.slice(0, -1),
    `${s}0`,
    "ddr_",
    "",
    "ddr_AKIAIOSFODNN7EXAMPLE",
  ];
  for (const c of cases) assert.equal(secretKind(c), null, c);
});

test("hashes: SHA-256 hex, compared in constant time", () => {
  const h = hashSecret("x");
  assert.equal(h, "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881");
  assert.ok(sameHash(h, hashSecret("x")));
  assert.ok(!sameHash(h, hashSecret("y")));
  assert.ok(!sameHash(h, "short"));
});

test("generated passwords are long and random", () => {
  const p = newPassword();
  assert.match(p, /^[0-9A-Za-z]{24}$/);
  assert.notEqual(newPassword(), p);
});
