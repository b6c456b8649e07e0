import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { ImageFile, ReadResult } from "../types.ts";
import {
  buildElf,
  dataOffset,
  type ElfFixture,
  framed,
  INFO_END,
  INFO_START,
  inlineBlob,
  pointerBlob,
} from "./fixtures.ts";
import { reader, stdlibVersion } from "./index.ts";

const ctx = { os: null, source: "image" as const };

function run(content: Buffer, path = "/usr/local/bin/app"): ReadResult {
  const file: ImageFile = { path, content, layer: "sha256:l1", mode: 0o100755 };
  return reader.read([file], ctx) as ReadResult;
}

const MODINFO = [
  "path\texample.com/app/cmd/app",
  "mod\texample.com/app\t(devel)\t",
  "dep\tgithub.com/foo/bar/v2\tv2.0.0\th1:abc=",
  "dep\tgolang.org/x/net\tv0.10.0\th1:net=",
  "=>\tgolang.org/x/net\tv0.17.0\th1:net17=",
  "dep\texample.com/local\tv1.0.0",
  "=>\t../local\t\t",
  "build\t-compiler=gc",
  'build\t-ldflags="-s -w"',
  "build\tGOARCH=arm64",
  "build\tGOOS=linux",
  "build\tvcs.revision=0123abc",
  "",
].join("\n");

const EXPECTED_PURLS = [
  "pkg:golang/example.com/app@(devel)",
  "pkg:golang/github.com/foo/bar/v2@v2.0.0",
  "pkg:golang/golang.org/x/net@v0.17.0",
  "pkg:golang/example.com/local@v1.0.0",
  "pkg:golang/stdlib@1.21.5",
];

function goElf(
  is64: boolean,
  le: boolean,
  blob: (sectionOffset: number) => Buffer,
  extra: Partial<ElfFixture> = {},
) {
  return buildElf({
    is64,
    littleEndian: le,
    sections: [{ name: ".go.buildinfo", data: blob(dataOffset(is64)) }],
    ...extra,
  });
}

describe("go-binary: wants", () => {
  const cases: [string, Buffer, boolean][] = [
    ["ELF magic", Buffer.from("\x7fELF\x02\x01\x01", "latin1"), true],
    ["ELF magic, any path", Buffer.from("\x7fELF", "latin1"), true],
    ["shell script", Buffer.from("#!/bin/sh\n"), false],
    ["zip", Buffer.from("PK\x03\x04", "latin1"), false],
    ["short", Buffer.from("\x7fEL", "latin1"), false],
  ];
  for (const [name, head, want] of cases) {
    it(name, () => assert.equal(reader.wants("/x", head), want));
  }
  it("meta", () => {
    assert.equal(reader.meta.id, "go-binary");
    assert.equal(reader.meta.kind, "binary");
    assert.deepEqual(reader.meta.sources, ["image", "dir"]);
  });
});

