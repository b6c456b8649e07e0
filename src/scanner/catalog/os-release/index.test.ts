import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ImageFile, OsInfo, ReadResult } from "../types.ts";
import { parseOsRelease, reader, unquote } from "./index.ts";

const file = (path: string, text: string): ImageFile => ({
  path,
  content: Buffer.from(text, "utf8"),
  layer: "sha256:aa",
  mode: 0o100644,
});

const read = async (files: ImageFile[]): Promise<ReadResult> =>
  reader.read(files, { os: null, source: "image" });

describe("os-release: meta and wants", () => {
  it("is named after its folder", () => assert.equal(reader.meta.id, "os-release"));
  const cases: [string, boolean][] = [
    ["/etc/os-release", true],
    ["/usr/lib/os-release", true],
    ["/etc/os-release.bak", false],
    ["/usr/lib/os-release.d/x", false],
    ["/etc/lsb-release", false],
    ["/usr/local/lib/os-release", false],
    ["etc/os-release", false],
  ];
  for (const [path, want] of cases) {
    it(`${path} -> ${want}`, () => assert.equal(reader.wants(path, Buffer.alloc(0)), want));
  }
});

describe("os-release: value quoting (shell style)", () => {
  const cases: [string, string | null][] = [
    ["debian", "debian"],
    ['"Debian GNU/Linux 12 (bookworm)"', "Debian GNU/Linux 12 (bookworm)"],
    ["'single quoted'", "single quoted"],
    ['"with \\"escaped\\" quotes"', 'with "escaped" quotes'],
    ['"dollar \\$ backtick \\` backslash \\\\"', "dollar $ backtick ` backslash \\"],
    ['"other \\n stays"', "other \\n stays"],
    ["'no \\escapes in single'", "no \\escapes in single"],
    ["bare\\ escaped", "bare escaped"],
    ['""', ""],
    ['"22.04"   ', "22.04"],
    ['"unterminated', null],
    ["'unterminated", null],
    ['"a"b', null],
  ];
  for (const [input, want] of cases) {
    it(`${input} -> ${want}`, () => assert.equal(unquote(input), want));
  }
});

describe("os-release: line parsing", () => {
  it("skips comments and blank lines, handles CRLF, reports bad lines by number", () => {
    const { vars, errors } = parseOsRelease(
      '# comment\r\n\r\nID=ubuntu\r\nnot an assignment\r\n  VERSION_ID="22.04"\r\n1BAD=x\r\nNAME="open\n',
    );
    assert.deepEqual(Object.fromEntries(vars), { ID: "ubuntu", VERSION_ID: "22.04" });
    assert.deepEqual(errors, [
      "line 4: not a KEY=value assignment",
      "line 6: not a KEY=value assignment",
      "line 7: NAME: unterminated quote or text after the closing quote",
    ]);
  });
});

const DEBIAN = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;
const UBUNTU = `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
UBUNTU_CODENAME=jammy
`;
const ALPINE = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.20.1
PRETTY_NAME="Alpine Linux v3.20"
HOME_URL="https://alpinelinux.org/"
`;
const RHEL = `NAME="Red Hat Enterprise Linux"
VERSION="9.4 (Plow)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"
`;
const ROCKY = `NAME="Rocky Linux"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
`;
const DEBIAN_TRIXIE = `PRETTY_NAME="Debian GNU/Linux trixie/sid"
NAME="Debian GNU/Linux"
VERSION_CODENAME=trixie
ID=debian
`;

describe("os-release: read", () => {
  const cases: { name: string; files: ImageFile[]; os: OsInfo | undefined; problems: number }[] = [
    {
      name: "debian 12",
      files: [file("/etc/os-release", DEBIAN)],
      os: {
        id: "debian",
        versionId: "12",
        versionCodename: "bookworm",
        prettyName: "Debian GNU/Linux 12 (bookworm)",
        idLike: [],
      },
      problems: 0,
    },
    {
      name: "ubuntu with ID_LIKE",
      files: [file("/etc/os-release", UBUNTU)],
      os: {
        id: "ubuntu",
        versionId: "22.04",
        versionCodename: "jammy",
        prettyName: "Ubuntu 22.04.4 LTS",
        idLike: ["debian"],
      },
      problems: 0,
    },
    {
      name: "alpine, only /usr/lib/os-release",
      files: [file("/usr/lib/os-release", ALPINE)],
      os: {
        id: "alpine",
        versionId: "3.20.1",
        versionCodename: null,
        prettyName: "Alpine Linux v3.20",
        idLike: [],
      },
      problems: 0,
    },
    {
      name: "rhel, quoted ID",
      files: [file("/etc/os-release", RHEL)],
      os: {
        id: "rhel",
        versionId: "9.4",
        versionCodename: null,
        prettyName: "Red Hat Enterprise Linux 9.4 (Plow)",
        idLike: ["fedora"],
      },
      problems: 0,
    },
    {
      name: "rocky, several ID_LIKE",
      files: [file("/etc/os-release", ROCKY)],
      os: {
        id: "rocky",
        versionId: "9.3",
        versionCodename: null,
        prettyName: "Rocky Linux 9.3 (Blue Onyx)",
        idLike: ["rhel", "centos", "fedora"],
      },
      problems: 0,
    },
    {
      name: "debian testing has no VERSION_ID",
      files: [file("/etc/os-release", DEBIAN_TRIXIE)],
      os: {
        id: "debian",
        versionId: null,
        versionCodename: "trixie",
        prettyName: "Debian GNU/Linux trixie/sid",
        idLike: [],
      },
      problems: 0,
    },
    {
      name: "/etc/os-release wins over /usr/lib/os-release (either order)",
      files: [file("/usr/lib/os-release", ALPINE), file("/etc/os-release", DEBIAN)],
      os: {
        id: "debian",
        versionId: "12",
        versionCodename: "bookworm",
        prettyName: "Debian GNU/Linux 12 (bookworm)",
        idLike: [],
      },
      problems: 0,
    },
    {
      name: "no ID defaults to linux",
      files: [file("/etc/os-release", 'NAME="Thing"\nVERSION_ID=1\n')],
      os: { id: "linux", versionId: "1", versionCodename: null, prettyName: null, idLike: [] },
      problems: 0,
    },
    {
      name: "empty /etc/os-release falls back to /usr/lib/os-release with a problem",
      files: [file("/etc/os-release", ""), file("/usr/lib/os-release", ALPINE)],
      os: {
        id: "alpine",
        versionId: "3.20.1",
        versionCodename: null,
        prettyName: "Alpine Linux v3.20",
        idLike: [],
      },
      problems: 1,
    },
    {
      name: "binary garbage gives no OS and a problem per bad line",
      files: [file("/etc/os-release", "\u0000\u0001\u0002\nzz\n")],
      os: undefined,
      problems: 3,
    },
    {
      name: "bad line among good ones keeps the good ones",
      files: [file("/etc/os-release", `${DEBIAN}garbage line\n`)],
      os: {
        id: "debian",
        versionId: "12",
        versionCodename: "bookworm",
        prettyName: "Debian GNU/Linux 12 (bookworm)",
        idLike: [],
      },
      problems: 1,
    },
    { name: "no files", files: [], os: undefined, problems: 0 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const result = await read(c.files);
      assert.deepEqual(result.os, c.os);
      assert.deepEqual(result.packages, []);
      assert.equal(result.problems.length, c.problems, JSON.stringify(result.problems));
      for (const p of result.problems) assert.match(p.path, /os-release$/);
    });
  }
});
