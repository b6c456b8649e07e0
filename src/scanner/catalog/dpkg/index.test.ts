import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ownedAmong } from "../../run-readers.ts";
import type { ImageFile, OsInfo, OwnedFiles, Package, ReadContext, ReadResult } from "../types.ts";
import { parseStanzas } from "./control.ts";
import { reader } from "./index.ts";

const DEBIAN12: OsInfo = {
  id: "debian",
  versionId: "12",
  versionCodename: "bookworm",
  prettyName: "Debian GNU/Linux 12 (bookworm)",
  idLike: [],
};
const UBUNTU: OsInfo = {
  id: "ubuntu",
  versionId: "22.04",
  versionCodename: "jammy",
  prettyName: "Ubuntu 22.04.4 LTS",
  idLike: ["debian"],
};

const file = (path: string, text: string | Buffer): ImageFile => ({
  path,
  content: Buffer.isBuffer(text) ? text : Buffer.from(text, "utf8"),
  layer: "sha256:11",
  mode: 0o100644,
});

const read = async (files: ImageFile[], os: OsInfo | null = DEBIAN12): Promise<ReadResult> =>
  reader.read(files, { os, source: "image" } satisfies ReadContext);

describe("dpkg: meta and wants", () => {
  it("is named after its folder", () => assert.equal(reader.meta.id, "dpkg"));
  const cases: [string, boolean][] = [
    ["/var/lib/dpkg/status", true],
    ["/var/lib/dpkg/status-old", false],
    ["/var/lib/dpkg/available", false],
    ["/var/lib/dpkg/status.d/base-files", true],
    ["/var/lib/dpkg/status.d/libssl3", true],
    ["/var/lib/dpkg/status.d/libssl3.md5sums", false],
    ["/var/lib/dpkg/status.d/", false],
    ["/var/lib/dpkg/status.d/sub/x", false],
    ["/var/lib/dpkg/info/bash.list", true],
    ["/var/lib/dpkg/info/libc6:amd64.list", true],
    ["/var/lib/dpkg/info/bash.md5sums", false],
    ["/var/lib/dpkg/info/bash.postinst", false],
    ["/var/lib/dpkg/info/x/bash.list", false],
    ["/usr/var/lib/dpkg/status", false],
    ["/var/lib/dpkg/status/", false],
  ];
  for (const [path, want] of cases) {
    it(`${path} -> ${want}`, () => assert.equal(reader.wants(path, Buffer.alloc(0)), want));
  }
});

describe("dpkg: control syntax", () => {
  it("continuation lines, blank-line runs, CRLF, case-insensitive names", () => {
    const stanzas = parseStanzas(
      "Package: a\r\nDescription: one\r\n two\r\n .\r\n\r\n\r\n  \r\npackage: b\r\nVERSION: 1\r\n",
    );
    assert.equal(stanzas.length, 2);
    assert.equal(stanzas[0]!.fields.get("description"), "one\ntwo\n.");
    assert.deepEqual(stanzas[0]!.errors, []);
    assert.equal(stanzas[1]!.line, 8);
    assert.equal(stanzas[1]!.fields.get("package"), "b");
    assert.equal(stanzas[1]!.fields.get("version"), "1");
  });
  it("a duplicate field keeps the first value, and what continues it is an error", () => {
    const [first, second] = parseStanzas("X: 1\n more\nX: 2\n after\n\u00a0\nP: q\n\tt\n");
    assert.equal(first!.fields.get("x"), "1\nmore");
    assert.deepEqual(first!.errors, [
      "line 3: duplicate field X",
      "line 4: continuation line without a field",
    ]);
    // A line of only Unicode white space ends a stanza, as a blank one does.
    assert.equal(second!.line, 6);
    assert.equal(second!.fields.get("p"), "q\nt");
  });
  const bad: [string, string][] = [
    [" leading continuation\nPackage: a\n", "line 1: continuation line without a field"],
    ["Package: a\nno colon here\n", 'line 2: not a "Field: value" line'],
    ["Package: a\nbad name: x\n", 'line 2: not a "Field: value" line'],
    ["Package: a\n#Comment: x\n", 'line 2: not a "Field: value" line'],
    ["Package: a\npackage: b\n", "line 2: duplicate field package"],
  ];
  for (const [text, error] of bad) {
    it(`reports ${error}`, () => assert.deepEqual(parseStanzas(text)[0]!.errors, [error]));
  }
});

