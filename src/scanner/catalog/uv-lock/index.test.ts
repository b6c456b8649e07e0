import assert from "node:assert/strict";
import { test } from "node:test";
import { lockfileKit, type ProblemCase, type ReadCase } from "../test-kit.ts";
import { reader } from "./index.ts";

const LOCK = "/src/app/uv.lock";
const { read, assertWants, assertReads, assertProblems } = lockfileKit(reader, LOCK);

test("is a directory-only reader wanting uv.lock", () => {
  assertWants([
    ["/src/app/uv.lock", true],
    ["/uv.lock", true],
    ["/src/app/uv.toml", false],
    ["/src/app/myuv.lock", false],
    ["/src/app/.venv/lib/python3.12/site-packages/pkg/uv.lock", false],
  ]);
});

// `uv lock` (0.6+) for a workspace: an editable root, an editable member, a private index,
// a git dependency, a local wheel, a local directory and a direct URL.
const WORKSPACE = `version = 1
revision = 2
requires-python = ">=3.12"
resolution-markers = [
    "sys_platform == 'win32'",
    "sys_platform != 'win32'",
]

[manifest]
members = [
    "app",
    "shared",
]

[[package]]
name = "anyio"
version = "4.6.2.post1"
source = { registry = "https://pypi.org/simple" }
dependencies = [
    { name = "idna" },
    { name = "sniffio" },
]
sdist = { url = "https://files.pythonhosted.org/packages/9f/09/45b9b7a6d4e45c6bcb5bf61d19e3ab87df68e0601fa8c5293de3542546cc/anyio-4.6.2.post1.tar.gz", hash = "sha256:4c8bc31ccdb51c7f7bd251f51c609e038d63e34219b44aa86e47576389880b4c", size = 173422, upload-time = "2024-10-14T14:31:44.021Z" }
wheels = [
    { url = "https://files.pythonhosted.org/packages/e4/f5/f2b75d2fc6f1a260f340f0e7c6a060f4dd2961cc16884ed851b0d18da06a/anyio-4.6.2.post1-py3-none-any.whl", hash = "sha256:6d170c36fba3bdd840c73d3868c1e777e33676a69c3a72cf0a0d5d6d8009b61d", size = 90377, upload-time = "2024-10-14T14:31:42.623Z" },
]

[[package]]
name = "app"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "anyio" },
    { name = "colorama", marker = "sys_platform == 'win32'" },
    { name = "corp-auth" },
    { name = "httpx" },
    { name = "shared" },
]

[package.dev-dependencies]
dev = [
    { name = "local-wheel" },
]

[package.metadata]
requires-dist = [
    { name = "anyio", specifier = ">=4.6" },
    { name = "colorama", marker = "sys_platform == 'win32'" },
    { name = "corp-auth", specifier = ">=2", index = "https://pypi.corp.example/simple" },
    { name = "httpx", git = "https://github.com/encode/httpx?rev=master" },
    { name = "shared", editable = "packages/shared" },
]

[package.metadata.requires-dev]
dev = [{ name = "local-wheel", path = "wheels/local_wheel-1.0.0-py3-none-any.whl" }]

[[package]]
name = "colorama"
version = "0.4.6"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.pythonhosted.org/packages/d8/53/6f443c9a4a8358a93a6792e2acffb9d9d5cb0a5cfd8802644b7b1c9a02e4/colorama-0.4.6.tar.gz", hash = "sha256:08695f5cb7ed6e0531a20572697297273c47b8cae5a63ffc6d6ed5c201be6e44", size = 27697, upload-time = "2022-10-25T02:36:22.414Z" }
wheels = [
    { url = "https://files.pythonhosted.org/packages/d1/d6/3965ed04c63042e047cb6a3e6ed1a63a35087b6a609aa3a15ed8ac56c221/colorama-0.4.6-py2.py3-none-any.whl", hash = "sha256:4f1d9991f5acc0ca119f9d443620b77f9d6b33703e51011c16baf57afb285fc6", size = 25335, upload-time = "2022-10-25T02:36:20.889Z" },
]

[[package]]
name = "corp-auth"
version = "2.3.1"
source = { registry = "https://pypi.corp.example/simple" }
sdist = { url = "https://pypi.corp.example/packages/corp_auth-2.3.1.tar.gz", hash = "sha256:1111111111111111111111111111111111111111111111111111111111111111", size = 4096 }

[[package]]
name = "httpx"
version = "0.28.0.dev0"
source = { git = "https://github.com/encode/httpx?rev=master#326b9431c761e1ef1e00b9f760d1f654c8db48c6" }
dependencies = [
    { name = "anyio" },
]

[[package]]
name = "local-wheel"
version = "1.0.0"
source = { path = "wheels/local_wheel-1.0.0-py3-none-any.whl" }
wheels = [
    { filename = "local_wheel-1.0.0-py3-none-any.whl", hash = "sha256:2222222222222222222222222222222222222222222222222222222222222222" },
]

[[package]]
name = "shared"
source = { editable = "packages/shared" }
dependencies = [
    { name = "vendored" },
    { name = "tarball" },
]

[[package]]
name = "tarball"
version = "1.2.3"
source = { url = "https://example.com/dist/tarball-1.2.3.tar.gz" }
sdist = { hash = "sha256:3333333333333333333333333333333333333333333333333333333333333333" }

[[package]]
name = "vendored"
version = "2.0.0"
source = { directory = "vendor/vendored" }
`;

