import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { test } from "node:test";
import { lockfileKit, type ProblemCase } from "../test-kit.ts";
import { reader } from "./index.ts";

const LOCK = "/src/app/package-lock.json";
const { read, assertWants, assertReads, assertProblems } = lockfileKit(reader, LOCK);

test("is a directory-only reader wanting lockfiles", () => {
  assertWants([
    ["/src/app/package-lock.json", true],
    ["/src/app/npm-shrinkwrap.json", true],
    ["/package-lock.json", true],
    ["/src/app/node_modules/x/package-lock.json", false],
    ["/src/app/node_modules/.package-lock.json", false],
    ["/src/app/package-lock.json.orig", false],
    ["/src/app/my-package-lock.json", false],
    ["/src/app/package.json", false],
  ]);
});

const V1 = {
  name: "app",
  version: "1.0.0",
  lockfileVersion: 1,
  requires: true,
  dependencies: {
    "left-pad": { version: "1.3.0", resolved: "https://r/left-pad-1.3.0.tgz" },
    "@babel/code-frame": {
      version: "7.0.0",
      dev: true,
      dependencies: {
        "js-tokens": { version: "3.0.0", dev: true },
        chalk: { version: "2.4.2", dev: true, dependencies: { "left-pad": { version: "1.0.0" } } },
      },
    },
    "js-tokens": { version: "4.0.0" },
    chalk: { version: "2.4.2" },
    fsevents: { version: "2.3.2", optional: true },
    "my-alias": { version: "npm:@scope/real@2.0.0" },
    local: { version: "file:../local" },
  },
};

const V3 = {
  name: "app",
  version: "1.0.0",
  lockfileVersion: 3,
  requires: true,
  packages: {
    "": { name: "app", version: "1.0.0", workspaces: ["packages/*"] },
    "node_modules/left-pad": { version: "1.3.0", license: "WTFPL" },
    "node_modules/@babel/code-frame": { version: "7.0.0", dev: true },
    "node_modules/@babel/code-frame/node_modules/js-tokens": { version: "3.0.0", dev: true },
    "node_modules/js-tokens": { version: "4.0.0" },
    "node_modules/a/node_modules/js-tokens": { version: "4.0.0", dev: true },
    "node_modules/my-alias": { name: "@scope/real", version: "2.0.0" },
    "node_modules/fsevents": { version: "2.3.2", optional: true },
    "node_modules/ws-pkg": { resolved: "packages/ws-pkg", link: true },
    "packages/ws-pkg": { name: "ws-pkg", version: "0.0.1" },
    "node_modules/gitdep": { version: "1.0.0", resolved: "git+ssh://git@github.com/a/b.git#abc" },
  },
};

test("reads each lockfile version", () => {
  const cases: { name: string; doc: unknown; want: string[] }[] = [
    {
      name: "v1 nested tree, aliases, file: links skipped",
      doc: V1,
      want: [
        'pkg:npm/%40babel/code-frame@7.0.0 {"dev":true}',
        "pkg:npm/%40scope/real@2.0.0",
        "pkg:npm/chalk@2.4.2",
        'pkg:npm/fsevents@2.3.2 {"optional":true}',
        'pkg:npm/js-tokens@3.0.0 {"dev":true}',
        "pkg:npm/js-tokens@4.0.0",
        "pkg:npm/left-pad@1.0.0",
        "pkg:npm/left-pad@1.3.0",
      ],
    },
    {
      name: "v3 packages map: root, links and workspace folders skipped",
      doc: V3,
      want: [
        'pkg:npm/%40babel/code-frame@7.0.0 {"dev":true}',
        "pkg:npm/%40scope/real@2.0.0",
        'pkg:npm/fsevents@2.3.2 {"optional":true}',
        "pkg:npm/gitdep@1.0.0",
        'pkg:npm/js-tokens@3.0.0 {"dev":true}',
        "pkg:npm/js-tokens@4.0.0",
        "pkg:npm/left-pad@1.3.0",
      ],
    },
    {
      name: "v2 carries both; the packages map wins",
      doc: { ...V3, lockfileVersion: 2, dependencies: { ghost: { version: "9.9.9" } } },
      want: [
        'pkg:npm/%40babel/code-frame@7.0.0 {"dev":true}',
        "pkg:npm/%40scope/real@2.0.0",
        'pkg:npm/fsevents@2.3.2 {"optional":true}',
        "pkg:npm/gitdep@1.0.0",
        'pkg:npm/js-tokens@3.0.0 {"dev":true}',
        "pkg:npm/js-tokens@4.0.0",
        "pkg:npm/left-pad@1.3.0",
      ],
    },
    { name: "empty v3", doc: { lockfileVersion: 3, packages: { "": {} } }, want: [] },
    { name: "no dependencies at all", doc: { name: "x", lockfileVersion: 1 }, want: [] },
  ];
  assertReads(cases.map(({ name, doc, want }) => ({ name, text: JSON.stringify(doc), want })));
});