const stanza = (fields: Record<string, string>): string =>
  `${Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")}\n`;

const base = {
  Package: "bash",
  Status: "install ok installed",
  Priority: "required",
  Architecture: "amd64",
  Version: "5.2.15-2+b2",
  Source: "bash (5.2.15-2)",
  Description:
    "GNU Bourne Again SHell\n Bash is an sh-compatible command language interpreter.\n .\n More.",
};

interface Want {
  name: string;
  version: string;
  arch?: string;
  source: { name: string; version: string };
  purl: string;
}

describe("dpkg: stanzas to packages", () => {
  const cases: {
    name: string;
    text: string;
    os?: OsInfo | null;
    want: Want[];
    problems: RegExp[];
  }[] = [
    {
      name: "binNMU: Source with its own version",
      text: stanza(base),
      want: [
        {
          name: "bash",
          version: "5.2.15-2+b2",
          arch: "amd64",
          source: { name: "bash", version: "5.2.15-2" },
          purl: "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12",
        },
      ],
      problems: [],
    },
    {
      name: "Source without version means the binary's version",
      text: stanza({ ...base, Package: "libc6", Version: "2.36-9+deb12u4", Source: "glibc" }),
      want: [
        {
          name: "libc6",
          version: "2.36-9+deb12u4",
          arch: "amd64",
          source: { name: "glibc", version: "2.36-9+deb12u4" },
          purl: "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12",
        },
      ],
      problems: [],
    },
    {
      name: "no Source means the package is its own source; epoch kept; arch all",
      text: stanza({
        ...base,
        Package: "tzdata",
        Version: "1:2024a-0+deb12u1",
        Architecture: "all",
        Source: "",
      }).replace("Source: \n", ""),
      want: [
        {
          name: "tzdata",
          version: "1:2024a-0+deb12u1",
          arch: "all",
          source: { name: "tzdata", version: "1:2024a-0+deb12u1" },
          purl: "pkg:deb/debian/tzdata@1:2024a-0%2Bdeb12u1?arch=all&distro=debian-12",
        },
      ],
      problems: [],
    },
    {
      name: "ubuntu namespace and distro; uppercase name lowercased in purl only",
      text: stanza({ ...base, Package: "Foo", Version: "1.0~rc1-1ubuntu2", Source: "foo-src" }),
      os: UBUNTU,
      want: [
        {
          name: "Foo",
          version: "1.0~rc1-1ubuntu2",
          arch: "amd64",
          source: { name: "foo-src", version: "1.0~rc1-1ubuntu2" },
          purl: "pkg:deb/ubuntu/foo@1.0~rc1-1ubuntu2?arch=amd64&distro=ubuntu-22.04",
        },
      ],
      problems: [],
    },
    {
      name: "no OS: debian namespace, no distro",
      text: stanza(base),
      os: null,
      want: [
        {
          name: "bash",
          version: "5.2.15-2+b2",
          arch: "amd64",
          source: { name: "bash", version: "5.2.15-2" },
          purl: "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64",
        },
      ],
      problems: [],
    },
    {
      name: "OS without VERSION_ID uses the codename",
      text: stanza(base),
      os: { ...DEBIAN12, versionId: null, versionCodename: "trixie" },
      want: [
        {
          name: "bash",
          version: "5.2.15-2+b2",
          arch: "amd64",
          source: { name: "bash", version: "5.2.15-2" },
          purl: "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-trixie",
        },
      ],
      problems: [],
    },
    {
      name: "only installed packages: config-files, half-installed, not-installed skipped",
      text: [
        stanza({ ...base, Package: "a", Status: "deinstall ok config-files" }),
        stanza({ ...base, Package: "b", Status: "install reinstreq half-installed" }),
        stanza({ ...base, Package: "c", Status: "purge ok not-installed" }),
        stanza({ ...base, Package: "d", Status: "hold ok installed" }),
        stanza({ ...base, Package: "e", Status: "install ok unpacked" }),
      ].join("\n"),
      want: [
        {
          name: "d",
          version: "5.2.15-2+b2",
          arch: "amd64",
          source: { name: "bash", version: "5.2.15-2" },
          purl: "pkg:deb/debian/d@5.2.15-2%2Bb2?arch=amd64&distro=debian-12",
        },
      ],
      problems: [],
    },
    {
      name: "multi-arch: same name, two architectures",
      text: [
        stanza({ ...base, Package: "libc6", Version: "2.36-9", Source: "glibc" }),
        stanza({
          ...base,
          Package: "libc6",
          Version: "2.36-9",
          Source: "glibc",
          Architecture: "i386",
        }),
      ].join("\n\n\n"),
      want: [
        {
          name: "libc6",
          version: "2.36-9",
          arch: "amd64",
          source: { name: "glibc", version: "2.36-9" },
          purl: "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12",
        },
        {
          name: "libc6",
          version: "2.36-9",
          arch: "i386",
          source: { name: "glibc", version: "2.36-9" },
          purl: "pkg:deb/debian/libc6@2.36-9?arch=i386&distro=debian-12",
        },
      ],
      problems: [],
    },
    {
      name: "CRLF line ends and trailing whitespace",
      text: stanza({ ...base, Version: "5.2.15-2+b2   " }).replaceAll("\n", "\r\n"),
      want: [
        {
          name: "bash",
          version: "5.2.15-2+b2",
          arch: "amd64",
          source: { name: "bash", version: "5.2.15-2" },
          purl: "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12",
        },
      ],
      problems: [],
    },
    {
      name: "malformed stanzas are reported with their line; the others are read",
      text: [
        "Package: nover\nStatus: install ok installed\nArchitecture: amd64\n",
        "Status: install ok installed\nVersion: 1.0\n",
        "Package: badline\nStatus: install ok installed\nVersion: 1.0\nthis is not a field\n",
        stanza(base),
        "Package: badver\nStatus: install ok installed\nVersion: 1.0 beta\n",
        "Package: nostatus\nVersion: 1.0\n",
        "Package: badstatus\nStatus: installed\nVersion: 1.0\n",
        "Package: bad/name\nStatus: install ok installed\nVersion: 1.0\n",
        "Package: badarch\nStatus: install ok installed\nVersion: 1.0\nArchitecture: AMD 64\n",
      ].join("\n"),
      want: [
        {
          name: "bash",
          version: "5.2.15-2+b2",
          arch: "amd64",
          source: { name: "bash", version: "5.2.15-2" },
          purl: "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12",
        },
      ],
      problems: [
        /^stanza at line 1 \(nover\): no Version field$/,
        /^stanza at line 5: no Package field$/,
        /^stanza at line 8 \(badline\): line 11: not a "Field: value" line$/,
        /^stanza at line \d+ \(badver\): bad Version "1.0 beta"$/,
        /^stanza at line \d+ \(nostatus\): no Status field$/,
        /^stanza at line \d+ \(badstatus\): bad Status "installed"$/,
        /^stanza at line \d+ \(bad\/name\): bad Package name "bad\/name"$/,
        /^stanza at line \d+ \(badarch\): bad Architecture "AMD 64"$/,
      ],
    },
    {
      name: "bad Source keeps the package with itself as source, and reports it",
      text: stanza({ ...base, Source: "bash (5.2.15-2" }),
      want: [
        {
          name: "bash",
          version: "5.2.15-2+b2",
          arch: "amd64",
          source: { name: "bash", version: "5.2.15-2+b2" },
          purl: "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12",
        },
      ],
      problems: [/bad Source "bash \(5.2.15-2"; using the binary package$/],
    },
    { name: "empty file", text: "", want: [], problems: [] },
    {
      name: "binary garbage is one problem for its stanza",
      text: "\u0000\u0001\n\u00ff",
      want: [],
      problems: [/^stanza at line 1: line 1: .*; line 2: /],
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const r = await read(
        [file("/var/lib/dpkg/status", c.text)],
        c.os === undefined ? DEBIAN12 : c.os,
      );
      const got = r.packages.map((p) => ({
        name: p.name,
        version: p.version,
        ...(p.arch !== undefined ? { arch: p.arch } : {}),
        source: p.source,
        purl: p.purl,
      }));
      assert.deepEqual(got, c.want);
      for (const p of r.packages) {
        assert.equal(p.type, "deb");
        assert.equal(p.path, "/var/lib/dpkg/status");
        assert.equal(p.layer, "sha256:11");
      }
      assert.equal(r.problems.length, c.problems.length, JSON.stringify(r.problems));
      c.problems.forEach((re, i) => {
        assert.equal(r.problems[i]!.path, "/var/lib/dpkg/status");
        assert.match(r.problems[i]!.reason, re);
      });
    });
  }
});