describe("go-binary: build info formats", () => {
  const cases: { name: string; elf: Buffer }[] = [
    {
      name: "ELF64 LE, inline (Go >= 1.18)",
      elf: goElf(true, true, () => inlineBlob("go1.21.5", framed(MODINFO))),
    },
    {
      name: "ELF64 BE, inline",
      elf: goElf(true, false, () => inlineBlob("go1.21.5", framed(MODINFO), true)),
    },
    {
      name: "ELF32 LE, inline",
      elf: goElf(false, true, () => inlineBlob("go1.21.5", framed(MODINFO))),
    },
    {
      name: "ELF32 LE, pointers (Go < 1.18)",
      elf: goElf(false, true, (off) =>
        pointerBlob("go1.21.5", framed(MODINFO), {
          ptrSize: 4,
          bigEndian: false,
          sectionOffset: off,
        }),
      ),
    },
    {
      name: "ELF32 BE, pointers",
      elf: goElf(false, false, (off) =>
        pointerBlob("go1.21.5", framed(MODINFO), {
          ptrSize: 4,
          bigEndian: true,
          sectionOffset: off,
        }),
      ),
    },
    {
      name: "ELF64 LE, pointers",
      elf: goElf(true, true, (off) =>
        pointerBlob("go1.21.5", framed(MODINFO), {
          ptrSize: 8,
          bigEndian: false,
          sectionOffset: off,
        }),
      ),
    },
    {
      name: "ELF64 BE, pointers",
      elf: goElf(true, false, (off) =>
        pointerBlob("go1.21.5", framed(MODINFO), {
          ptrSize: 8,
          bigEndian: true,
          sectionOffset: off,
        }),
      ),
    },
    {
      name: "stripped section headers: found in the writable PT_LOAD",
      elf: goElf(true, true, () => inlineBlob("go1.21.5", framed(MODINFO)), {
        stripSections: true,
      }),
    },
    {
      name: "blob not first in the data segment (other section named .noptrdata)",
      elf: buildElf({
        is64: true,
        littleEndian: true,
        stripSections: true,
        sections: [
          { name: ".noptrdata", data: Buffer.alloc(100, 0x41) },
          { name: ".data", data: inlineBlob("go1.21.5", framed(MODINFO)) },
        ],
      }),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = run(c.elf);
      assert.deepEqual(r.problems, []);
      assert.deepEqual(
        r.packages.map((p) => p.purl),
        EXPECTED_PURLS,
      );
    });
  }

  it("package fields and metadata", () => {
    const r = run(goElf(true, true, () => inlineBlob("go1.21.5", framed(MODINFO))));
    const [main, bar, net, local, std] = r.packages;
    assert.deepEqual(main, {
      type: "golang",
      name: "example.com/app",
      version: "(devel)",
      purl: "pkg:golang/example.com/app@(devel)",
      path: "/usr/local/bin/app",
      layer: "sha256:l1",
      arch: "arm64",
      metadata: {
        goVersion: "go1.21.5",
        mainModule: true,
        mainPackage: "example.com/app/cmd/app",
        buildSettings: {
          "-compiler": "gc",
          GOARCH: "arm64",
          GOOS: "linux",
          "vcs.revision": "0123abc",
        },
      },
    });
    assert.deepEqual(bar?.metadata, {
      goVersion: "go1.21.5",
      mainModule: "example.com/app",
      sum: "h1:abc=",
    });
    assert.equal(net?.name, "golang.org/x/net");
    assert.equal(net?.version, "v0.17.0");
    assert.deepEqual(net?.metadata?.["replace"], {
      path: "golang.org/x/net",
      version: "v0.17.0",
      sum: "h1:net17=",
    });
    assert.equal(
      local?.version,
      "v1.0.0",
      "a local directory replacement keeps the required version",
    );
    assert.deepEqual(local?.metadata?.["replace"], { path: "../local", version: "", sum: "" });
    assert.equal(std?.name, "stdlib");
    assert.equal(std?.version, "1.21.5");
  });
});

