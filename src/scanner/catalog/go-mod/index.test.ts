import assert from "node:assert/strict";
import { test } from "node:test";
import { lockfileKit, type ProblemCase, type ReadCase } from "../test-kit.ts";
import { reader } from "./index.ts";

const MOD = "/src/app/go.mod";
const { read, assertWants, assertReads, assertProblems } = lockfileKit(reader, MOD);

test("is a directory-only reader wanting go.mod", () => {
  assertWants([
    ["/src/app/go.mod", true],
    ["/go.mod", true],
    ["/src/app/tools/go.mod", true],
    ["/src/app/go.sum", false],
    ["/src/app/go.work", false],
    ["/src/app/xgo.mod", false],
    ["/root/go/pkg/mod/github.com/spf13/cobra@v1.8.0/go.mod", false],
    ["/src/app/vendor/github.com/x/y/go.mod", false],
  ]);
});

// As `go mod tidy` (Go 1.21+) leaves it: two require blocks (direct, then indirect), a toolchain
// line, replaces in a block and on one line, exclude and retract.
const TIDY = `module github.com/example/service

go 1.21

toolchain go1.21.5

require (
	github.com/gin-gonic/gin v1.9.1
	github.com/google/uuid v1.4.0
	github.com/example/shared v0.3.0
	golang.org/x/net v0.17.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/bytedance/sonic v1.9.1 // indirect
	github.com/go-playground/validator/v10 v10.14.0 // indirect
	golang.org/x/sys v0.13.0 // indirect; pinned for CVE-2022-29526
	golang.org/x/text v0.13.0 // indirect
)

replace (
	// Use our fork until upstream merges the fix.
	golang.org/x/net => github.com/example/net v0.17.1-0.20231012000000-abcdef123456
	github.com/example/shared => ../shared
)

replace gopkg.in/yaml.v3 v3.0.1 => gopkg.in/yaml.v3 v3.0.2

// Only this version of sys is replaced; the require above is v0.13.0.
replace golang.org/x/sys v0.12.0 => golang.org/x/sys v0.14.0

exclude golang.org/x/text v0.3.7

retract [v1.0.0, v1.0.5] // published by mistake
`;

// An older module (Go 1.16): one-line requires, +incompatible, a quoted path, no toolchain.
const OLD = `module "example.com/legacy"

go 1.16

require github.com/docker/docker v20.10.24+incompatible
require "github.com/pkg/errors" v0.9.1
require github.com/sirupsen/logrus v1.9.3 // indirect
`;

test("reads go.mod files", () => {
  const cases: ReadCase[] = [
    {
      name: "tidy output with blocks and replaces",
      text: TIDY,
      want: [
        'pkg:golang/github.com/bytedance/sonic@v1.9.1 {"indirect":true}',
        'pkg:golang/github.com/example/shared {"replace":{"path":"../shared"},"requiredVersion":"v0.3.0"}',
        "pkg:golang/github.com/gin-gonic/gin@v1.9.1",
        'pkg:golang/github.com/go-playground/validator/v10@v10.14.0 {"indirect":true}',
        "pkg:golang/github.com/google/uuid@v1.4.0",
        'pkg:golang/golang.org/x/net@v0.17.1-0.20231012000000-abcdef123456 {"replace":{"path":"github.com/example/net","version":"v0.17.1-0.20231012000000-abcdef123456"}}',
        'pkg:golang/golang.org/x/sys@v0.13.0 {"indirect":true}',
        'pkg:golang/golang.org/x/text@v0.13.0 {"indirect":true}',
        'pkg:golang/gopkg.in/yaml.v3@v3.0.2 {"replace":{"path":"gopkg.in/yaml.v3","version":"v3.0.2"}}',
        'pkg:golang/stdlib@1.21.5 {"goDirective":"1.21","toolchain":"go1.21.5","mainModule":"github.com/example/service"}',
      ],
    },
    {
      name: "old style: one-line requires, quoted paths, stdlib from the go line",
      text: OLD,
      want: [
        "pkg:golang/github.com/docker/docker@v20.10.24%2Bincompatible",
        "pkg:golang/github.com/pkg/errors@v0.9.1",
        'pkg:golang/github.com/sirupsen/logrus@v1.9.3 {"indirect":true}',
        'pkg:golang/stdlib@1.16 {"goDirective":"1.16","mainModule":"example.com/legacy"}',
      ],
    },
    {
      name: "CRLF line ends",
      text: OLD.replace(/\n/g, "\r\n"),
      want: [
        "pkg:golang/github.com/docker/docker@v20.10.24%2Bincompatible",
        "pkg:golang/github.com/pkg/errors@v0.9.1",
        'pkg:golang/github.com/sirupsen/logrus@v1.9.3 {"indirect":true}',
        'pkg:golang/stdlib@1.16 {"goDirective":"1.16","mainModule":"example.com/legacy"}',
      ],
    },
    {
      name: "newer directives are skipped; go 1.24.0 without toolchain",
      text: "module m\n\ngo 1.24.0\n\ngodebug (\n\tdefault=go1.21\n\tpanicnil=1\n)\n\ntool golang.org/x/tools/cmd/stringer\n\nignore ./node_modules\n\nrequire golang.org/x/tools v0.30.0\n",
      want: [
        "pkg:golang/golang.org/x/tools@v0.30.0",
        'pkg:golang/stdlib@1.24.0 {"goDirective":"1.24.0","mainModule":"m"}',
      ],
    },
    { name: "module line only", text: "module example.com/empty\n", want: [] },
    { name: "empty require block", text: "module m\nrequire ()\n", want: [] },
  ];
  assertReads(cases, "golang");
  const local = read(TIDY).packages.find((p) => p.name === "github.com/example/shared");
  assert.equal(local?.version, "", "a local replacement has no version to match on");
});

