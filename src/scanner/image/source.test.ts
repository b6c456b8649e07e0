import assert from "node:assert/strict";
import { test } from "node:test";
import { digestOf } from "../../core/digest.ts";
import { parseConfig } from "./source.ts";

const diff = digestOf("layer");
const config = {
  architecture: "amd64",
  os: "linux",
  config: { Env: ["PATH=/usr/bin"], Cmd: null, Labels: { a: "b" } },
  rootfs: { type: "layers", diff_ids: [diff] },
  history: [{ created_by: "RUN x", empty_layer: false }],
};
const bytes = (v: unknown) => Buffer.from(JSON.stringify(v));

test("an image config is read with its unknown fields kept (image spec config.md)", () => {
  const parsed = parseConfig(
    bytes({ ...config, "x-vendor": { y: 1 }, created: "2026-01-01T00:00:00Z" }),
    "ref",
  );
  assert.deepEqual(parsed.rootfs.diff_ids, [diff]);
  assert.deepEqual(parsed["x-vendor"], { y: 1 });
  // null is how docker writes an absent list or config.
  assert.equal(parseConfig(bytes({ ...config, config: null }), "ref").config, null);
});

const refused: [string, unknown, string, RegExp][] = [
  ["not JSON", "{", "MANIFEST_INVALID", /not JSON/],
  ["no rootfs", { ...config, rootfs: undefined }, "MANIFEST_INVALID", /rootfs/],
  [
    "diff_ids that are not strings",
    { ...config, rootfs: { type: "layers", diff_ids: [1] } },
    "MANIFEST_INVALID",
    /rootfs\.diff_ids\.0/,
  ],
  [
    "a diff_id that is not a digest",
    { ...config, rootfs: { type: "layers", diff_ids: ["sha256:x"] } },
    "DIGEST_INVALID",
    /not a digest/,
  ],
  [
    "Env that is a string",
    { ...config, config: { Env: "PATH=/" } },
    "MANIFEST_INVALID",
    /config\.Env/,
  ],
  [
    "a label that is a number",
    { ...config, config: { Labels: { a: 1 } } },
    "MANIFEST_INVALID",
    /config\.Labels\.a/,
  ],
  [
    "empty_layer as a string",
    { ...config, history: [{ empty_layer: "yes" }] },
    "MANIFEST_INVALID",
    /history\.0\.empty_layer/,
  ],
  ["os as a number", { ...config, os: 1 }, "MANIFEST_INVALID", /\bos\b/],
  ["an array", [config], "MANIFEST_INVALID", /object/],
];
for (const [why, doc, code, message] of refused) {
  test(`an image config with ${why} is refused with ${code}`, () => {
    const input = typeof doc === "string" ? Buffer.from(doc) : bytes(doc);
    assert.throws(
      () => parseConfig(input, "oci:img"),
      (err: Error & { code?: string }) => err.code === code && message.test(err.message),
    );
  });
}
