import assert from "node:assert/strict";
import { test } from "node:test";
import { lockfileKit, type ProblemCase, type ReadCase } from "../test-kit.ts";
import { parseKey, reader } from "./index.ts";

// The reader loads its YAML parser with the first lockfile; from then on it reads synchronously.
await reader.read([], { os: null, source: "dir" });

const LOCK = "/src/app/pnpm-lock.yaml";
const { read, assertWants, assertReads, assertProblems } = lockfileKit(reader, LOCK);

test("is a directory-only reader wanting pnpm-lock.yaml", () => {
  assertWants([
    ["/src/app/pnpm-lock.yaml", true],
    ["/pnpm-lock.yaml", true],
    ["/src/app/node_modules/.pnpm/lock.yaml", false],
    ["/src/app/node_modules/x/pnpm-lock.yaml", false],
    ["/src/app/pnpm-lock.yml", false],
    ["/src/app/pnpm-workspace.yaml", false],
  ]);
});

test("parses package keys of every version", () => {
  const cases: [string, number | null, { name: string; version: string } | null][] = [
    ["/lodash/4.17.21", 5, { name: "lodash", version: "4.17.21" }],
    ["/@babel/core/7.24.0", 5, { name: "@babel/core", version: "7.24.0" }],
    ["/react-dom/17.0.2_react@17.0.2", 5, { name: "react-dom", version: "17.0.2" }],
    ["/@x/y/1.0.0_a@1.0.0+b@2.0.0", 5, { name: "@x/y", version: "1.0.0" }],
    ["registry.example.com/foo/1.0.0", 5, null],
    ["github.com/user/repo/abc123", 5, null],
    ["/lodash@4.17.21", 6, { name: "lodash", version: "4.17.21" }],
    ["/@babel/core@7.24.0", 6, { name: "@babel/core", version: "7.24.0" }],
    ["/react-dom@17.0.2(react@17.0.2)", 6, { name: "react-dom", version: "17.0.2" }],
    ["/@x/y@1.0.0(@p/q@1.0.0)(r@2.0.0)", 6, { name: "@x/y", version: "1.0.0" }],
    ["github.com/user/repo/abc123", 6, null],
    ["lodash@4.17.21", 9, { name: "lodash", version: "4.17.21" }],
    ["@babel/core@7.24.0", 9, { name: "@babel/core", version: "7.24.0" }],
    ["plugin@2.1.0(host@5.0.0)", 9, { name: "plugin", version: "2.1.0" }],
    ["/lodash@4.17.21", null, { name: "lodash", version: "4.17.21" }],
    ["/lodash/4.17.21", null, { name: "lodash", version: "4.17.21" }],
    ["/@s/n/1.0.0", null, { name: "@s/n", version: "1.0.0" }],
    ["", 9, null],
    ["@", 9, null],
  ];
  for (const [key, major, want] of cases)
    assert.deepEqual(parseKey(key, major), want, `${key} v${major}`);
});

const V5 = `lockfileVersion: 5.4

specifiers:
  react: ^17.0.2

dependencies:
  react: 17.0.2

packages:

  /js-tokens/4.0.0:
    resolution: {integrity: sha512-a}
    dev: false

  /loose-envify/1.4.0:
    resolution: {integrity: sha512-b}
    hasBin: true
    dependencies:
      js-tokens: 4.0.0
    dev: true

  /react-dom/17.0.2_react@17.0.2:
    resolution: {integrity: sha512-c}
    peerDependencies:
      react: 17.0.2
    dev: false

  /@types/node/20.1.10:
    resolution: {integrity: sha512-d}
    dev: true

  github.com/user/gitdep/abc123:
    resolution: {tarball: https://codeload.github.com/user/gitdep/tar.gz/abc123}
    name: gitdep
    version: 1.10.0
    dev: false
`;

const V6 = `lockfileVersion: '6.0'

importers:
  .:
    dependencies:
      react-dom:
        specifier: ^17.0.2
        version: 17.0.2(react@17.0.2)
      local:
        specifier: workspace:*
        version: link:packages/local

packages:

  /js-tokens@4.0.0:
    resolution: {integrity: sha512-a}
    dev: false

  /react-dom@17.0.2(react@17.0.2):
    resolution: {integrity: sha512-c}
    dev: false

  /react-dom@17.0.2(react@18.0.0):
    resolution: {integrity: sha512-c}
    dev: true

  /@types/node@20.1.10:
    resolution: {integrity: sha512-d}
    dev: true
`;

