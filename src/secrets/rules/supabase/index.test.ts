import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { test } from "node:test";
import { ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

// Fake secrets are made at test time, so that no real-looking key sits in the source; a draw
// that happens to read as a placeholder (`…fake…`, `${`) is drawn again.
const rand = (alphabet: string, n: number): string => {
  for (;;) {
    const s = Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join("");
    if (!isPlaceholder(s)) return s;
  }
};
const B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";
const URL64 = B62 + "_-";
const b64u = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const jwt = (claims: Record<string, unknown>) =>
  `${b64u({ alg: "HS256", typ: "JWT" })}.${b64u(claims)}.${rand(URL64, 43)}`;
const serviceRole = () =>
  jwt({
    iss: "supabase",
    ref: rand("abcdefghijklmnopqrst", 20),
    role: "service_role",
    iat: 1700000000,
    exp: 2000000000,
  });

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["supabase-management-token", `SUPABASE_ACCESS_TOKEN=sbp_${rand(HEX, 40)}`, true, ".env line"],
  [
    "supabase-management-token",
    `curl -H "Authorization: Bearer sbp_${rand(HEX, 40)}" https://api.supabase.com/v1/projects`,
    true,
    "curl",
  ],
  ["supabase-management-token", `sbp_${rand(HEX, 30)}`, false, "too short"],
  ["supabase-management-token", `sbp_${"0".repeat(40)}`, false, "no entropy"],

  ["supabase-secret-key", `SUPABASE_SECRET_KEY=sb_secret_${rand(URL64, 31)}`, true, ".env line"],
  ["supabase-secret-key", `createClient(url, "sb_secret_${rand(URL64, 31)}")`, true, "code"],
  ["supabase-secret-key", `SUPABASE_SECRET_KEY=sb_secret_...`, false, "elided"],
  ["supabase-secret-key", `sb_secret_${rand(URL64, 8)}`, false, "too short"],

  ["supabase-service-role-key", `SUPABASE_SERVICE_ROLE_KEY=${serviceRole()}`, true, ".env line"],
  ["supabase-service-role-key", `  supabaseServiceRoleKey: "${serviceRole()}"`, true, "YAML"],
  [
    "supabase-service-role-key",
    `SUPABASE_ANON_KEY=${jwt({ iss: "supabase", role: "anon" })}`,
    false,
    "the anon key (public)",
  ],
  [
    "supabase-service-role-key",
    `SERVICE_ROLE_KEY=${jwt({ iss: "supabase-demo", role: "service_role" })}`,
    false,
    "the published demo key",
  ],
  [
    "supabase-service-role-key",
    `SUPABASE_SERVICE_ROLE_KEY=eyJ${rand(URL64, 30)}.eyJ${rand(URL64, 40)}.${rand(URL64, 43)}`,
    false,
    "not decodable",
  ],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every supabase rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
