import assert from "node:assert/strict";
import { test } from "node:test";
import { digestOf, parseDigest, requireDigest } from "./digest.ts";
import { DrydockError } from "./errors.ts";

const HEX64 = "a".repeat(64);
const HEX128 = "b".repeat(128);

// image-spec descriptor.md: digest grammar, registered algorithms sha256 and sha512.
const cases: [string, boolean, string][] = [
  [`sha256:${HEX64}`, true, "sha256 with 64 lowercase hex"],
  [`sha512:${HEX128}`, true, "sha512 with 128 lowercase hex"],
  [`sha256:${"A".repeat(64)}`, false, "uppercase hex is not allowed for sha256"],
  [`sha256:${"a".repeat(63)}`, false, "short"],
  [`sha256:${"a".repeat(65)}`, false, "long"],
  [`sha512:${HEX64}`, false, "sha512 needs 128 hex"],
  [`md5:${"a".repeat(32)}`, false, "unregistered algorithm"],
  [`sha256${HEX64}`, false, "no colon"],
  [`:${HEX64}`, false, "no algorithm"],
  ["sha256:", false, "no encoded part"],
  [`sha256:${"g".repeat(64)}`, false, "not hex"],
  [`SHA256:${HEX64}`, false, "algorithm is lowercase"],
  [`sha256:${HEX64}\n`, false, "trailing newline"],
  ["", false, "empty"],
  [`sha256:../../${"a".repeat(58)}`, false, "path characters"],
];

for (const [input, valid, why] of cases) {
  test(`parseDigest ${valid ? "accepts" : "rejects"}: ${why}`, () => {
    const d = parseDigest(input);
    assert.equal(d !== null, valid);
    if (d) assert.equal(`${d.algorithm}:${d.hex}`, input);
  });
}

test("requireDigest names the missing or invalid digest", () => {
  assert.throws(
    () => requireDigest(undefined, "digest query parameter"),
    (err: unknown) => {
      assert.ok(err instanceof DrydockError);
      assert.equal(err.code, "DIGEST_INVALID");
      assert.match(err.message, /digest query parameter is required/);
      return true;
    },
  );
  assert.throws(() => requireDigest("sha256:zz"), /not a valid sha256 or sha512 digest/);
});

test("digestOf matches known sha256 values", () => {
  assert.equal(
    digestOf(""),
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  assert.equal(
    digestOf("{}"),
    "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
  );
});