const V9 = `lockfileVersion: '9.0'

settings:
  autoInstallPeers: true
  excludeLinksFromLockfile: false

importers:
  .:
    dependencies:
      plugin:
        specifier: ^2.0.0
        version: 2.1.0(host@5.0.0)

packages:

  host@5.0.0:
    resolution: {integrity: sha512-a}

  plugin@2.1.0:
    resolution: {integrity: sha512-b}
    peerDependencies:
      host: '>=4'

  '@scope/util@1.10':
    resolution: {integrity: sha512-c}

  gitdep@https://codeload.github.com/user/gitdep/tar.gz/abc123:
    resolution: {tarball: https://codeload.github.com/user/gitdep/tar.gz/abc123}
    version: 3.0.0

  local@file:packages/local:
    resolution: {directory: packages/local, type: directory}

snapshots:

  host@5.0.0: {}

  plugin@2.1.0(host@5.0.0):
    dependencies:
      host: 5.0.0

  '@scope/util@1.10': {}

  gitdep@https://codeload.github.com/user/gitdep/tar.gz/abc123: {}

  local@file:packages/local: {}
`;

test("reads every lockfile version", () => {
  const cases: ReadCase[] = [
    {
      name: "v5.4",
      text: V5,
      want: [
        'pkg:npm/%40types/node@20.1.10 {"dev":true}',
        "pkg:npm/gitdep@1.10.0",
        "pkg:npm/js-tokens@4.0.0",
        'pkg:npm/loose-envify@1.4.0 {"dev":true}',
        "pkg:npm/react-dom@17.0.2",
      ],
    },
    {
      name: "v6 (a version under two peer sets is one package, prod wins)",
      text: V6,
      want: [
        'pkg:npm/%40types/node@20.1.10 {"dev":true}',
        "pkg:npm/js-tokens@4.0.0",
        "pkg:npm/react-dom@17.0.2",
      ],
    },
    {
      name: "v9 packages + snapshots",
      text: V9,
      want: [
        "pkg:npm/%40scope/util@1.10",
        "pkg:npm/gitdep@3.0.0",
        "pkg:npm/host@5.0.0",
        "pkg:npm/plugin@2.1.0",
      ],
    },
    { name: "no packages", text: "lockfileVersion: '9.0'\nimporters:\n  .: {}\n", want: [] },
    { name: "empty packages", text: "lockfileVersion: '9.0'\npackages: {}\n", want: [] },
  ];
  assertReads(cases);
});

test("malformed content is a problem; good entries are kept", () => {
  const cases: ProblemCase[] = [
    {
      name: "invalid yaml",
      text: "lockfileVersion: '9.0'\npackages: [\n",
      reasons: [/invalid YAML/],
      want: [],
    },
    { name: "a list", text: "- a\n- b\n", reasons: [/not a YAML mapping/], want: [] },
    { name: "binary", text: Buffer.from([0, 1, 2]), reasons: [/binary/], want: [] },
    {
      name: "packages is a list",
      text: "packages:\n  - a\n",
      reasons: [/packages is not a mapping/],
      want: [],
    },
    {
      name: "unreadable keys",
      text: "lockfileVersion: '9.0'\npackages:\n  nonsense: {}\n  ok@1.0.0: {}\n  scalar@1.0.0: x\n  a/b/c@1: {}\n",
      reasons: [
        /"nonsense"\] has no readable/,
        /"scalar@1.0.0"\] is not a mapping/,
        /"a\/b\/c@1"\] has no readable/,
      ],
      want: ["pkg:npm/ok@1.0.0"],
    },
  ];
  assertProblems(cases);
});

test("hostile content: alias bombs, deep nesting, many entries", () => {
  const bomb = `lockfileVersion: '9.0'\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\npackages:\n  a@1.0.0: {}\n`;
  const r = read(bomb);
  assert.ok(r.problems.length + r.packages.length >= 1, "no crash");
  const deep = read(`packages: ${"[".repeat(5_000)}${"]".repeat(5_000)}\n`);
  assert.equal(deep.packages.length, 0);
  assert.equal(deep.problems.length, 1);
  let big = "lockfileVersion: '9.0'\npackages:\n";
  for (let i = 0; i < 20_000; i++)
    big += `  p${i}@1.0.${i}:\n    resolution: {integrity: sha512-x}\n`;
  const r2 = read(big);
  assert.deepEqual(r2.problems, []);
  assert.equal(r2.packages.length, 20_000);
});
