import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { OsInfo, Package } from "../../src/scanner/catalog/types.ts";
import type { InventoryReport } from "../../src/scanner/report/inventory.ts";
import { scheme as semver } from "../../src/scanner/versioning/semver/index.ts";
import { importEntries } from "../../src/scanner/vulndb/import.ts";
import { inRange, matchInventory, vulnerabilityReport } from "../../src/scanner/vulndb/match.ts";
import type { OsvRange } from "../../src/scanner/vulndb/osv.ts";
import { SqliteVulnStore } from "../../src/storage/vulndb-sqlite/store.ts";

/**
 * Matching as the OSV schema's "Evaluation" section defines it, and the rules drydock adds:
 * distributions by source package and release, OS-owned language packages through the OS
 * record only, aliases merged, withdrawn records ignored. Records are hand-written from the
 * OSV schema (the Debian, Ubuntu and Alpine feeds cannot be reached from here).
 */
const work = mkdtempSync(join(tmpdir(), "drydock-match-"));
after(() => rmSync(work, { recursive: true, force: true }));

type Events = Record<string, string>[];
const R = (...events: Events) => ({ events }) as unknown as Pick<OsvRange, "events">;

test("OSV ranges: introduced, fixed, last_affected, limit, several pairs, unsorted events", () => {
  const cases: [string, Events, string, string[] | null][] = [
    ["introduced 0, fixed", [{ introduced: "0" }, { fixed: "1.0.0" }], "0.9.0", ["1.0.0"]],
    ["the fixed version itself", [{ introduced: "0" }, { fixed: "1.0.0" }], "1.0.0", null],
    ["above the fix", [{ introduced: "0" }, { fixed: "1.0.0" }], "1.0.1", null],
    ["below introduced", [{ introduced: "1.0.0" }, { fixed: "1.2.0" }], "0.9.9", null],
    ["introduced itself", [{ introduced: "1.0.0" }, { fixed: "1.2.0" }], "1.0.0", ["1.2.0"]],
    ...([
      "0.5.0",
      "1.0.0",
      "1.1.0",
      "1.5.0",
      "1.2.0",
      "1.9.9",
      "2.0.0",
      "2.0.5",
      "2.1.0",
      "3.0.0",
    ].map(
      (v) =>
        [
          `two pairs, ${v}`,
          [
            { introduced: "1.0.0" },
            { fixed: "1.2.0" },
            { introduced: "2.0.0" },
            { fixed: "2.1.0" },
          ],
          v,
          { "1.0.0": ["1.2.0"], "1.1.0": ["1.2.0"], "2.0.0": ["2.1.0"], "2.0.5": ["2.1.0"] }[v] ??
            null,
        ] as [string, Events, string, string[] | null],
    ) as [string, Events, string, string[] | null][]),
    ["last_affected itself", [{ introduced: "1.0.0" }, { last_affected: "1.4.0" }], "1.4.0", []],
    ["inside last_affected", [{ introduced: "1.0.0" }, { last_affected: "1.4.0" }], "1.2.0", []],
    ["above last_affected", [{ introduced: "1.0.0" }, { last_affected: "1.4.0" }], "1.4.1", null],
    [
      "below, with last_affected",
      [{ introduced: "1.0.0" }, { last_affected: "1.4.0" }],
      "0.1.0",
      null,
    ],
    ["last_affected with no introduced", [{ last_affected: "1.4.0" }], "1.4.0", null],
    ["events in any order", [{ fixed: "2.0.0" }, { introduced: "1.0.0" }], "1.5.0", ["2.0.0"]],
    ["only introduced: no fix yet", [{ introduced: "0" }], "99.0.0", []],
    [
      "introduced again after a fix",
      [{ introduced: "0" }, { fixed: "1.0.0" }, { introduced: "1.1.0" }],
      "1.0.5",
      null,
    ],
    [
      "reintroduced and open",
      [{ introduced: "0" }, { fixed: "1.0.0" }, { introduced: "1.1.0" }],
      "1.2.0",
      [],
    ],
    ["limit caps the range", [{ introduced: "1.0.0" }, { limit: "1.5.0" }], "1.2.0", []],
    ["at the limit", [{ introduced: "1.0.0" }, { limit: "1.5.0" }], "1.5.0", null],
    ["limit *", [{ introduced: "1.0.0" }, { limit: "*" }], "9.0.0", []],
    ["zero-width range", [{ introduced: "1.0.0" }, { fixed: "1.0.0" }], "1.0.0", null],
    [
      "prerelease below the fix",
      [{ introduced: "0" }, { fixed: "2.0.0-beta.3" }],
      "2.0.0-beta.2",
      ["2.0.0-beta.3"],
    ],
    [
      "alpha below beta fix",
      [{ introduced: "0" }, { fixed: "2.0.0-beta.3" }],
      "2.0.0-alpha.9",
      ["2.0.0-beta.3"],
    ],
    [
      "release above prerelease fix",
      [{ introduced: "0" }, { fixed: "2.0.0-beta.3" }],
      "2.0.0",
      null,
    ],
    [
      "prerelease introduced",
      [{ introduced: "5.0.0-alpha.1" }, { fixed: "5.0.0-beta.3" }],
      "4.19.0",
      null,
    ],
    [
      "inside a prerelease range",
      [{ introduced: "5.0.0-alpha.1" }, { fixed: "5.0.0-beta.3" }],
      "5.0.0-beta.1",
      ["5.0.0-beta.3"],
    ],
    ["build metadata ignored", [{ introduced: "0" }, { fixed: "1.0.0" }], "1.0.0+build.5", null],
  ];
  for (const [name, events, version, expected] of cases)
    assert.deepEqual(inRange(version, R(...events), semver), expected, name);
  assert.equal(
    inRange("1.0.0", R({ introduced: "0" }, { fixed: "not a version!" }), semver),
    undefined,
    "an event the scheme cannot order makes the range unusable, not a guess",
  );
});

