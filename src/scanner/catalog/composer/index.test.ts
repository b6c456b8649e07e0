import assert from "node:assert/strict";
import { test } from "node:test";
import type { ImageFile, ReadResult } from "../types.ts";
import { reader } from "./index.ts";

const ctx = { os: null, source: "image" } as const;
const PATH = "/var/www/html/vendor/composer/installed.json";
const file = (content: string | Buffer, path = PATH): ImageFile => ({
  path,
  content: typeof content === "string" ? Buffer.from(content) : content,
  layer: "sha256:dd",
  mode: 0o100644,
});
const read = (content: string | Buffer) => reader.read([file(content)], ctx) as ReadResult;
const summary = (r: ReadResult) =>
  r.packages.map(
    (p) =>
      `${p.purl}${p.licenses ? ` ${p.licenses.join("|")}` : ""}${p.metadata ? ` ${JSON.stringify(p.metadata)}` : ""}`,
  );

test("wants vendor/composer/installed.json only", () => {
  const cases: [string, boolean][] = [
    [PATH, true],
    ["/app/vendor/composer/installed.json", true],
    ["/app/vendor/composer/installed.php", false],
    ["/app/composer.lock", false],
    ["/app/vendor/x/installed.json", false],
    ["/app/vendor/composer/installed.json.bak", false],
  ];
  for (const [path, want] of cases) assert.equal(reader.wants(path, Buffer.alloc(0)), want, path);
});

const PACKAGES = [
  {
    name: "symfony/console",
    version: "v5.4.3",
    version_normalized: "5.4.3.0",
    type: "library",
    license: ["MIT"],
  },
  { name: "monolog/monolog", version: "2.9.1", license: ["MIT", "MIT"] },
  { name: "phpunit/phpunit", version: "9.6.0", license: ["BSD-3-Clause"] },
  { name: "acme/private", version: "dev-main" },
];

test("reads both Composer formats", () => {
  const cases: { name: string; doc: unknown; want: string[] }[] = [
    {
      name: "Composer 1: an array",
      doc: PACKAGES,
      want: [
        "pkg:composer/symfony/console@v5.4.3 MIT",
        "pkg:composer/monolog/monolog@2.9.1 MIT",
        "pkg:composer/phpunit/phpunit@9.6.0 BSD-3-Clause",
        "pkg:composer/acme/private@dev-main",
      ],
    },
    {
      name: "Composer 2: packages + dev-package-names",
      doc: { packages: PACKAGES, dev: true, "dev-package-names": ["phpunit/phpunit"] },
      want: [
        "pkg:composer/symfony/console@v5.4.3 MIT",
        "pkg:composer/monolog/monolog@2.9.1 MIT",
        'pkg:composer/phpunit/phpunit@9.6.0 BSD-3-Clause {"dev":true}',
        "pkg:composer/acme/private@dev-main",
      ],
    },
    {
      name: "empty Composer 2",
      doc: { packages: [], dev: true, "dev-package-names": [] },
      want: [],
    },
    { name: "empty Composer 1", doc: [], want: [] },
  ];
  for (const c of cases) {
    const r = read(JSON.stringify(c.doc));
    assert.deepEqual(r.problems, [], c.name);
    assert.deepEqual(summary(r), c.want, c.name);
    for (const p of r.packages) {
      assert.equal(p.type, "composer");
      assert.equal(p.path, PATH);
      assert.equal(p.layer, "sha256:dd");
    }
  }
});

test("malformed content is a problem; good entries are kept", () => {
  const cases: { name: string; content: string | Buffer; reasons: RegExp[]; want: string[] }[] = [
    { name: "invalid json", content: "{", reasons: [/invalid JSON/], want: [] },
    {
      name: "object without packages",
      content: '{"a":1}',
      reasons: [/neither an array/],
      want: [],
    },
    { name: "binary", content: Buffer.from([0xff, 0xfe, 0]), reasons: [/invalid JSON/], want: [] },
    {
      name: "bad entries",
      content: JSON.stringify({
        packages: [
          1,
          { version: "1.0" },
          { name: "a/b" },
          { name: "nosl", version: "1" },
          { name: "a/b/c", version: "1" },
          { name: "ok/ok", version: "1.0.0", license: "MIT" },
        ],
      }),
      reasons: [
        /packages\[0\] is not an object/,
        /packages\[1\] has no name/,
        /packages\[2\] \(a\/b\) has no version/,
        /packages\[3\] has an invalid name/,
        /packages\[4\] has an invalid name/,
      ],
      want: ["pkg:composer/ok/ok@1.0.0 MIT"],
    },
  ];
  for (const c of cases) {
    const r = read(c.content);
    assert.equal(r.problems.length, c.reasons.length, `${c.name}: ${JSON.stringify(r.problems)}`);
    c.reasons.forEach((re, i) => {
      assert.match(r.problems[i]!.reason, re, c.name);
    });
    for (const p of r.problems) assert.equal(p.path, PATH);
    assert.deepEqual(summary(r), c.want, c.name);
  }
});

test("hostile content: deep nesting and a large file", () => {
  const deep = read(`{"packages":${"[".repeat(100_000)}${"]".repeat(100_000)}}`);
  assert.equal(deep.packages.length, 0);
  const many = Array.from({ length: 50_000 }, (_, i) => ({ name: `v/p${i}`, version: `1.0.${i}` }));
  const r = read(JSON.stringify({ packages: many }));
  assert.deepEqual(r.problems, []);
  assert.equal(r.packages.length, 50_000);
});