test("malformed lines are problems naming the line; good lines are kept", () => {
  const cases: ProblemCase[] = [
    {
      name: "bad require lines",
      text: "module m\n\nrequire (\n\tgithub.com/a/b\n\tgithub.com/c/d v1.0.0\n\tgithub.com/e/f 1.0.0\n\tgithub.com/g/h v1.0.0 extra\n)\n",
      reasons: [
        /^line 4: usage: require/,
        /^line 6: invalid version "1.0.0" of github.com\/e\/f/,
        /^line 7: usage: require/,
      ],
      want: ["pkg:golang/github.com/c/d@v1.0.0"],
    },
    {
      name: "bad replaces",
      text: "module m\nrequire github.com/a/b v1.0.0\nreplace github.com/a/b => github.com/fork/b\nreplace github.com/a/b => ../b v1.0.0\nreplace github.com/a/b\n",
      reasons: [
        /^line 3: replacement module github.com\/fork\/b has no version/,
        /^line 4: a local replacement \.\.\/b takes no version/,
        /^line 5: usage: replace/,
      ],
      want: ["pkg:golang/github.com/a/b@v1.0.0"],
    },
    {
      name: "an unclosed block",
      text: "module m\n\ngo 1.22\n\nrequire (\n\tgithub.com/a/b v1.0.0\n",
      reasons: [/^line 5: require block is not closed/],
      want: [
        "pkg:golang/github.com/a/b@v1.0.0",
        'pkg:golang/stdlib@1.22 {"goDirective":"1.22","mainModule":"m"}',
      ],
    },
    {
      name: "bad go and toolchain lines, an unterminated string",
      text: 'module m\ngo 1.x\ntoolchain 1.21.5\nrequire "github.com/a/b v1.0.0\nrequire github.com/c/d v1.2.3\n',
      reasons: [
        /^line 2: invalid go version "1.x"/,
        /^line 3: invalid toolchain "1.21.5"/,
        /^line 4: unterminated string/,
      ],
      want: ["pkg:golang/github.com/c/d@v1.2.3"],
    },
    {
      name: "binary",
      text: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]),
      reasons: [/binary/],
      want: [],
    },
  ];
  assertProblems(cases);
});

test("hostile content: many requires, long lines", () => {
  let big = "module m\n\nrequire (\n";
  for (let i = 0; i < 50_000; i++) big += `\texample.com/m${i} v1.0.${i}\n`;
  big += ")\n";
  const r = read(big);
  assert.deepEqual(r.problems, []);
  assert.equal(r.packages.length, 50_000);
  const long = read(`module m\nrequire ${"a".repeat(2_000_000)} v1.0.0\n`);
  assert.equal(long.packages.length, 0);
  assert.equal(long.problems.length, 1);
});