test("malformed lockfiles and entries are problems; good entries are kept", () => {
  const cases: ProblemCase[] = [
    { name: "invalid json", text: '{"lockfileVersion":', reasons: [/invalid JSON/], want: [] },
    { name: "array", text: "[]", reasons: [/not a JSON object/], want: [] },
    {
      name: "string version",
      text: '{"lockfileVersion":"3"}',
      reasons: [/not a number/],
      want: [],
    },
    {
      name: "packages is a string",
      text: '{"lockfileVersion":3,"packages":"x"}',
      reasons: [/neither/],
      want: [],
    },
    {
      name: "bad entries in v3",
      text: JSON.stringify({
        lockfileVersion: 3,
        packages: {
          "node_modules/a": "nope",
          "node_modules/b": {},
          "node_modules/c": { version: "1.0.0" },
          "node_modules/@bad": { version: "1.0.0" },
        },
      }),
      reasons: [
        /"node_modules\/a"\] is not an object/,
        /"node_modules\/b"\] has no version/,
        /invalid package name/,
      ],
      want: ["pkg:npm/c@1.0.0"],
    },
    {
      name: "bad entries in v1",
      text: JSON.stringify({
        lockfileVersion: 1,
        dependencies: { a: 1, b: { dependencies: { c: { version: "1.0.0" } } } },
      }),
      reasons: [/"a" is not an object/, /"b" has no version/],
      want: ["pkg:npm/c@1.0.0"],
    },
  ];
  assertProblems(cases);
});

test("hostile content: a deep v1 tree does not overflow the stack", () => {
  const n = 5_000;
  let text = '{"lockfileVersion":1,"dependencies":';
  for (let i = 0; i < n; i++) text += `{"p${i}":{"version":"1.0.0","dependencies":`;
  text += `{}${"}}".repeat(n)}}`;
  const r = read(text);
  assert.deepEqual(r.problems, []);
  assert.equal(r.packages.length, 5_000);
  const deepJson = read(`${"[".repeat(100_000)}${"]".repeat(100_000)}`);
  assert.equal(deepJson.packages.length, 0);
  assert.equal(deepJson.problems.length, 1);
});

test("the project's own package-lock.json", () => {
  const path = resolve(import.meta.dirname, "../../../../package-lock.json");
  const text = readFileSync(path, "utf8");
  const doc = JSON.parse(text) as {
    packages: Record<string, { version?: string; name?: string; link?: boolean }>;
  };
  const want = new Set(
    Object.entries(doc.packages)
      .filter(([k, v]) => k.includes("node_modules/") && !v.link)
      .map(([k, v]) => `${v.name ?? k.slice(k.lastIndexOf("node_modules/") + 13)}@${v.version}`),
  );
  const r = read(text);
  assert.deepEqual(r.problems, []);
  assert.deepEqual(new Set(r.packages.map((p) => `${p.name}@${p.version}`)), want);
  assert.equal(r.packages.length, want.size);
  assert.ok(
    r.packages.some((p) => p.purl === "pkg:npm/yaml@2.9.1"),
    "yaml is locked",
  );
});
