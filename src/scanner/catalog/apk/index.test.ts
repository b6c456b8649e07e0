import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ImageFile, OsInfo, ReadResult } from "../types.ts";
import { parseInstalled, reader } from "./index.ts";

const ALPINE: OsInfo = {
  id: "alpine",
  versionId: "3.20.1",
  versionCodename: null,
  prettyName: "Alpine Linux v3.20",
  idLike: [],
};
const WOLFI: OsInfo = {
  id: "wolfi",
  versionId: "20230201",
  versionCodename: null,
  prettyName: "Wolfi",
  idLike: [],
};

const DB = "/lib/apk/db/installed";
const file = (text: string, path = DB): ImageFile => ({
  path,
  content: Buffer.from(text, "utf8"),
  layer: "sha256:22",
  mode: 0o100644,
});
const read = async (files: ImageFile[], os: OsInfo | null = ALPINE): Promise<ReadResult> =>
  reader.read(files, { os, source: "image" });

// Shaped like a real alpine:3.20 /lib/apk/db/installed (checksums shortened).
const INSTALLED = `C:Q1/Y3Zq8VfFw1NQb4ymZ8uyqKz3fv4=
P:musl
V:1.2.5-r0
A:x86_64
S:411323
I:655360
T:the musl c library (libc) implementation
U:https://musl.libc.org/
L:MIT
o:musl
m:Natanael Copa <ncopa@alpinelinux.org>
t:1711721234
c:5ab3d1d2e1d4b63a9d0ab9c4d3f6d3d1d0d1d2d3
p:so:libc.musl-x86_64.so.1=1
F:lib
R:ld-musl-x86_64.so.1
a:0:0:755
Z:Q1rB6bwFgA4sZ0eVbbw4L2rWfXv7g=
R:libc.musl-x86_64.so.1
a:0:0:777
Z:Q17yJ3JFNypA4mxhJJr0ou6CzsJVI=

C:Q1tGdr2Xk2+X3Mv6aw7cDuqCDbdFw=
P:busybox
V:1.36.1-r29
A:x86_64
S:516006
I:946176
T:Size optimized toolbox of many common UNIX utilities
U:https://busybox.net/
L:GPL-2.0-only
o:busybox
m:Sören Tempel <soeren+alpine@soeren-tempel.net>
t:1716227437
c:2b7d1b1c8f6f7a5f61e2a2ab2ad0e9cbdbb1aeb9
D:so:libc.musl-x86_64.so.1
p:/bin/sh cmd:busybox=1.36.1-r29 cmd:sh=1.36.1-r29
r:busybox-initscripts
F:bin
R:busybox
a:0:0:755
Z:Q1WUwBY0eOGgzhVxTZxu/ntelqeSM=
R:sh
a:0:0:777
Z:Q1pcfTfDNEbNKQc2s1tia7da05M8Q=
F:etc
R:securetty
Z:Q1mB95Hq2NUTZ599RDiSsj9w5FrOU=
F:usr
M:0:0:755
F:usr/share
F:usr/share/udhcpc
R:default.script
a:0:0:755
Z:Q1HWpG3eQHiiJKc5M7MITbAxRwR4w=

C:Q1Dj5yR3u9bVFyq5x9O4t8h1gR0GA=
P:libcrypto3
V:3.3.1-r0
A:x86_64
S:1757616
I:4931584
T:Crypto library from openssl
U:https://www.openssl.org/
L:Apache-2.0
o:openssl
m:Ariadne Conill <ariadne@dereferenced.org>
t:1717600000
c:1c6bd2e1c6a2c6f2c6c5b6e2a9f8d7c6b5a4f3e2
D:so:libc.musl-x86_64.so.1
p:so:libcrypto.so.3=3
F:usr
F:usr/lib
R:libcrypto.so.3
a:0:0:755
Z:Q1ToLZkM4x2b6sTPhrWrsfGTs1yA=
F:usr/lib/engines-3
R:afalg.so
Z:Q1S3Cc1MPA6Qw0ePs6M9Rk1P+0ZcE=

C:Q1U6Vvsb2LrwSZLGxyGq8tV9tHbD0=
P:py3-urllib3
V:1.26.18-r1
A:noarch
S:108000
I:556000
T:HTTP library with thread-safe connection pooling, file post, and more
U:https://github.com/urllib3/urllib3
L:MIT
o:py3-urllib3
m:Natanael Copa <ncopa@alpinelinux.org>
t:1717700000
c:3c4f4a2b1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e
F:usr/lib/python3.12/site-packages/urllib3
R:__init__.py
Z:Q1abcdefabcdefabcdefabcdefabcdef=

C:Q1aoCZUzIyRZ2IuK0Tn/3NcUcJLs0=
P:alpine-baselayout-data
V:3.6.5-r0
A:x86_64
S:11000
I:77824
T:Alpine base dir structure and init scripts
U:https://git.alpinelinux.org/cgit/aports/tree/main/alpine-baselayout
L:GPL-2.0-only
o:alpine-baselayout
m:Natanael Copa <ncopa@alpinelinux.org>
t:1714981000
c:66187892e05b03a41d08e9acabd19b7576a1c875
r:alpine-baselayout
F:etc
R:fstab
Z:Q11Q7hNe8QpDS531guqCdrXBzoA/o=
R:hosts
Z:Q1Y7dEbdyMGmF7kqjE1m2T8B0Jv0E=
`;