function pkg(p: Partial<Package> & Pick<Package, "type" | "name" | "version">): Package {
  return { purl: `pkg:${p.type}/${p.name}@${p.version}`, path: "/x", layer: "sha256:l1", ...p };
}

function inventory(os: OsInfo | null, packages: Package[]): InventoryReport {
  return {
    schemaVersion: 1,
    tool: { name: "drydock", version: "test" },
    createdAt: "2026-11-27T00:00:00Z",
    target: { kind: "image", ref: "oci:x", digest: null, platform: "linux/amd64", os, layers: [] },
    packages,
    problems: [],
    partial: false,
  };
}

const debian12: OsInfo = {
  id: "debian",
  versionId: "12",
  versionCodename: "bookworm",
  prettyName: null,
  idLike: [],
};

function storeWith(name: string, records: object[]): SqliteVulnStore {
  const store = new SqliteVulnStore(join(work, `${name}.db`));
  importEntries(
    store,
    "test",
    {
      total: records.length,
      entries: records.map((r) => ({
        name: `${(r as { id: string }).id}.json`,
        data: Buffer.from(JSON.stringify({ modified: "2026-01-01T00:00:00Z", ...r })),
      })),
    },
    {
      complete: true,
      state: {
        updatedAt: "2026-11-27T00:00:00Z",
        origin: "test",
        etag: null,
        lastModified: null,
        sha256: null,
      },
    },
  );
  return store;
}

const deb = (id: string, ecosystem: string, name: string, events: Events, extra: object = {}) => ({
  id,
  upstream: [id.replace(/^DEBIAN-/, "")],
  affected: [{ package: { ecosystem, name }, ranges: [{ type: "ECOSYSTEM", events }], ...extra }],
});

