// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${X}` references are test inputs
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, test } from "node:test";
import { isPlaceholder } from "./placeholders.ts";

/** Random-looking values, derived at test time so no literal secret sits in the repository. */
function randomish(label: string, n: number): string {
  let out = "";
  for (let i = 0; out.length < n; i++)
    out += createHash("sha512").update(`${label}/${i}`).digest("base64url");
  return out.slice(0, n);
}

const PLACEHOLDERS: [string, string][] = [
  ["AWS's documentation key id", "AKIAIOSFODNN7EXAMPLE"],
  ["RFC 6749's access token", ["2YotnFZF", "Ejr1zCsicMWpAA"].join("")],
  ["RFC 6749's Basic credentials", Buffer.from("s6BhdRkqt3:gX1fBat3bV").toString("base64")],
  ["Debian's openssl.cnf CMP secret", "pass:insta"],
  ["a run of one character", "xxxxxxxx"],
  ["masked", "********"],
  ["three stars", "***"],
  ["a bullet mask", "••••••"],
  ["a long run of x inside", "sk_live_xxxxxxxxxxxxxxxx"],
  ["an ellipsis", "ghp_abc...."],
  ["angle brackets", "<password>"],
  ["square brackets", "[YOUR TOKEN]"],
  ["an example word", "my-example-token-123"],
  ["your_", "your_api_key_here"],
  ["changeme", "changeme"],
  ["redacted", "REDACTED"],
  ["a test key", "test-key-123"],
  ["${ENV}", "${DB_PASSWORD}"],
  ["${ENV:-default}", "${DB_PASSWORD:-secret}"],
  ["$ENV", "$DB_PASSWORD"],
  ["$lowercase var", "$pass"],
  ["%ENV%", "%DB_PASSWORD%"],
  ["a template inside", "prefix-{{ vault_pw }}"],
  ["a command substitution", "$(cat /run/secrets/pw)"],
  ["Ruby interpolation", "#{ENV['PW']}"],
  ["ERB", "<%= pw %>"],
  ["Python %-format", "%(password)s"],
  ["printf", "%s"],
  ["printf with width", "%-10s"],
  ["a format field", "{password}"],
  ["an empty format field", "{}"],
  ["a bind parameter", ":password"],
  ["an SQL variable", "@db_password"],
  ["os.environ", "os.environ['PW']"],
  ["os.getenv", "os.getenv('PW')"],
  ["import.meta.env", "import.meta.env.VITE_KEY"],
  ["GitHub Actions secrets", "secrets.DB_PASSWORD"],
  ["a keyword value", "null"],
  ["a type name", "string"],
  ["a weak default", "hunter2"],
  ["a weak default, any case", "P@ssw0rd"],
  ["a metasyntactic name", "foo"],
  ["RFC 7617's example password", "open sesame"],
  ["Oracle's demo password", "tiger"],
];

const NOT_PLACEHOLDERS: [string, string][] = [
  ["a random token", `tok_${randomish("a", 32)}`],
  ["a random password", `${randomish("b", 14)}!`],
  ["hex", createHash("sha256").update("c").digest("hex")],
  ["a bcrypt hash", `$2b$12$${randomish("d", 53).replace(/[-_]/g, ".")}`],
  ["a dollar sign inside", `ab$${randomish("e", 10)}`],
  // A long random value or a block of lines is judged by its rule's structure: a word in it
  // is chance, not a marker.
  ["a long value with a word by chance", `${randomish("f", 200)}yourXfake${randomish("g", 100)}`],
  ["a PEM-like block with xxxx by chance", `MIIE${randomish("h", 60)}\nxxxx${randomish("i", 60)}`],
  ["an escaped block with Fake by chance", `MIIE${randomish("j", 60)}\\nFake${randomish("k", 60)}`],
];

describe("isPlaceholder", () => {
  for (const [name, value] of PLACEHOLDERS)
    test(`a placeholder: ${name}`, () => assert.equal(isPlaceholder(value), true, value));
  for (const [name, value] of NOT_PLACEHOLDERS)
    test(`not a placeholder: ${name}`, () => assert.equal(isPlaceholder(value), false, value));

  test("surrounding whitespace does not matter", () => {
    assert.equal(isPlaceholder("  changeme \n"), true);
  });
});