describe("apk: meta and wants", () => {
  it("is named after its folder", () => assert.equal(reader.meta.id, "apk"));
  const cases: [string, boolean][] = [
    ["/lib/apk/db/installed", true],
    ["/usr/lib/apk/db/installed", true],
    ["/lib/apk/db/installed.old", false],
    ["/lib/apk/db/triggers", false],
    ["/lib/apk/db/scripts.tar", false],
    ["/etc/apk/world", false],
    ["/var/lib/apk/db/installed", false],
  ];
  for (const [path, want] of cases) {
    it(`${path} -> ${want}`, () => assert.equal(reader.wants(path, Buffer.alloc(0)), want));
  }
});

describe("apk: a realistic installed database", () => {
  it("reads every package with name, version, arch, origin, license and purl", async () => {
    const r = await read([file(INSTALLED)]);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.packages.map((p) => [p.name, p.version, p.arch, p.source, p.licenses, p.purl]),
      [
        [
          "musl",
          "1.2.5-r0",
          "x86_64",
          { name: "musl", version: "1.2.5-r0" },
          ["MIT"],
          "pkg:apk/alpine/musl@1.2.5-r0?arch=x86_64&distro=alpine-3.20.1",
        ],
        [
          "busybox",
          "1.36.1-r29",
          "x86_64",
          { name: "busybox", version: "1.36.1-r29" },
          ["GPL-2.0-only"],
          "pkg:apk/alpine/busybox@1.36.1-r29?arch=x86_64&distro=alpine-3.20.1",
        ],
        [
          "libcrypto3",
          "3.3.1-r0",
          "x86_64",
          { name: "openssl", version: "3.3.1-r0" },
          ["Apache-2.0"],
          "pkg:apk/alpine/libcrypto3@3.3.1-r0?arch=x86_64&distro=alpine-3.20.1",
        ],
        [
          "py3-urllib3",
          "1.26.18-r1",
          "noarch",
          { name: "py3-urllib3", version: "1.26.18-r1" },
          ["MIT"],
          "pkg:apk/alpine/py3-urllib3@1.26.18-r1?arch=noarch&distro=alpine-3.20.1",
        ],
        [
          "alpine-baselayout-data",
          "3.6.5-r0",
          "x86_64",
          { name: "alpine-baselayout", version: "3.6.5-r0" },
          ["GPL-2.0-only"],
          "pkg:apk/alpine/alpine-baselayout-data@3.6.5-r0?arch=x86_64&distro=alpine-3.20.1",
        ],
      ],
    );
    for (const p of r.packages) {
      assert.equal(p.type, "apk");
      assert.equal(p.path, DB);
      assert.equal(p.layer, "sha256:22");
    }
  });

  it("owned files join each R: with the F: directory above it", async () => {
    const r = await read([file(INSTALLED)]);
    assert.deepEqual(
      [...((r.ownedFiles as ReadonlySet<string> | undefined) ?? [])],
      [
        "/lib/ld-musl-x86_64.so.1",
        "/lib/libc.musl-x86_64.so.1",
        "/bin/busybox",
        "/bin/sh",
        "/etc/securetty",
        "/usr/share/udhcpc/default.script",
        "/usr/lib/libcrypto.so.3",
        "/usr/lib/engines-3/afalg.so",
        "/usr/lib/python3.12/site-packages/urllib3/__init__.py",
        "/etc/fstab",
        "/etc/hosts",
      ],
    );
  });

  it("CRLF line ends and several blank lines read the same", async () => {
    const r = await read([
      file(INSTALLED.replaceAll("\n\n", "\n\n\n \n").replaceAll("\n", "\r\n")),
    ]);
    assert.deepEqual(r.problems, []);
    assert.equal(r.packages.length, 5);
    assert.equal((r.ownedFiles as ReadonlySet<string> | undefined)?.size, 11);
  });
});

