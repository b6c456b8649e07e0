import assert from "node:assert/strict";
import { test } from "node:test";
import type { ImageFile, ReadResult } from "../types.ts";
import { reader } from "./index.ts";

const ctx = { os: null, source: "image" } as const;
const PATH = "/app/MyApp.deps.json";
const file = (content: string | Buffer): ImageFile => ({
  path: PATH,
  content: typeof content === "string" ? Buffer.from(content) : content,
  layer: "sha256:ee",
  mode: 0o100644,
});
const read = (content: string | Buffer) => reader.read([file(content)], ctx) as ReadResult;
const purls = (r: ReadResult) => r.packages.map((p) => p.purl);

test("wants *.deps.json only", () => {
  const cases: [string, boolean][] = [
    ["/app/MyApp.deps.json", true],
    ["/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.0/Microsoft.NETCore.App.deps.json", true],
    ["/app/.deps.json", false],
    ["/app/MyApp.runtimeconfig.json", false],
    ["/app/MyApp.deps.json.bak", false],
    ["/app/deps.json", false],
  ];
  for (const [path, want] of cases) assert.equal(reader.wants(path, Buffer.alloc(0)), want, path);
});

// Shaped like what `dotnet publish` writes.
const DEPS = {
  runtimeTarget: { name: ".NETCoreApp,Version=v8.0", signature: "" },
  compilationOptions: {},
  targets: {
    ".NETCoreApp,Version=v8.0": {
      "MyApp/1.0.0": {
        dependencies: { "Newtonsoft.Json": "13.0.3", MyLib: "1.0.0" },
        runtime: { "MyApp.dll": {} },
      },
      "Newtonsoft.Json/13.0.3": {
        runtime: { "lib/net6.0/Newtonsoft.Json.dll": { assemblyVersion: "13.0.0.0" } },
      },
      "MyLib/1.0.0": { runtime: { "MyLib.dll": {} } },
    },
  },
  libraries: {
    "MyApp/1.0.0": { type: "project", serviceable: false, sha512: "" },
    "Newtonsoft.Json/13.0.3": {
      type: "package",
      serviceable: true,
      sha512:
        "sha512-HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ==",
      path: "newtonsoft.json/13.0.3",
      hashPath: "newtonsoft.json.13.0.3.nupkg.sha512",
    },
    "MyLib/1.0.0": { type: "project", serviceable: false, sha512: "" },
    "System.Text.Json/8.0.0-preview.1.23110.8": { type: "package", serviceable: true, sha512: "" },
    "runtimepack.Microsoft.NETCore.App.Runtime.linux-x64/8.0.0": { type: "runtimepack" },
    "Microsoft.NETCore.App.Ref/8.0.0": { type: "reference" },
  },
};

test("reads package libraries", () => {
  const cases: { name: string; doc: unknown; want: string[] }[] = [
    {
      name: "published app",
      doc: DEPS,
      want: [
        "pkg:nuget/Newtonsoft.Json@13.0.3",
        "pkg:nuget/System.Text.Json@8.0.0-preview.1.23110.8",
      ],
    },
    {
      name: "ids differing in case are one package",
      doc: { libraries: { "A.B/1.0.0": { type: "package" }, "a.b/1.0.0": { type: "package" } } },
      want: ["pkg:nuget/A.B@1.0.0"],
    },
    { name: "no libraries", doc: { targets: {} }, want: [] },
  ];
  for (const c of cases) {
    const r = read(JSON.stringify(c.doc));
    assert.deepEqual(r.problems, [], c.name);
    assert.deepEqual(purls(r), c.want, c.name);
    for (const p of r.packages) {
      assert.equal(p.type, "nuget");
      assert.equal(p.path, PATH);
      assert.equal(p.layer, "sha256:ee");
    }
  }
  const nj = read(JSON.stringify(DEPS)).packages[0]!;
  assert.equal(nj.name, "Newtonsoft.Json");
  assert.equal(nj.version, "13.0.3");
  assert.match(String(nj.metadata?.["sha512"]), /^sha512-/);
});

test("malformed content is a problem; good entries are kept", () => {
  const cases: { name: string; content: string | Buffer; reasons: RegExp[]; want: string[] }[] = [
    { name: "invalid json", content: "{,}", reasons: [/invalid JSON/], want: [] },
    { name: "array", content: "[]", reasons: [/not a JSON object/], want: [] },
    {
      name: "libraries is a list",
      content: '{"libraries":[]}',
      reasons: [/libraries is not an object/],
      want: [],
    },
    {
      name: "binary",
      content: Buffer.from([0x4d, 0x5a, 0, 0]),
      reasons: [/invalid JSON/],
      want: [],
    },
    {
      name: "bad keys",
      content: JSON.stringify({
        libraries: {
          NoVersion: { type: "package" },
          "Trailing/": { type: "package" },
          "/1.0": { type: "package" },
          "Bad/Key/1.0": { type: "package" },
          "Scalar/1.0": "package",
          "Good/2.0": { type: "package" },
        },
      }),
      reasons: [
        /"NoVersion" is not Name\/Version/,
        /"Trailing\/"/,
        /"\/1.0"/,
        /"Bad\/Key\/1.0"/,
        /"Scalar\/1.0"\] is not an object/,
      ],
      want: ["pkg:nuget/Good@2.0"],
    },
  ];
  for (const c of cases) {
    const r = read(c.content);
    assert.equal(r.problems.length, c.reasons.length, `${c.name}: ${JSON.stringify(r.problems)}`);
    c.reasons.forEach((re, i) => {
      assert.match(r.problems[i]!.reason, re, c.name);
    });
    for (const p of r.problems) assert.equal(p.path, PATH);
    assert.deepEqual(purls(r), c.want, c.name);
  }
});

test("hostile content: deep nesting", () => {
  const r = read(`{"libraries":{"a/1":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`);
  assert.equal(r.packages.length, 0);
  assert.equal(r.problems.length, 1);
});
