import assert from "node:assert/strict";
import { test } from "node:test";
import { parseByteRange } from "../registry/blobs.ts";
import { matchRoute, parseContentRange } from "./registry-routes.ts";

const D = `sha256:${"c".repeat(64)}`;

test("routes below /v2/, including names that contain route words", () => {
  assert.deepEqual(matchRoute(""), { kind: "base" });
  assert.deepEqual(matchRoute("_catalog"), { kind: "catalog" });
  assert.deepEqual(matchRoute("a/b/blobs/uploads/"), { kind: "uploads", name: "a/b" });
  assert.deepEqual(matchRoute("a/blobs/uploads/abcdefgh12"), {
    kind: "upload",
    name: "a",
    id: "abcdefgh12",
  });
  assert.deepEqual(matchRoute(`a/blobs/${D}`), { kind: "blob", name: "a", digest: D });
  assert.deepEqual(matchRoute("a/blobs/manifests/latest"), {
    kind: "manifest",
    name: "a/blobs",
    reference: "latest",
  });
  assert.deepEqual(matchRoute("x/tags/list"), { kind: "tags", name: "x" });
  assert.deepEqual(matchRoute(`x/referrers/${D}`), { kind: "referrers", name: "x", digest: D });
  assert.equal(matchRoute("x/unknown"), null);
  assert.throws(() => matchRoute("../x/tags/list"), { code: "NAME_INVALID" });
  assert.throws(() => matchRoute("X/tags/list"), { code: "NAME_INVALID" });
});

// RFC 9110 section 14: byte ranges against a 100-byte blob.
const ranges: [string | undefined, { start: number; end: number } | null | "416"][] = [
  [undefined, null],
  ["bytes=0-9", { start: 0, end: 9 }],
  ["bytes=10-", { start: 10, end: 99 }],
  ["bytes=-10", { start: 90, end: 99 }],
  ["bytes=-1000", { start: 0, end: 99 }],
  ["bytes=50-5000", { start: 50, end: 99 }],
  ["bytes=99-99", { start: 99, end: 99 }],
  ["bytes=100-", "416"],
  ["bytes=10-5", "416"],
  ["bytes=-0", "416"],
  ["bytes=-", "416"],
  ["bytes=0-1,5-6", "416"],
  ["items=0-1", "416"],
];
for (const [header, expected] of ranges) {
  test(`Range ${header ?? "(none)"} on 100 bytes -> ${expected === "416" ? "416" : JSON.stringify(expected)}`, () => {
    if (expected === "416") {
      assert.throws(
        () => parseByteRange(header, 100),
        (err: { code: string; status: number; headers: Record<string, string> }) => {
          assert.equal(err.status, 416);
          assert.equal(err.headers["Content-Range"], "bytes */100");
          return true;
        },
      );
    } else assert.deepEqual(parseByteRange(header, 100), expected);
  });
}

test("Content-Range for chunks: the spec's form and the RFC form", () => {
  assert.equal(parseContentRange(undefined), null);
  assert.deepEqual(parseContentRange("0-99"), { start: 0, end: 99 });
  assert.deepEqual(parseContentRange("bytes 100-199/*"), { start: 100, end: 199 });
  assert.throws(() => parseContentRange("5-1"), { code: "BLOB_UPLOAD_INVALID", status: 416 });
  assert.throws(() => parseContentRange("abc"), { code: "BLOB_UPLOAD_INVALID", status: 416 });
  assert.throws(() => parseContentRange("1-99999999999999999"), {
    code: "BLOB_UPLOAD_INVALID",
    status: 416,
  });
});
