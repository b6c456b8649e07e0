import assert from "node:assert/strict";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "node:test";
import type { ImageFile, Package, ReadResult } from "../types.ts";
import { reader } from "./index.ts";

const ctx = { os: null, source: "image" } as const;
const file = (path: string, content: string | Buffer): ImageFile => ({
  path,
  content: typeof content === "string" ? Buffer.from(content) : content,
  layer: "sha256:aa",
  mode: 0o100644,
});
const read = (files: ImageFile[]) => reader.read(files, ctx) as ReadResult;

test("wants only package roots under node_modules", () => {
  const cases: [string, boolean][] = [
    ["/app/node_modules/left-pad/package.json", true],
    ["/app/node_modules/@scope/x/package.json", true],
    ["/node_modules/x/package.json", true],
    ["/app/node_modules/a/node_modules/b/package.json", true],
    ["/app/node_modules/a/node_modules/@s/b/package.json", true],
    ["/app/node_modules/.pnpm/x@1.0.0/node_modules/x/package.json", true],
    ["/app/node_modules/x/lib/package.json", false],
    ["/app/node_modules/x/test/fixtures/node_modules/y/lib/package.json", false],
    ["/app/node_modules/@scope/package.json", false],
    ["/app/node_modules/package.json", false],
    ["/app/package.json", false],
    ["/app/node_modules/@scope/x/y/package.json", false],
    ["/app/node_modules/.cache/package.json", false],
    ["/app/node_modules/@/x/package.json", false],
    ["/app/node_modules/x/package.json.bak", false],
    ["/app/node_modules/x/other.json", false],
    ["/app/xnode_modules/x/package.json", false],
    ["/app/node_modules/x/@scope/y/package.json", false],
  ];
  for (const [path, want] of cases) assert.equal(reader.wants(path, Buffer.alloc(0)), want, path);
});

test("wants is cheap on a very long path", () => {
  const long = `/${"a/".repeat(200_000)}package.json`;
  const t = process.hrtime.bigint();
  assert.equal(reader.wants(long, Buffer.alloc(0)), false);
  assert.ok(process.hrtime.bigint() - t < 100_000_000n);
});

test("reads manifests", () => {
  const cases: {
    name: string;
    path: string;
    json: unknown;
    want: Partial<Package> | null;
  }[] = [
    {
      name: "plain",
      path: "/app/node_modules/left-pad/package.json",
      json: { name: "left-pad", version: "1.3.0", license: "WTFPL" },
      want: {
        name: "left-pad",
        version: "1.3.0",
        purl: "pkg:npm/left-pad@1.3.0",
        licenses: ["WTFPL"],
      },
    },
    {
      name: "scoped",
      path: "/app/node_modules/@babel/core/package.json",
      json: { name: "@babel/core", version: "7.24.0", license: { type: "MIT", url: "x" } },
      want: {
        name: "@babel/core",
        version: "7.24.0",
        purl: "pkg:npm/%40babel/core@7.24.0",
        licenses: ["MIT"],
      },
    },
    {
      name: "legacy licenses array",
      path: "/app/node_modules/old/package.json",
      json: { name: "old", version: "0.1.0", licenses: [{ type: "MIT" }, { type: "Apache-2.0" }] },
      want: { purl: "pkg:npm/old@0.1.0", licenses: ["MIT", "Apache-2.0"] },
    },
    {
      name: "no license",
      path: "/app/node_modules/nolic/package.json",
      json: { name: "nolic", version: "2.0.0-beta.1+build" },
      want: { purl: "pkg:npm/nolic@2.0.0-beta.1%2Bbuild", licenses: undefined },
    },
    {
      name: "aliased folder keeps the real name",
      path: "/app/node_modules/my-alias/package.json",
      json: { name: "real-name", version: "1.0.0" },
      want: { name: "real-name", purl: "pkg:npm/real-name@1.0.0" },
    },
    {
      name: "private workspace without version is skipped",
      path: "/app/node_modules/ws/package.json",
      json: { name: "ws-local", private: true },
      want: null,
    },
  ];
  for (const c of cases) {
    const r = read([file(c.path, JSON.stringify(c.json))]);
    assert.deepEqual(r.problems, [], c.name);
    if (c.want === null) {
      assert.equal(r.packages.length, 0, c.name);
      continue;
    }
    assert.equal(r.packages.length, 1, c.name);
    const p = r.packages[0]!;
    assert.equal(p.type, "npm");
    assert.equal(p.path, c.path);
    assert.equal(p.layer, "sha256:aa");
    for (const [k, v] of Object.entries(c.want))
      assert.deepEqual(p[k as keyof Package], v, `${c.name}: ${k}`);
  }
});