describe("go-binary: degenerate and hostile inputs", () => {
  const noGo = buildElf({
    is64: true,
    littleEndian: true,
    sections: [{ name: ".data", data: Buffer.from("hello, not Go") }],
  });
  const misaligned = buildElf({
    is64: true,
    littleEndian: true,
    stripSections: true,
    sections: [
      {
        name: ".data",
        data: Buffer.concat([Buffer.alloc(3), inlineBlob("go1.21.5", framed(MODINFO))]),
      },
    ],
  });
  const truncVarint = inlineBlob("go1.21.5", framed(MODINFO)).subarray(0, 60);
  const hugeVarint = Buffer.concat([
    inlineBlob("go1.21.5", Buffer.alloc(0)).subarray(0, 32),
    Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]),
  ]);
  const badPtrSize = inlineBlob("go1.21.5", Buffer.alloc(0));
  badPtrSize[14] = 3;
  badPtrSize[15] = 0;
  const danglingPtr = Buffer.alloc(48);
  danglingPtr.write("\xff Go buildinf:", 0, "latin1");
  danglingPtr[14] = 8;
  danglingPtr.writeBigUInt64LE(0xdead0000n, 16);
  danglingPtr.writeBigUInt64LE(0xdead0100n, 24);
  const hugeLenPtr = pointerBlob("go1.21.5", Buffer.alloc(0), {
    ptrSize: 8,
    bigEndian: false,
    sectionOffset: dataOffset(true),
  });
  hugeLenPtr.writeBigUInt64LE(0xffffffffffffn, 40); // version string length
  const unframed = inlineBlob("go1.21.5", Buffer.from("path\tx\nmod\tx\tv1.0.0\t\n"));
  const badLines = framed(
    [
      "mod\texample.com/app\tv1.2.3\th1:x=",
      "dep\tonly-one-column",
      "=>\torphan\tv1\th1:",
      "dep\tok.com/m\tv0.1.0\t",
      "",
    ].join("\n"),
  );
  const cases: { name: string; content: Buffer; purls: string[]; problem?: RegExp }[] = [
    { name: "ELF without Go build info", content: noGo, purls: [] },
    { name: "magic not 16-byte aligned is ignored (like Go)", content: misaligned, purls: [] },
    {
      name: "truncated inline strings",
      content: goElf(true, true, () => truncVarint),
      purls: [],
      problem: /truncated or overlong/,
    },
    {
      name: "varint length beyond the data",
      content: goElf(true, true, () => hugeVarint),
      purls: [],
      problem: /truncated or overlong/,
    },
    {
      name: "bad pointer size",
      content: goElf(true, true, () => badPtrSize),
      purls: [],
      problem: /pointer size 3/,
    },
    {
      name: "pointers to unmapped addresses",
      content: goElf(true, true, () => danglingPtr),
      purls: [],
      problem: /does not resolve/,
    },
    {
      name: "string length beyond the segment",
      content: goElf(true, true, () => hugeLenPtr),
      purls: [],
      problem: /does not resolve/,
    },
    {
      name: "empty version",
      content: goElf(true, true, () => inlineBlob("", Buffer.alloc(0))),
      purls: [],
      problem: /empty Go version/,
    },
    {
      name: "module info without sentinels",
      content: goElf(true, true, () => unframed),
      purls: [],
      problem: /sentinel/,
    },
    {
      name: "version only (GOPATH build): stdlib only",
      content: goElf(true, true, () => inlineBlob("go1.16.15", Buffer.alloc(0))),
      purls: ["pkg:golang/stdlib@1.16.15"],
    },
    {
      name: "malformed lines are skipped, the rest kept",
      content: goElf(true, true, () => inlineBlob("go1.22.0", badLines)),
      purls: [
        "pkg:golang/example.com/app@v1.2.3",
        "pkg:golang/ok.com/m@v0.1.0",
        "pkg:golang/stdlib@1.22.0",
      ],
      problem: /malformed lines/,
    },
    {
      name: "ELF magic then random bytes",
      content: pseudoRandom(4096, true),
      purls: [],
      problem: /malformed ELF/,
    },
    {
      name: "only the magic",
      content: Buffer.from("\x7fELF", "latin1"),
      purls: [],
      problem: /malformed ELF/,
    },
    {
      name: "section table beyond the end",
      content: goElf(true, true, () => inlineBlob("go1.21.5", framed(MODINFO))).subarray(0, 300),
      purls: [],
      problem: /beyond end of file/,
    },
    {
      name: "huge section count",
      content: withShnum(noGo, 0),
      purls: [],
      problem: /malformed ELF/,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = run(c.content);
      assert.deepEqual(
        r.packages.map((p) => p.purl),
        c.purls,
      );
      if (c.problem) {
        assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
        assert.match(r.problems[0]!.reason, c.problem);
        assert.equal(r.problems[0]!.path, "/usr/local/bin/app");
      } else {
        assert.deepEqual(r.problems, []);
      }
    });
  }

  it("sentinels are the real cmd/go ones", () => {
    assert.equal(INFO_START.length, 16);
    assert.equal(INFO_END.length, 16);
  });

  it("many random ELF-looking files never throw", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const base = goElf(seed % 2 === 0, seed % 3 !== 0, () =>
        inlineBlob("go1.21.5", framed(MODINFO)),
      );
      const mutated = Buffer.from(base);
      let x = seed;
      for (let k = 0; k < 8; k++) {
        x = (x * 1103515245 + 12345) >>> 0;
        mutated[4 + (x % (mutated.length - 4))] = x >>> 24;
      }
      const r = run(mutated);
      assert.ok(Array.isArray(r.packages));
    }
  });
});