test("Debian: matched by source package and version against the image's release, with status", () => {
  const store = storeWith("debian", [
    deb(
      "DEBIAN-CVE-2099-1001",
      "Debian:12",
      "glibc",
      [{ introduced: "0" }, { fixed: "2.36-9+deb12u99" }],
      {
        ecosystem_specific: { urgency: "high" },
      },
    ),
    deb("DEBIAN-CVE-2099-1002", "Debian:12", "glibc", [
      { introduced: "0" },
      { fixed: "2.36-9+deb12u1" },
    ]),
    deb("DEBIAN-CVE-2099-1003", "Debian:11", "glibc", [
      { introduced: "0" },
      { fixed: "2.31-13+deb11u99" },
    ]),
    deb("DEBIAN-CVE-2099-1004", "Debian:12", "glibc", [{ introduced: "0" }], {
      ecosystem_specific: { urgency: "unimportant" },
    }),
    deb("DEBIAN-CVE-2099-1005", "Debian:12", "glibc", [{ introduced: "0" }], {
      ecosystem_specific: { urgency: "low", status: "no-dsa" },
    }),
    // Epochs: 1:1.2.13 is above 1.2.99 (no epoch = 0).
    deb("DEBIAN-CVE-2099-1006", "Debian:12", "zlib", [{ introduced: "0" }, { fixed: "1.2.99-1" }]),
    deb("DEBIAN-CVE-2099-1007", "Debian:12", "zlib", [{ introduced: "0" }, { fixed: "1:1.3-1" }]),
  ]);
  const inv = inventory(debian12, [
    pkg({
      type: "deb",
      name: "libc6",
      version: "2.36-9+deb12u14",
      source: { name: "glibc", version: "2.36-9+deb12u14" },
    }),
    pkg({
      type: "deb",
      name: "libc-bin",
      version: "2.36-9+deb12u14",
      source: { name: "glibc", version: "2.36-9+deb12u14" },
    }),
    pkg({
      type: "deb",
      name: "zlib1g",
      version: "1:1.2.13.dfsg-1",
      source: { name: "zlib", version: "1:1.2.13.dfsg-1" },
    }),
    // No Source: field: the binary package is its own source.
    pkg({
      type: "deb",
      name: "bash",
      version: "5.2.15-2+b8",
      source: { name: "bash", version: "5.2.15-2" },
    }),
  ]);
  const { findings } = matchInventory(inv, store);
  const seen = findings.map((f) => [
    f.package.name,
    f.id,
    f.status,
    f.fixedVersions.join(","),
    f.severity.level,
    f.severity.source,
  ]);
  assert.deepEqual(seen.sort(), [
    ["libc-bin", "CVE-2099-1001", "fixed", "2.36-9+deb12u99", "HIGH", "debian"],
    ["libc-bin", "CVE-2099-1004", "unfixed", "", "LOW", "debian"],
    ["libc-bin", "CVE-2099-1005", "will_not_fix", "", "LOW", "debian"],
    ["libc6", "CVE-2099-1001", "fixed", "2.36-9+deb12u99", "HIGH", "debian"],
    ["libc6", "CVE-2099-1004", "unfixed", "", "LOW", "debian"],
    ["libc6", "CVE-2099-1005", "will_not_fix", "", "LOW", "debian"],
    ["zlib1g", "CVE-2099-1007", "fixed", "1:1.3-1", "UNKNOWN", "none"],
  ]);
  const f = findings.find((x) => x.id === "CVE-2099-1001")!;
  assert.deepEqual(f.matchedBy, { name: "glibc", version: "2.36-9+deb12u14", via: "source" });
  assert.equal(f.ecosystem, "Debian:12");
  assert.deepEqual(f.aliases, ["DEBIAN-CVE-2099-1001"]);
  store.close();
});

test("Ubuntu by release (LTS streams, not Pro); Alpine by origin package and branch", () => {
  const store = storeWith("distros", [
    {
      id: "UBUNTU-CVE-2099-2001",
      upstream: ["CVE-2099-2001"],
      severity: [{ type: "Ubuntu", score: "medium" }],
      affected: [
        {
          package: { ecosystem: "Ubuntu:22.04:LTS", name: "openssl" },
          ranges: [
            { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.0.2-0ubuntu1.99" }] },
          ],
        },
        {
          package: { ecosystem: "Ubuntu:Pro:18.04:LTS", name: "openssl" },
          ranges: [
            {
              type: "ECOSYSTEM",
              events: [{ introduced: "0" }, { fixed: "1.1.1-1ubuntu2.1~18.04.99" }],
            },
          ],
        },
      ],
    },
    {
      id: "ALPINE-CVE-2099-3001",
      upstream: ["CVE-2099-3001"],
      affected: [
        {
          package: { ecosystem: "Alpine:v3.19", name: "openssl" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.1.4-r1" }] }],
        },
        {
          package: { ecosystem: "Alpine:v3.18", name: "openssl" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "3.1.9-r0" }] }],
        },
      ],
    },
  ]);
  const ubuntu = matchInventory(
    inventory(
      {
        id: "ubuntu",
        versionId: "22.04",
        versionCodename: "jammy",
        prettyName: null,
        idLike: ["debian"],
      },
      [
        pkg({
          type: "deb",
          name: "libssl3",
          version: "3.0.2-0ubuntu1.10",
          source: { name: "openssl", version: "3.0.2-0ubuntu1.10" },
        }),
      ],
    ),
    store,
  );
  assert.deepEqual(
    ubuntu.findings.map((f) => [
      f.id,
      f.ecosystem,
      f.fixedVersions[0],
      f.severity.level,
      f.severity.source,
    ]),
    [["CVE-2099-2001", "Ubuntu:22.04", "3.0.2-0ubuntu1.99", "MEDIUM", "ubuntu"]],
  );
  const alpine = (versionId: string) =>
    matchInventory(
      inventory({ id: "alpine", versionId, versionCodename: null, prettyName: null, idLike: [] }, [
        pkg({
          type: "apk",
          name: "libcrypto3",
          version: "3.1.4-r0",
          source: { name: "openssl", version: "3.1.4-r0" },
        }),
      ]),
      store,
    ).findings.map((f) => [f.id, f.ecosystem, f.fixedVersions.join(",")]);
  assert.deepEqual(alpine("3.19.1"), [["CVE-2099-3001", "Alpine:v3.19", "3.1.4-r1"]]);
  assert.deepEqual(alpine("3.18.6"), [["CVE-2099-3001", "Alpine:v3.18", "3.1.9-r0"]]);
  assert.deepEqual(alpine("3.20.0"), [], "no record for the v3.20 branch");
  store.close();
});