describe("apk: records", () => {
  const cases: {
    name: string;
    text: string;
    os?: OsInfo | null;
    purls: string[];
    problems: RegExp[];
  }[] = [
    {
      name: "no OS: alpine namespace, no distro",
      text: "P:zlib\nV:1.3.1-r1\nA:aarch64\no:zlib\n",
      os: null,
      purls: ["pkg:apk/alpine/zlib@1.3.1-r1?arch=aarch64"],
      problems: [],
    },
    {
      name: "wolfi namespace and distro come from os-release",
      text: "P:glibc\nV:2.39-r5\nA:x86_64\no:glibc\n",
      os: WOLFI,
      purls: ["pkg:apk/wolfi/glibc@2.39-r5?arch=x86_64&distro=wolfi-20230201"],
      problems: [],
    },
    {
      name: "no A: gives no arch qualifier; no o: means its own origin",
      text: "P:tzdata\nV:2024a-r1\n",
      purls: ["pkg:apk/alpine/tzdata@2024a-r1?distro=alpine-3.20.1"],
      problems: [],
    },
    {
      name: "version characters are encoded",
      text: "P:ca-certificates-bundle\nV:20240226-r0\nA:x86_64\n\nP:libstdc++\nV:13.2.1_git20240309-r0\nA:x86_64\n",
      purls: [
        "pkg:apk/alpine/ca-certificates-bundle@20240226-r0?arch=x86_64&distro=alpine-3.20.1",
        "pkg:apk/alpine/libstdc%2B%2B@13.2.1_git20240309-r0?arch=x86_64&distro=alpine-3.20.1",
      ],
      problems: [],
    },
    {
      name: "malformed records are problems with their line; the others are read",
      text: [
        "P:nover\nA:x86_64",
        "V:1.0-r0\nA:x86_64",
        "P:good\nV:1.0-r0\nA:x86_64",
        "P:badline\nV:1.0-r0\nthis is not a field",
        "P:dup\nP:dup2\nV:1-r0",
        "P:badfile\nV:1-r0\nF:usr\nR:a/b",
        "P:bad name\nV:1-r0",
        "P:badver\nV:1.0 r0",
      ].join("\n\n"),
      purls: ["pkg:apk/alpine/good@1.0-r0?arch=x86_64&distro=alpine-3.20.1"],
      problems: [
        /^record at line 1 \(nover\): no V: \(version\)$/,
        /^record at line 4: no P: \(name\)$/,
        /^record at line 11 \(badline\): line 13: not an "X:value" line$/,
        /^record at line 15 \(dup\): line 16: duplicate P:$/,
        /^record at line 19 \(badfile\): line 22: bad file name "a\/b"$/,
        /^record at line 24 \(bad name\): bad name "bad name"$/,
        /^record at line 27 \(badver\): bad version "1.0 r0"$/,
      ],
    },
    { name: "empty database", text: "", purls: [], problems: [] },
    {
      name: "binary garbage",
      text: "\u0000\u0001\u0002",
      purls: [],
      problems: [/^record at line 1: line 1: not an "X:value" line$/],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await read([file(c.text)], c.os === undefined ? ALPINE : c.os);
      assert.deepEqual(
        r.packages.map((p) => p.purl),
        c.purls,
      );
      assert.equal(r.problems.length, c.problems.length, JSON.stringify(r.problems));
      c.problems.forEach((re, i) => {
        assert.equal(r.problems[i]!.path, DB);
        assert.match(r.problems[i]!.reason, re);
      });
    });
  }

  it("files of a malformed record are not owned", async () => {
    const r = await read([file("P:x\nF:usr/bin\nR:x\n")]);
    assert.deepEqual([...((r.ownedFiles as ReadonlySet<string> | undefined) ?? [])], []);
    assert.equal(r.problems.length, 1);
  });

  it("R: before any F: is a file in /", () => {
    assert.deepEqual(parseInstalled("P:a\nV:1-r0\nR:top\n")[0]!.files, ["/top"]);
  });

  it("reads /usr/lib/apk/db/installed too", async () => {
    const r = await read([file("P:a\nV:1-r0\n", "/usr/lib/apk/db/installed")]);
    assert.equal(r.packages[0]?.path, "/usr/lib/apk/db/installed");
  });
});