describe("dpkg: distroless status.d", () => {
  it("reads stanzas without Status, one or more per file, and ignores other files", async () => {
    const r = await read([
      file(
        "/var/lib/dpkg/status.d/libssl3",
        "Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n",
      ),
      file(
        "/var/lib/dpkg/status.d/base",
        "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n\nPackage: netbase\nVersion: 6.4\nArchitecture: all\n",
      ),
      file(
        "/var/lib/dpkg/status.d/removed",
        "Package: gone\nStatus: deinstall ok config-files\nVersion: 1\n",
      ),
    ]);
    assert.deepEqual(
      r.packages.map((p) => [p.path, p.purl, p.source]),
      [
        [
          "/var/lib/dpkg/status.d/base",
          "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12",
          { name: "base-files", version: "12.4+deb12u5" },
        ],
        [
          "/var/lib/dpkg/status.d/base",
          "pkg:deb/debian/netbase@6.4?arch=all&distro=debian-12",
          { name: "netbase", version: "6.4" },
        ],
        [
          "/var/lib/dpkg/status.d/libssl3",
          "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12",
          { name: "openssl", version: "3.0.11-1~deb12u2" },
        ],
      ],
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(owned(r, ["/usr/bin/bash", "/usr"]), []);
  });
});

/** Which of `paths` the reader's owned files hold, sorted. */
function owned(r: { ownedFiles?: ReadonlySet<string> | OwnedFiles }, paths: string[]): string[] {
  return r.ownedFiles ? [...ownedAmong(r.ownedFiles, new Set(paths))].sort() : [];
}

describe("dpkg: info/*.list", () => {
  it("collects absolute paths, skips /. and blank lines, reports relative ones", async () => {
    const r = await read([
      file(
        "/var/lib/dpkg/info/python3-urllib3.list",
        "/.\n/usr\n/usr/lib/python3/dist-packages\n/usr/lib/python3/dist-packages/urllib3/__init__.py\r\n\nrelative/path\n",
      ),
      file("/var/lib/dpkg/info/bash.list", "/.\n/usr\n/usr/bin/bash\n"),
    ]);
    // Asked about every line, their near misses and what is skipped: exactly the paths come back.
    assert.deepEqual(
      owned(r, [
        "/usr",
        "/usr/bin/bash",
        "/usr/lib/python3/dist-packages",
        "/usr/lib/python3/dist-packages/urllib3/__init__.py",
        "/usr/lib/python3/dist-packages/urllib3/__init__.p",
        "/usr/lib/python3/dist-packages/urllib3/__init__.py\r",
        "/usr/bin/bas",
        "/usr/bin/bash/",
        "/.",
        "/",
        "",
        "relative/path",
      ]),
      [
        "/usr",
        "/usr/bin/bash",
        "/usr/lib/python3/dist-packages",
        "/usr/lib/python3/dist-packages/urllib3/__init__.py",
      ],
    );
    assert.deepEqual(r.problems, [
      {
        path: "/var/lib/dpkg/info/python3-urllib3.list",
        reason: "line 6: not an absolute path",
        layer: "sha256:11",
      },
    ]);
    assert.deepEqual(r.packages, []);
  });
});

// This machine's own dpkg database, compared with what dpkg-query reports.
const REAL_STATUS = "/var/lib/dpkg/status";
function dpkgQuery(format: string): string | null {
  try {
    return execFileSync("dpkg-query", ["-W", "-f", format], { encoding: "utf8" });
  } catch {
    return null;
  }
}
const field = (name: string): string => `\${${name}}`;
const FORMAT = `${["db:Status-Abbrev", "binary:Package", "Version", "Architecture", "source:Package", "source:Version"].map(field).join("|")}\n`;
const realQuery = existsSync(REAL_STATUS) ? dpkgQuery(FORMAT) : null;

describe("dpkg: this machine's database", { skip: realQuery === null && "no dpkg here" }, () => {
  const realFiles = (): ImageFile[] => {
    const infoDir = "/var/lib/dpkg/info/";
    const lists = readdirSync(infoDir)
      .filter((n) => n.endsWith(".list"))
      .map((n) => file(infoDir + n, readFileSync(infoDir + n)));
    return [file(REAL_STATUS, readFileSync(REAL_STATUS)), ...lists];
  };
  const installed = (realQuery ?? "")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split("|"))
    .filter((cols) => cols[0]![1] === "i");

  it("finds exactly the installed packages dpkg-query lists, with dpkg's source fields", async () => {
    const r = await read(realFiles());
    assert.deepEqual(r.problems, []);
    const ii = Number(
      execFileSync(
        "sh",
        ["-c", `dpkg-query -W -f '${field("db:Status-Abbrev")}\\n' | grep -c '^ii' || true`],
        {
          encoding: "utf8",
        },
      ).trim(),
    );
    assert.equal(r.packages.length, installed.length);
    // `ii` plus installed packages with another selection (`hi` held, `ri`, `pi`).
    const otherWant = installed.filter((c) => c[0]![0] !== "i").length;
    assert.equal(r.packages.length, ii + otherWant);
    assert.ok(ii > 0);
    const key = (name: string, arch: string | undefined): string => `${name}:${arch}`;
    const byKey = new Map<string, Package>(r.packages.map((p) => [key(p.name, p.arch), p]));
    for (const [, binary, version, arch, srcName, srcVersion] of installed) {
      const name = binary!.split(":")[0]!;
      const p = byKey.get(key(name, arch));
      assert.ok(p, `missing ${binary}`);
      assert.equal(p.version, version, binary);
      assert.deepEqual(p.source, { name: srcName, version: srcVersion }, binary);
    }
  });

  it("spot-checks bash and libc6", async () => {
    const r = await read(realFiles());
    for (const name of ["bash", "libc6"]) {
      const row = installed.find((c) => c[1]!.split(":")[0] === name);
      if (!row) continue;
      const p = r.packages.find((x) => x.name === name)!;
      assert.equal(p.version, row[2]);
      assert.equal(p.arch, row[3]);
      assert.equal(p.source?.name, name === "libc6" ? "glibc" : "bash");
      assert.equal(
        p.purl,
        `pkg:deb/debian/${name}@${encodeURIComponent(row[2]!)}?arch=${row[3]}&distro=debian-12`,
      );
    }
  });

  it("finds paths that are not ASCII, and lines of one byte, in a list without a final newline", async () => {
    const r = await read([
      file("/var/lib/dpkg/info/x.list", "/usr/share/doc/café/README\n/\n/usr/share/ドキュメント"),
    ]);
    assert.deepEqual(
      owned(r, [
        "/usr/share/doc/café/README",
        "/usr/share/doc/cafe/README",
        "/",
        "/usr/share/ドキュメント",
      ]),
      ["/", "/usr/share/doc/café/README", "/usr/share/ドキュメント"],
    );
    assert.deepEqual(r.problems, []);
  });

  it("owned files are the union of the .list files", async () => {
    const files = realFiles();
    const r = await read(files);
    const expected = new Set<string>();
    for (const f of files.slice(1)) {
      for (const l of f.content.toString("utf8").split("\n"))
        if (l.startsWith("/") && l !== "/.") expected.add(l);
    }
    // Every listed path is found, and none of ten thousand that are not listed.
    assert.deepEqual(owned(r, [...expected]), [...expected].sort());
    const absent = [...expected].slice(0, 10_000).map((p, i) => (i % 2 ? `${p}x` : `${p}/nope`));
    assert.deepEqual(
      owned(
        r,
        absent.filter((p) => !expected.has(p)),
      ),
      [],
    );
    assert.ok(expected.has("/usr/bin/dpkg"));
  });
});