test("language packages: aliases merged into one finding, withdrawn ignored, OS-owned not matched", () => {
  const store = storeWith("lang", [
    {
      id: "GHSA-aaaa-bbbb-cccc",
      aliases: ["CVE-2099-4001"],
      summary: "urllib3 does a bad thing",
      severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
      affected: [
        {
          package: { ecosystem: "PyPI", name: "urllib3" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.26.5" }] }],
        },
      ],
    },
    {
      id: "PYSEC-2099-1",
      aliases: ["CVE-2099-4001"],
      affected: [
        {
          package: { ecosystem: "PyPI", name: "urllib3" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1.26.5" }] }],
        },
      ],
    },
    {
      id: "GHSA-dead-dead-dead",
      withdrawn: "2026-01-01T00:00:00Z",
      affected: [
        {
          package: { ecosystem: "PyPI", name: "urllib3" },
          ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }],
        },
      ],
    },
  ]);
  const inv = inventory(debian12, [
    pkg({
      type: "pypi",
      name: "urllib3",
      version: "1.26.4",
      path: "/app/venv/urllib3-1.26.4.dist-info/METADATA",
    }),
    pkg({
      type: "pypi",
      name: "urllib3",
      version: "1.26.4",
      path: "/usr/lib/python3/dist-packages/urllib3-1.26.4.egg-info",
      osOwned: true,
    }),
    pkg({ type: "pypi", name: "URLLib3", version: "1.26.5", path: "/other" }),
  ]);
  const { findings } = matchInventory(inv, store);
  assert.equal(findings.length, 1);
  const f = findings[0]!;
  assert.equal(f.id, "CVE-2099-4001");
  assert.deepEqual(f.aliases, ["GHSA-aaaa-bbbb-cccc", "PYSEC-2099-1"]);
  assert.deepEqual(f.advisories, ["GHSA-aaaa-bbbb-cccc", "PYSEC-2099-1"]);
  assert.equal(f.package.path, "/app/venv/urllib3-1.26.4.dist-info/METADATA");
  assert.deepEqual(
    [f.severity.level, f.severity.score, f.severity.source],
    ["CRITICAL", 9.8, "cvss-v3.1"],
  );
  assert.equal(f.title, "urllib3 does a bad thing");
  store.close();
});

test("Go: modules with the v prefix against SEMVER ranges without it; stdlib by toolchain version", () => {
  const store = storeWith("go", [
    {
      id: "GO-2099-0001",
      affected: [
        {
          package: { ecosystem: "Go", name: "stdlib" },
          ranges: [
            {
              type: "SEMVER",
              events: [
                { introduced: "0" },
                { fixed: "1.20.11" },
                { introduced: "1.21.0-0" },
                { fixed: "1.21.4" },
              ],
            },
          ],
        },
      ],
    },
    {
      id: "GO-2099-0002",
      affected: [
        {
          package: { ecosystem: "Go", name: "golang.org/x/net" },
          ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "0.17.0" }] }],
        },
      ],
    },
  ]);
  const { findings } = matchInventory(
    inventory(null, [
      pkg({ type: "golang", name: "stdlib", version: "1.21.3" }),
      pkg({
        type: "golang",
        name: "golang.org/x/net",
        version: "v0.0.0-20220722155237-a158d28d115b",
      }),
      pkg({ type: "golang", name: "golang.org/x/net", version: "v0.17.0" }),
    ]),
    store,
  );
  assert.deepEqual(
    findings.map((f) => [f.id, f.package.version, f.fixedVersions.join(",")]).sort(),
    [
      ["GO-2099-0001", "1.21.3", "1.21.4"],
      ["GO-2099-0002", "v0.0.0-20220722155237-a158d28d115b", "0.17.0"],
    ],
  );
  store.close();
});