test("malformed manifests are problems and good ones are kept", () => {
  const bad: [string, string | Buffer, RegExp][] = [
    ["invalid json", "{ name: 'x'", /invalid JSON/],
    ["array", "[1,2]", /not a JSON object/],
    ["missing version", '{"name":"x"}', /no version/],
    ["empty version", '{"name":"x","version":"  "}', /no version/],
    ["numeric version", '{"name":"x","version":1}', /no version/],
    ["missing name", '{"version":"1.0.0"}', /no name/],
    ["bad name", '{"name":"a/b/c","version":"1.0.0"}', /invalid name/],
    ["binary", Buffer.from([0, 1, 2, 255, 254]), /invalid JSON/],
    ["empty", "", /invalid JSON/],
    ["deep nesting", `${"[".repeat(200_000)}${"]".repeat(200_000)}`, /not a JSON object|invalid/],
  ];
  for (const [name, content, reason] of bad) {
    const path = `/app/node_modules/${name.replace(/ /g, "-")}/package.json`;
    const r = read([
      file(path, content),
      file("/app/node_modules/ok/package.json", '{"name":"ok","version":"1.0.0"}'),
    ]);
    assert.equal(r.problems.length, 1, name);
    assert.equal(r.problems[0]!.path, path, name);
    assert.match(r.problems[0]!.reason, reason, name);
    assert.deepEqual(
      r.packages.map((p) => p.purl),
      ["pkg:npm/ok@1.0.0"],
      name,
    );
  }
});

test("a BOM is tolerated and a 10 MB minified manifest is read", () => {
  const bom = read([
    file("/a/node_modules/b/package.json", '\ufeff{"name":"b","version":"1.0.0"}'),
  ]);
  assert.equal(bom.packages[0]?.purl, "pkg:npm/b@1.0.0");
  const big = JSON.stringify({
    name: "big",
    version: "9.9.9",
    files: Array.from({ length: 1_000_000 }, (_, i) => `lib/file-${i}.js`),
  });
  assert.ok(big.length > 10_000_000, `only ${big.length} bytes`);
  const r = read([file("/a/node_modules/big/package.json", big)]);
  assert.equal(r.packages[0]?.purl, "pkg:npm/big@9.9.9");
});

test("nested duplicates are kept with their own paths", () => {
  const m = '{"name":"b","version":"1.0.0"}';
  const r = read([
    file("/app/node_modules/b/package.json", m),
    file("/app/node_modules/a/node_modules/b/package.json", m),
    file("/app/node_modules/c/node_modules/b/package.json", '{"name":"b","version":"2.0.0"}'),
  ]);
  assert.deepEqual(
    r.packages.map((p) => `${p.path} ${p.purl}`),
    [
      "/app/node_modules/b/package.json pkg:npm/b@1.0.0",
      "/app/node_modules/a/node_modules/b/package.json pkg:npm/b@1.0.0",
      "/app/node_modules/c/node_modules/b/package.json pkg:npm/b@2.0.0",
    ],
  );
});

// The project's own node_modules, checked against npm's hidden lockfile (node_modules/.package-lock.json),
// which npm writes with one entry per installed package folder.
test("the project's own node_modules: exactly what npm installed", () => {
  const root = resolve(import.meta.dirname, "../../../..");
  const nm = join(root, "node_modules");
  const files: ImageFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = lstatSync(path);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) walk(path);
      else if (name === "package.json") {
        const abs = `/app${path.slice(root.length)}`;
        if (reader.wants(abs, Buffer.alloc(0))) files.push(file(abs, readFileSync(path)));
      }
    }
  };
  walk(nm);
  const r = read(files);
  assert.deepEqual(r.problems, []);
  const got = r.packages
    .map((p) => `${p.path.slice("/app/".length, -"/package.json".length)} ${p.name}@${p.version}`)
    .sort();

  const hidden = JSON.parse(readFileSync(join(nm, ".package-lock.json"), "utf8")) as {
    packages: Record<string, { version?: string; name?: string; link?: boolean }>;
  };
  const want = Object.entries(hidden.packages)
    .filter(([key, v]) => key.startsWith("node_modules/") && !v.link)
    .map(([key, v]) => {
      const name = v.name ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
      return `${key} ${name}@${v.version}`;
    })
    .sort();
  assert.ok(want.length > 50, `only ${want.length} packages in the hidden lockfile`);
  assert.deepEqual(got, want);
});