describe("go-binary: stdlib version", () => {
  const cases: [string, string | null][] = [
    ["go1.21.5", "1.21.5"],
    ["go1.19.8", "1.19.8"],
    ["go1.23.1 X:nocoverageredesign", "1.23.1"],
    ["go1.22rc1", "1.22rc1"],
    ["go1.20", "1.20"],
    ["devel go1.23-abcdef Tue", null],
    ["gccgo", null],
  ];
  for (const [v, want] of cases) it(v, () => assert.equal(stdlibVersion(v), want));
});

const SKOPEO = "/usr/bin/skopeo";
const DOCKER = ["/usr/bin/docker", "/usr/local/bin/docker"].find((p) => existsSync(p));
const KUBECTL = "/usr/bin/kubectl";

describe("go-binary: real binaries on this machine", () => {
  it("skopeo (Debian, GOPATH build: toolchain and main package, no module graph)", {
    skip: !existsSync(SKOPEO),
  }, () => {
    const r = run(readFileSync(SKOPEO), SKOPEO);
    assert.deepEqual(r.problems, []);
    const std = r.packages.find((p) => p.name === "stdlib");
    assert.ok(std);
    assert.match(String(std.metadata?.["goVersion"]), /^go1\./);
    assert.equal(std.metadata?.["mainPackage"], "github.com/containers/skopeo/cmd/skopeo");
    // Debian builds skopeo without modules, so no mod/dep lines are embedded.
    assert.equal(r.packages.filter((p) => p.name !== "stdlib").length, 0);
  });

  it("docker", { skip: !DOCKER }, () => {
    const r = run(readFileSync(DOCKER!), DOCKER);
    assert.deepEqual(r.problems, []);
    const std = r.packages.find((p) => p.name === "stdlib");
    assert.match(String(std?.metadata?.["goVersion"]), /^go1\./);
    assert.equal(std?.metadata?.["mainPackage"], "github.com/docker/cli/cmd/docker");
  });

  it("kubectl (module build with deps)", { skip: !existsSync(KUBECTL) }, () => {
    const r = run(readFileSync(KUBECTL), KUBECTL);
    assert.deepEqual(r.problems, []);
    const main = r.packages.find((p) => p.metadata?.["mainModule"] === true);
    assert.equal(main?.name, "k8s.io/kubernetes");
    assert.ok(
      r.packages.some((p) => p.name === "github.com/spf13/cobra" && /^v1\./.test(p.version)),
    );
    assert.ok(r.packages.length > 20);
    for (const p of r.packages) assert.match(String(p.metadata?.["goVersion"]), /^go1\./);
  });

  it("/bin/ls is not a Go binary", () => {
    const r = run(readFileSync("/bin/ls"), "/bin/ls");
    assert.deepEqual(r, { packages: [], problems: [] });
  });

  it("skopeo truncated to 4 KiB: a problem, no packages", { skip: !existsSync(SKOPEO) }, () => {
    const r = run(readFileSync(SKOPEO).subarray(0, 4096), SKOPEO);
    assert.deepEqual(r.packages, []);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0]!.reason, /malformed ELF/);
  });
});

function pseudoRandom(n: number, elfMagic: boolean): Buffer {
  const b = Buffer.alloc(n);
  let x = 42;
  for (let i = 0; i < n; i++) {
    x = (x * 1664525 + 1013904223) >>> 0;
    b[i] = x >>> 24;
  }
  if (elfMagic) b.write("\x7fELF", 0, "latin1");
  b[4] = 7; // invalid class: random bytes are not an ELF
  return b;
}

/** Sets e_shnum to 0 with a huge count in section 0's sh_size (extended numbering abuse). */
function withShnum(elf: Buffer, shnum: number): Buffer {
  const b = Buffer.from(elf);
  b.writeUInt16LE(shnum, 60);
  const shoff = Number(b.readBigUInt64LE(40));
  b.writeBigUInt64LE(0xfffffffffn, shoff + 32);
  return b;
}
