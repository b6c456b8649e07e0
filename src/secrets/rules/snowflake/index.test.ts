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
const password = () => rand(B62, 14) + rand("0123456789", 1) + rand("!#$%&*+", 1);

type Case = [id: string, text: string, found: boolean, why: string];
const cases: Case[] = [
  ["snowflake-password", `SNOWFLAKE_PASSWORD=${password()}`, true, ".env line"],
  ["snowflake-password", `  snowflake_private_key_passphrase: "${password()}"`, true, "YAML"],
  ["snowflake-password", `conn = connect(user=u, snowflakePwd='${password()}')`, true, "code"],
  ["snowflake-password", `SNOWFLAKE_PASSWORD=\${SNOWFLAKE_PASSWORD}`, false, "a reference"],
  ["snowflake-password", `snowflake_password = get_secret("snowflake")`, false, "a function call"],
  ["snowflake-password", `snowflake_password = password_from_vault`, false, "an identifier"],
  ["snowflake-password", `PASSWORD=${password()}`, false, "no context"],

  [
    "snowflake-connection-url-password",
    `SQLALCHEMY_URL=snowflake://loader:${password()}@xy12345.eu-west-1/analytics`,
    true,
    ".env line",
  ],
  [
    "snowflake-connection-url-password",
    `conn_uri: "snowflake://etl:${password()}@acme-prod/raw?warehouse=wh"`,
    true,
    "Airflow YAML",
  ],
  [
    "snowflake-connection-url-password",
    `snowflake://loader:<password>@xy12345/analytics`,
    false,
    "placeholder",
  ],
  [
    "snowflake-connection-url-password",
    `snowflake://loader@xy12345/analytics`,
    false,
    "no password",
  ],
];

for (const [id, text, found, why] of cases) {
  test(`${id} ${found ? "finds" : "ignores"} ${why}`, () => {
    const rule = rules.find((r) => r.meta.id === id);
    assert.ok(rule, `no rule ${id}`);
    assert.equal(ruleFinds(rule, text), found, text);
  });
}

test("every snowflake rule has two true and two false examples", () => {
  for (const { meta } of rules) {
    const mine = cases.filter((c) => c[0] === meta.id);
    assert.ok(mine.filter((c) => c[2]).length >= 2, meta.id);
    assert.ok(mine.filter((c) => !c[2]).length >= 2, meta.id);
  }
});