// A project that is not a package (\`[tool.uv] package = false\`): a virtual root.
const VIRTUAL = `version = 1
requires-python = ">=3.11"

[[package]]
name = "scripts"
version = "0.0.0"
source = { virtual = "." }
dependencies = [
    { name = "pyyaml" },
]

[package.metadata]
requires-dist = [{ name = "pyyaml", specifier = ">=6" }]

[[package]]
name = "pyyaml"
version = "6.0.2"
source = { registry = "https://pypi.org/simple/" }
sdist = { url = "https://files.pythonhosted.org/packages/54/ed/79a089b6be93607fa5cdaedf301d7dfb23af5f25c398d5ead2525b063e17/pyyaml-6.0.2.tar.gz", hash = "sha256:d584d9ec91ad65861cc08d42e834324ef890a082e591037abe114850ff7bbc3e", size = 130631 }
`;

test("reads uv lockfiles", () => {
  const cases: ReadCase[] = [
    {
      name: "workspace: editable and directory sources skipped, other sources in metadata",
      text: WORKSPACE,
      want: [
        "pkg:pypi/anyio@4.6.2.post1",
        "pkg:pypi/colorama@0.4.6",
        'pkg:pypi/corp-auth@2.3.1 {"source":{"registry":"https://pypi.corp.example/simple"}}',
        'pkg:pypi/httpx@0.28.0.dev0 {"source":{"git":"https://github.com/encode/httpx?rev=master#326b9431c761e1ef1e00b9f760d1f654c8db48c6"}}',
        'pkg:pypi/local-wheel@1.0.0 {"source":{"path":"wheels/local_wheel-1.0.0-py3-none-any.whl"}}',
        'pkg:pypi/tarball@1.2.3 {"source":{"url":"https://example.com/dist/tarball-1.2.3.tar.gz"}}',
      ],
    },
    { name: "virtual root", text: VIRTUAL, want: ["pkg:pypi/pyyaml@6.0.2"] },
    { name: "CRLF", text: VIRTUAL.replace(/\n/g, "\r\n"), want: ["pkg:pypi/pyyaml@6.0.2"] },
    { name: "empty", text: 'version = 1\nrequires-python = ">=3.12"\n', want: [] },
  ];
  assertReads(cases, "pypi");
});

test("malformed content is a problem naming the line; good entries are kept", () => {
  const REG = 'source = { registry = "https://pypi.org/simple" }';
  const cases: ProblemCase[] = [
    {
      name: "an inline table left open",
      text: `version = 1\n\n[[package]]\nname = "a"\nversion = "1.0"\nsource = { registry = "https://pypi.org/simple"\n\n[[package]]\nname = "b"\nversion = "2.0"\n${REG}\n`,
      reasons: [/^line 6: unterminated inline table/],
      want: ["pkg:pypi/b@2.0"],
    },
    {
      name: "missing version on a registry package; bad source",
      text: `[[package]]\nname = "a"\n${REG}\n\n[[package]]\nname = "b"\nversion = "1.0"\nsource = "pypi"\n\n[[package]]\nname = "c"\nversion = "3.0"\n${REG}\n`,
      reasons: [/^line 1: a has no version/, /^line 5: b: source is not a table/],
      want: ["pkg:pypi/c@3.0"],
    },
    {
      name: "duplicate keys",
      text: `[[package]]\nname = "a"\nname = "b"\nversion = "1.0"\n${REG}\n`,
      reasons: [/^line 3: duplicate key name/],
      want: [],
    },
    { name: "binary", text: Buffer.from("version = 1\n\0\0"), reasons: [/binary/], want: [] },
  ];
  assertProblems(cases);
});

test("hostile content: many entries, deep inline tables", () => {
  let big = "version = 1\n";
  for (let i = 0; i < 10_000; i++)
    big += `\n[[package]]\nname = "p${i}"\nversion = "1.0.${i}"\nsource = { registry = "https://pypi.org/simple" }\nwheels = [\n    { url = "https://files.example/p${i}.whl", hash = "sha256:${"0".repeat(64)}", size = ${i} },\n]\n`;
  const r = read(big);
  assert.deepEqual(r.problems, []);
  assert.equal(r.packages.length, 10_000);
  const deep = read(`x = ${"{ a = ".repeat(10_000)}1${" }".repeat(10_000)}\n`);
  assert.equal(deep.problems.length, 1);
  assert.match(deep.problems[0]!.reason, /nested deeper/);
});
