import assert from "node:assert/strict";
import { test } from "node:test";
import { reader as installedReader } from "../composer/index.ts";
import { lockfileKit, type ProblemCase, type ReadCase } from "../test-kit.ts";
import type { ReadResult } from "../types.ts";
import { reader } from "./index.ts";

const LOCK = "/src/app/composer.lock";
const summary = (r: ReadResult) =>
  r.packages
    .map(
      (p) =>
        `${p.purl}${p.licenses ? ` ${p.licenses.join(",")}` : ""}${p.metadata ? ` ${JSON.stringify(p.metadata)}` : ""}`,
    )
    .sort();
const { read, assertWants, assertReads, assertProblems } = lockfileKit(reader, LOCK, summary);

test("is a directory-only reader wanting composer.lock, apart from the installed.json reader", () => {
  const cases: [string, boolean, boolean][] = [
    ["/src/app/composer.lock", true, false],
    ["/composer.lock", true, false],
    ["/src/app/composer.json", false, false],
    ["/src/app/vendor/symfony/console/composer.lock", false, false],
    ["/src/app/vendor/composer/installed.json", false, true],
  ];
  assertWants(cases.map(([path, want]) => [path, want]));
  for (const [path, , installed] of cases)
    assert.equal(installedReader.wants(path, Buffer.alloc(0)), installed, `composer: ${path}`);
});

// As `composer update` (Composer 2.6) writes it, trimmed to the fields that matter.
const LOCKFILE = {
  _readme: [
    "This file locks the dependencies of your project to a known state",
    "Read more about it at https://getcomposer.org/doc/01-basic-usage.md#installing-dependencies",
    "This file is @generated automatically",
  ],
  "content-hash": "3f2a9c1b7d4e5f60718293a4b5c6d7e8",
  packages: [
    {
      name: "guzzlehttp/guzzle",
      version: "7.8.1",
      source: {
        type: "git",
        url: "https://github.com/guzzle/guzzle.git",
        reference: "41042bc7ab002487b876a0683fc8dce04ddce104",
      },
      dist: {
        type: "zip",
        url: "https://api.github.com/repos/guzzle/guzzle/zipball/41042bc7ab002487b876a0683fc8dce04ddce104",
        reference: "41042bc7ab002487b876a0683fc8dce04ddce104",
        shasum: "",
      },
      require: { php: "^7.2.5 || ^8.0", "guzzlehttp/promises": "^1.5.3 || ^2.0.1" },
      type: "library",
      autoload: { "psr-4": { "GuzzleHttp\\": "src/" } },
      license: ["MIT"],
      description: "Guzzle is a PHP HTTP client library",
      time: "2023-12-03T20:35:24+00:00",
    },
    {
      name: "symfony/console",
      version: "v6.4.3",
      source: {
        type: "git",
        url: "https://github.com/symfony/console.git",
        reference: "2aaf83b4de5b9d43b93e4aec6f2f8b676f7c567e",
      },
      type: "library",
      license: ["MIT"],
    },
    {
      name: "acme/internal",
      version: "dev-main",
      source: {
        type: "git",
        url: "git@git.example.com:acme/internal.git",
        reference: "8d1e1c2f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d",
      },
      type: "library",
      license: "proprietary",
    },
    {
      name: "monolog/monolog",
      version: "3.5.0",
      type: "library",
      license: ["MIT", "MIT"],
    },
  ],
  "packages-dev": [
    { name: "phpunit/phpunit", version: "10.5.9", type: "library", license: ["BSD-3-Clause"] },
    { name: "mockery/mockery", version: "V1.6.7", type: "library", license: ["BSD-3-Clause"] },
  ],
  aliases: [],
  "minimum-stability": "stable",
  "stability-flags": [],
  "prefer-stable": false,
  "prefer-lowest": false,
  platform: { php: ">=8.1", "ext-json": "*" },
  "platform-dev": [],
  "plugin-api-version": "2.6.0",
};

test("reads composer.lock", () => {
  const cases: ReadCase[] = [
    {
      name: "packages and packages-dev; leading v stripped; platform not packages",
      text: JSON.stringify(LOCKFILE, null, 4),
      want: [
        "pkg:composer/acme/internal@dev-main proprietary",
        "pkg:composer/guzzlehttp/guzzle@7.8.1 MIT",
        'pkg:composer/mockery/mockery@1.6.7 BSD-3-Clause {"dev":true}',
        "pkg:composer/monolog/monolog@3.5.0 MIT",
        'pkg:composer/phpunit/phpunit@10.5.9 BSD-3-Clause {"dev":true}',
        "pkg:composer/symfony/console@6.4.3 MIT",
      ],
    },
    {
      name: "no dev section",
      text: JSON.stringify({ packages: [{ name: "a/b", version: "1.0.0" }], "packages-dev": null }),
      want: ["pkg:composer/a/b@1.0.0"],
    },
    { name: "nothing locked", text: '{"packages": [], "packages-dev": []}', want: [] },
  ];
  assertReads(cases, "composer");
});

test("malformed content is a problem; good entries are kept", () => {
  const cases: ProblemCase[] = [
    {
      name: "a trailing comma",
      text: '{\n    "packages": [\n        {"name": "a/b", "version": "1.0.0"},\n    ]\n}\n',
      reasons: [/^line 4: invalid JSON/],
      want: [],
    },
    {
      name: "truncated",
      text: '{\n  "packages": [\n',
      reasons: [/^line 3: invalid JSON/],
      want: [],
    },
    { name: "an array", text: "[]", reasons: [/not a JSON object/], want: [] },
    {
      name: "bad entries",
      text: JSON.stringify({
        packages: [
          "a/b",
          { version: "1.0.0" },
          { name: "c/d" },
          { name: "nodash", version: "1.0.0" },
          { name: "e/f", version: 2 },
          { name: "g/h", version: "v2.0.0" },
        ],
        "packages-dev": { name: "x/y" },
      }),
      reasons: [
        /packages\[0\] is not an object/,
        /packages\[1\] has no name/,
        /packages\[2\] \(c\/d\) has no version/,
        /packages\[3\] has an invalid name "nodash"/,
        /packages\[4\] \(e\/f\) has no version/,
        /packages-dev is not an array/,
      ],
      want: ["pkg:composer/g/h@2.0.0"],
    },
    { name: "binary", text: Buffer.from([0xff, 0xfe, 0, 0]), reasons: [/invalid JSON/], want: [] },
  ];
  assertProblems(cases);
});

test("hostile content: deep JSON, many packages", () => {
  const deep = read(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
  assert.equal(deep.packages.length, 0);
  assert.equal(deep.problems.length, 1);
  const many = {
    packages: Array.from({ length: 20_000 }, (_, i) => ({ name: `v/p${i}`, version: `1.0.${i}` })),
  };
  const r = read(JSON.stringify(many));
  assert.deepEqual(r.problems, []);
  assert.equal(r.packages.length, 20_000);
});