test("a version the scheme cannot order is a warning, not a guess; no OS release is a warning", () => {
  const store = storeWith("warn", []);
  const { findings, warnings } = matchInventory(
    inventory(null, [
      pkg({ type: "npm", name: "left-pad", version: "not-a-version" }),
      // Unversioned by nature (a Go main module built from a checkout): skipped quietly.
      pkg({ type: "golang", name: "example.com/app", version: "(devel)" }),
      pkg({ type: "deb", name: "bash", version: "5.2.15-2" }),
    ]),
    store,
  );
  assert.deepEqual(findings, []);
  assert.deepEqual(warnings, [
    "deb packages were not matched: the image has no /etc/os-release",
    "left-pad not-a-version (/x): not a semver version; not matched",
  ]);
  store.close();
});

test("the report warns when the database is empty or older than the allowed age", () => {
  const empty = storeWith("empty", []);
  const inv = inventory(debian12, []);
  const fresh = vulnerabilityReport(inv, empty, {
    now: new Date("2026-11-28T00:00:00Z"),
    maxAgeHours: 120,
  });
  assert.deepEqual(fresh.warnings, []);
  const old = vulnerabilityReport(inv, empty, {
    now: new Date("2026-12-10T00:00:00Z"),
    maxAgeHours: 120,
  });
  assert.match(old.warnings[0]!, /last updated 13 days ago .* run `drydock db update`/);
  empty.close();
  const none = new SqliteVulnStore(join(work, "none.db"));
  assert.match(
    vulnerabilityReport(inv, none, { now: new Date(), maxAgeHours: 120 }).warnings[0]!,
    /database is empty/,
  );
  none.close();
});

test("Red Hat family: rpm packages by name and EVR against the major release", () => {
  const store = storeWith("redhat", [
    {
      id: "RHSA-2099:0001",
      summary: "Important: openssl security update",
      upstream: ["CVE-2099-5001"],
      affected: [
        {
          package: { ecosystem: "Red Hat:enterprise_linux:9::baseos", name: "openssl-libs" },
          ranges: [
            { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1:3.0.7-27.el9" }] },
          ],
        },
        {
          package: { ecosystem: "Red Hat:enterprise_linux:8::baseos", name: "openssl-libs" },
          ranges: [
            { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1:1.1.1k-99.el8" }] },
          ],
        },
      ],
    },
    {
      id: "RLSA-2099:0002",
      upstream: ["CVE-2099-5002"],
      affected: [
        {
          package: { ecosystem: "Rocky Linux:9", name: "openssl-libs" },
          ranges: [
            { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "1:3.0.7-30.el9" }] },
          ],
        },
      ],
    },
  ]);
  const rpm = (os: OsInfo, version: string) =>
    matchInventory(
      inventory(os, [
        pkg({
          type: "rpm",
          name: "openssl-libs",
          version,
          source: { name: "openssl", version: "3.0.7-24.el9" },
        }),
      ]),
      store,
    ).findings.map((f) => [
      f.id,
      f.ecosystem,
      f.fixedVersions.join(","),
      f.severity.level,
      f.severity.source,
    ]);
  const rhel9: OsInfo = {
    id: "rhel",
    versionId: "9.4",
    versionCodename: null,
    prettyName: null,
    idLike: ["fedora"],
  };
  assert.deepEqual(rpm(rhel9, "1:3.0.7-24.el9"), [
    ["CVE-2099-5001", "Red Hat:9", "1:3.0.7-27.el9", "HIGH", "redhat"],
  ]);
  // A later release than the fix: not affected.
  assert.deepEqual(rpm(rhel9, "1:3.0.7-28.el9"), []);
  const rocky9: OsInfo = {
    id: "rocky",
    versionId: "9.3",
    versionCodename: null,
    prettyName: null,
    idLike: ["rhel", "centos", "fedora"],
  };
  assert.deepEqual(
    rpm(rocky9, "1:3.0.7-24.el9").map((r) => r.slice(0, 3)),
    [["CVE-2099-5002", "Rocky Linux:9", "1:3.0.7-30.el9"]],
  );
  store.close();
});
