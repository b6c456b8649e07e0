import assert from "node:assert/strict";
import { test } from "node:test";
import {
  finding,
  findings as fixtureFindings,
  MS_NESTED,
  MS_TOP,
  pkg,
} from "../report/vulns/testdata/vuln-report.ts";
import type { IgnoreEntry } from "./ignore.ts";
import {
  applySuppressions,
  filterFindings,
  packageMatches,
  parsePurl,
  parseSeverities,
  type SuppressOptions,
} from "./suppress.ts";
import type { VulnFinding } from "./types.ts";
import { parseVex, type VexStatement } from "./vex.ts";

const REF = "registry.example.com/team/app:1.4.2";
const DIGEST = "sha256:3f0a7e1c2b9d8e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f";

function entry(id: string, extra: Partial<IgnoreEntry> = {}): IgnoreEntry {
  return { id, reason: `accepted ${id}`, expires: "2027-01-31", line: 2, ...extra };
}

function vex(statements: unknown[], timestamp = "2024-06-01T00:00:00Z"): VexStatement[] {
  const r = parseVex(
    JSON.stringify({
      "@context": "https://openvex.dev/ns/v0.2.0",
      "@id": "https://example.com/vex/1",
      author: "me",
      timestamp,
      version: 1,
      statements,
    }),
    "test.openvex.json",
  );
  if ("error" in r) assert.fail(r.error);
  return r;
}

function notAffected(name: string, products: unknown[], extra: Record<string, unknown> = {}) {
  return {
    vulnerability: { name },
    products,
    status: "not_affected",
    justification: "vulnerable_code_not_in_execute_path",
    ...extra,
  };
}

function run(fs: VulnFinding[], opts: Partial<SuppressOptions>) {
  return applySuppressions(fs, {
    ignore: [],
    vex: [],
    imageRef: REF,
    imageDigest: DIGEST,
    ...opts,
  });
}

/** `id package` of each finding, to compare lists. */
function keys(fs: VulnFinding[]): string[] {
  return fs.map(
    (f) => `${f.id} ${f.package.name}${f.package.name === "ms" ? ` ${f.package.path}` : ""}`,
  );
}

test("ignore: an entry matches the finding's id or any alias, in any case; order is kept", () => {
  const all = fixtureFindings();
  const r = run(all, {
    ignore: [entry("ghsa-9wx4-h78v-vm56"), entry("DSA-5700-1"), entry("CVE-2099-0001")],
    ignoreFile: "policy/.drydockignore.yaml",
  });
  assert.deepEqual(keys(r.suppressed), ["CVE-2024-0004 requests", "CVE-2024-0001 libssl3"]);
  assert.deepEqual(
    keys(r.findings),
    keys(all.filter((f) => f.id !== "CVE-2024-0004" && f.id !== "CVE-2024-0001")),
  );
  assert.deepEqual(r.suppressed[0]!.suppression, {
    kind: "ignore",
    reason: "accepted ghsa-9wx4-h78v-vm56",
    source: "policy/.drydockignore.yaml",
    expires: "2027-01-31",
  });
  // Everything else about the finding is unchanged.
  const { suppression: _, ...rest } = r.suppressed[0]!;
  assert.deepEqual(rest, all[0]);
  // The default source name.
  assert.equal(
    run(all, { ignore: [entry("DSA-5700-1")] }).suppressed[0]!.suppression.source,
    ".drydockignore.yaml",
  );
});

test("ignore: the first matching entry gives the reason", () => {
  const f = finding("CVE-1", pkg("bash"));
  const r = run([f], {
    ignore: [entry("CVE-1", { reason: "first" }), entry("CVE-1", { reason: "second" })],
  });
  assert.equal(r.suppressed[0]!.suppression.reason, "first");
});

test("ignore: package by purl (version and qualifiers ignored unless a version is given) or by name", () => {
  const ms = [
    finding("GHSA-x", pkg("ms", MS_TOP)),
    finding("GHSA-x", pkg("ms", MS_NESTED)),
    finding("GHSA-x", pkg("spdx-correct")),
  ];
  const suppressedBy = (spec: string) =>
    keys(run(ms, { ignore: [entry("GHSA-x", { package: spec })] }).suppressed);
  const both = [`GHSA-x ms ${MS_TOP}`, `GHSA-x ms ${MS_NESTED}`];
  assert.deepEqual(suppressedBy("pkg:npm/ms"), both);
  assert.deepEqual(suppressedBy("pkg:npm/ms@2.1.3"), both);
  assert.deepEqual(suppressedBy("pkg:npm/ms@2.1.4"), []);
  assert.deepEqual(suppressedBy("pkg:npm/ms?foo=bar#sub"), both);
  assert.deepEqual(suppressedBy("ms"), both);
  assert.deepEqual(suppressedBy("pkg:npm/m"), []);
  assert.deepEqual(suppressedBy("pkg:pypi/ms"), []);
  assert.deepEqual(suppressedBy("spdx-correct"), ["GHSA-x spdx-correct"]);
});

test("packageMatches: purl normalisation, OS qualifiers, source names, scoped npm names", () => {
  const libssl = pkg("libssl3");
  assert.equal(packageMatches("pkg:deb/debian/libssl3", libssl), true);
  assert.equal(packageMatches("pkg:deb/debian/libssl3?arch=arm64&distro=debian-11", libssl), true);
  assert.equal(packageMatches("pkg:deb/Debian/LibSSL3@3.0.13-1~deb12u1", libssl), true);
  assert.equal(packageMatches("pkg:deb/debian/libssl3@3.0.13-1%7Edeb12u1", libssl), true);
  assert.equal(packageMatches("pkg:deb/debian/libssl3@3.0.14-1~deb12u1", libssl), false);
  assert.equal(packageMatches("pkg:deb/ubuntu/libssl3", libssl), false);
  assert.equal(packageMatches("openssl", libssl), true, "the source package's name");
  assert.equal(packageMatches("libssl", libssl), false);
  const libc = pkg("libc6");
  // Debian's '+' is %2B in the purl; the version compares decoded.
  assert.equal(packageMatches("pkg:deb/debian/libc6@2.36-9%2Bdeb12u7", libc), true);
  assert.equal(packageMatches("pkg:deb/debian/libc6@2.36-9+deb12u7", libc), true);
  assert.equal(packageMatches("pkg:pypi/Requests", pkg("requests")), true);
  assert.equal(
    packageMatches("pkg:golang/github.com/spf13/cobra@v1.8.1", pkg("github.com/spf13/cobra")),
    true,
  );
  assert.equal(packageMatches("github.com/spf13/cobra", pkg("github.com/spf13/cobra")), true);
  const babel = pkg("@babel/code-frame");
  assert.equal(packageMatches("pkg:npm/@babel/code-frame", babel), true);
  assert.equal(packageMatches("pkg:npm/%40babel/code-frame@7.24.7", babel), true);
  assert.equal(packageMatches("pkg:npm/code-frame", babel), false);
  assert.equal(
    packageMatches("pkg:maven/org.apache.commons/commons-lang3", pkg("commons-lang3")),
    true,
  );
  assert.equal(packageMatches("pkg:maven/org.apache/commons-lang3", pkg("commons-lang3")), false);
});

test("parsePurl: the parts, decoded; null for what is not a purl", () => {
  assert.deepEqual(parsePurl("pkg:oci/app@sha256%3Aabc?repository_url=ghcr.io/x/app&tag=v1"), {
    type: "oci",
    namespace: null,
    name: "app",
    version: "sha256:abc",
    qualifiers: { repository_url: "ghcr.io/x/app", tag: "v1" },
    base: "pkg:oci/app",
  });
  assert.equal(parsePurl("pkg:npm")?.name, undefined);
  assert.equal(parsePurl("npm/ms"), null);
  assert.equal(parsePurl("pkg:npm/%E0%A4%A"), null);
});

test("VEX: a not_affected statement about the package suppresses it, with justification and impact statement", () => {
  const statements = vex([
    notAffected("CVE-2024-0001", ["pkg:deb/debian/libssl3"], {
      impact_statement: "we never verify host names",
    }),
  ]);
  const r = run(fixtureFindings(), { vex: [{ file: "vex/a.json", statements }] });
  assert.deepEqual(keys(r.suppressed), ["CVE-2024-0001 libssl3"]);
  assert.deepEqual(r.suppressed[0]!.suppression, {
    kind: "vex",
    reason: "vulnerable_code_not_in_execute_path: we never verify host names",
    source: "vex/a.json",
  });
  assert.equal(r.findings.length, fixtureFindings().length - 1);
});

test("VEX: the vulnerability matches through aliases on either side", () => {
  const f = finding("CVE-2024-0004", pkg("requests"), { aliases: ["GHSA-9wx4-h78v-vm56"] });
  // The statement names the GHSA; the finding's id is the CVE.
  const a = vex([notAffected("GHSA-9wx4-h78v-vm56", ["pkg:pypi/requests"])]);
  assert.equal(run([f], { vex: [{ file: "a", statements: a }] }).suppressed.length, 1);
  // The statement names something else, with the CVE as an alias.
  const b = vex([
    {
      ...notAffected("PYSEC-2024-60", ["pkg:pypi/requests"]),
      vulnerability: { name: "PYSEC-2024-60", aliases: ["CVE-2024-0004"] },
    },
  ]);
  assert.equal(run([f], { vex: [{ file: "b", statements: b }] }).suppressed.length, 1);
  const c = vex([notAffected("CVE-2024-9999", ["pkg:pypi/requests"])]);
  assert.equal(run([f], { vex: [{ file: "c", statements: c }] }).suppressed.length, 0);
});

test("VEX: only not_affected suppresses", () => {
  const f = finding("CVE-1", pkg("bash"));
  for (const status of ["affected", "fixed", "under_investigation"]) {
    const statements = vex([
      { vulnerability: { name: "CVE-1" }, products: ["pkg:deb/debian/bash"], status },
    ]);
    assert.equal(run([f], { vex: [{ file: "a", statements }] }).suppressed.length, 0, status);
  }
});

test("VEX: a later statement for the same vulnerability and product overrides an earlier one", () => {
  const f = finding("CVE-1", pkg("bash"));
  const product = ["pkg:deb/debian/bash"];
  const at = (status: string, timestamp: string) => ({
    vulnerability: { name: "CVE-1" },
    products: product,
    status,
    timestamp,
    ...(status === "not_affected" ? { justification: "component_not_present" } : {}),
  });
  const suppressed = (
    statements: VexStatement[],
    more: { file: string; statements: VexStatement[] }[] = [],
  ) => run([f], { vex: [{ file: "a", statements }, ...more] }).suppressed.length === 1;

  // Later in time wins, whatever the document order.
  assert.equal(
    suppressed(
      vex([at("not_affected", "2024-01-01T00:00:00Z"), at("affected", "2024-02-01T00:00:00Z")]),
    ),
    false,
  );
  assert.equal(
    suppressed(
      vex([at("affected", "2024-02-01T00:00:00Z"), at("not_affected", "2024-01-01T00:00:00Z")]),
    ),
    false,
  );
  assert.equal(
    suppressed(
      vex([at("affected", "2024-01-01T00:00:00Z"), at("not_affected", "2024-02-01T00:00:00Z")]),
    ),
    true,
  );
  // Time zones are compared as instants: 10:00+02:00 is before 09:00Z.
  assert.equal(
    suppressed(
      vex([
        at("not_affected", "2024-01-01T09:00:00Z"),
        at("under_investigation", "2024-01-01T10:00:00+02:00"),
      ]),
    ),
    true,
  );
  // Same instant: document order.
  assert.equal(
    suppressed(
      vex([at("affected", "2024-01-01T00:00:00Z"), at("not_affected", "2024-01-01T00:00:00Z")]),
    ),
    true,
  );
  assert.equal(
    suppressed(
      vex([at("not_affected", "2024-01-01T00:00:00Z"), at("affected", "2024-01-01T00:00:00Z")]),
    ),
    false,
  );
  // Statements inheriting the document's timestamp: document order.
  assert.equal(
    suppressed(
      vex([
        { vulnerability: { name: "CVE-1" }, products: product, status: "fixed" },
        notAffected("CVE-1", product),
      ]),
    ),
    true,
  );
  // Across files at the same instant: the files in the order given.
  const first = vex([at("not_affected", "2024-01-01T00:00:00Z")]);
  const second = vex([at("affected", "2024-01-01T00:00:00Z")]);
  assert.equal(suppressed(first, [{ file: "b", statements: second }]), false);
  assert.equal(suppressed(second, [{ file: "b", statements: first }]), true);
  // A statement about another product does not override.
  assert.equal(
    suppressed(
      vex([
        at("not_affected", "2024-01-01T00:00:00Z"),
        {
          vulnerability: { name: "CVE-1" },
          products: ["pkg:deb/debian/zsh"],
          status: "affected",
          timestamp: "2024-03-01T00:00:00Z",
        },
      ]),
    ),
    true,
  );
});

test("VEX: a statement about the image without subcomponents covers every package in it", () => {
  const fs = [
    finding("CVE-1", pkg("bash")),
    finding("CVE-1", pkg("requests")),
    finding("CVE-2", pkg("bash")),
  ];
  const byProduct = (product: unknown, opts: Partial<SuppressOptions> = {}) =>
    keys(
      run(fs, { vex: [{ file: "a", statements: vex([notAffected("CVE-1", [product])]) }], ...opts })
        .suppressed,
    );
  const all = ["CVE-1 bash", "CVE-1 requests"];
  assert.deepEqual(byProduct(REF), all, "the reference as written");
  assert.deepEqual(byProduct(DIGEST), all, "the digest");
  assert.deepEqual(byProduct(`registry.example.com/team/app@${DIGEST}`), all, "name@digest");
  assert.deepEqual(
    byProduct(
      `pkg:oci/app@${encodeURIComponent(DIGEST)}?repository_url=registry.example.com/team/app`,
    ),
    all,
  );
  assert.deepEqual(
    byProduct({ hashes: { "sha-256": DIGEST.slice("sha256:".length) } }),
    all,
    "a sha-256 hash",
  );
  assert.deepEqual(
    byProduct("pkg:oci/app?repository_url=registry.example.com/team/app"),
    all,
    "the repository",
  );
  assert.deepEqual(
    byProduct("pkg:oci/app?repository_url=registry.example.com/team/app&tag=1.4.2"),
    all,
  );
  assert.deepEqual(byProduct("pkg:oci/app"), all, "the repository's last name");
  // Not this image.
  assert.deepEqual(byProduct(`pkg:oci/app@sha256%3A${"0".repeat(64)}`), []);
  assert.deepEqual(byProduct("pkg:oci/app?repository_url=registry.example.com/other/app"), []);
  assert.deepEqual(
    byProduct("pkg:oci/app?repository_url=registry.example.com/team/app&tag=2.0"),
    [],
  );
  assert.deepEqual(byProduct("registry.example.com/team/app:1.4.3"), []);
  assert.deepEqual(byProduct(`sha256:${"0".repeat(64)}`), []);
  // An image scanned without a digest is matched by reference only.
  assert.deepEqual(byProduct(DIGEST, { imageDigest: null }), []);
  assert.deepEqual(byProduct(REF, { imageDigest: null }), all);
});

test("VEX: Docker Hub short names and repository_url compare in full", () => {
  const f = finding("CVE-1", pkg("bash"));
  const check = (imageRef: string, product: string) =>
    run([f], {
      imageRef,
      imageDigest: null,
      vex: [{ file: "a", statements: vex([notAffected("CVE-1", [product])]) }],
    }).suppressed.length === 1;
  assert.equal(
    check("debian:12", "pkg:oci/debian?repository_url=index.docker.io/library/debian"),
    true,
  );
  assert.equal(
    check("docker.io/library/debian:12", "pkg:oci/debian?repository_url=docker.io/debian&tag=12"),
    true,
  );
  assert.equal(
    check("localhost:5000/app:1", "pkg:oci/app?repository_url=localhost:5000/app"),
    true,
  );
  assert.equal(check("oci:/tmp/layout:1", "pkg:oci/layout"), false);
  assert.equal(check("oci:/tmp/layout:1", "oci:/tmp/layout:1"), true);
});

test("VEX: a statement about the image with subcomponents covers only those packages", () => {
  const fs = [
    finding("CVE-1", pkg("bash")),
    finding("CVE-1", pkg("libssl3")),
    finding("CVE-1", pkg("requests")),
  ];
  const statements = vex([
    notAffected("CVE-1", [
      {
        "@id": `pkg:oci/app@${encodeURIComponent(DIGEST)}`,
        subcomponents: [
          { "@id": "pkg:deb/debian/bash@5.2.15-2+b7?arch=amd64" },
          { "@id": "openssl" },
        ],
      },
    ]),
  ]);
  const r = run(fs, { vex: [{ file: "a", statements }] });
  assert.deepEqual(keys(r.suppressed), ["CVE-1 bash", "CVE-1 libssl3"]);
  assert.deepEqual(keys(r.findings), ["CVE-1 requests"]);
  // The same statement for another image suppresses nothing.
  assert.equal(
    run(fs, { imageDigest: `sha256:${"1".repeat(64)}`, vex: [{ file: "a", statements }] })
      .suppressed.length,
    0,
  );
});

test("VEX: a later statement about one subcomponent overrides an earlier one about the whole image", () => {
  const fs = [finding("CVE-1", pkg("bash")), finding("CVE-1", pkg("requests"))];
  const statements = vex([
    notAffected("CVE-1", [REF], { timestamp: "2024-01-01T00:00:00Z" }),
    {
      vulnerability: { name: "CVE-1" },
      products: [{ "@id": REF, subcomponents: [{ "@id": "pkg:pypi/requests" }] }],
      status: "affected",
      action_statement: "upgrade",
      timestamp: "2024-02-01T00:00:00Z",
    },
  ]);
  const r = run(fs, { vex: [{ file: "a", statements }] });
  assert.deepEqual(keys(r.suppressed), ["CVE-1 bash"]);
  assert.deepEqual(keys(r.findings), ["CVE-1 requests"]);
});

test("VEX comes before the ignore file; the ignore file still applies where VEX does not suppress", () => {
  const fs = [finding("CVE-1", pkg("bash")), finding("CVE-1", pkg("requests"))];
  const r = run(fs, {
    ignore: [entry("CVE-1")],
    vex: [{ file: "v.json", statements: vex([notAffected("CVE-1", ["pkg:deb/debian/bash"])]) }],
  });
  assert.deepEqual(
    r.suppressed.map((s) => [s.package.name, s.suppression.kind]),
    [
      ["bash", "vex"],
      ["requests", "ignore"],
    ],
  );
  assert.deepEqual(r.findings, []);
});

test("filterFindings: --severity keeps the listed levels, --ignore-unfixed drops findings without a fix", () => {
  const all = fixtureFindings();
  const ids = (fs: VulnFinding[]) => fs.map((f) => `${f.severity.level} ${f.id}`);
  assert.deepEqual(ids(filterFindings(all, {})), ids(all));
  assert.deepEqual(ids(filterFindings(all, { severities: [] })), ids(all));
  assert.deepEqual(ids(filterFindings(all, { severities: ["CRITICAL", "HIGH"] })), [
    "HIGH GHSA-3xx7-q6hm-8p8w",
    "CRITICAL CVE-2024-0001",
    "HIGH CVE-2024-0003",
    "HIGH GHSA-3xx7-q6hm-8p8w",
  ]);
  // unfixed, will_not_fix and end_of_life all go.
  const eol = finding("CVE-3", pkg("bash"), { status: "end_of_life" });
  assert.deepEqual(ids(filterFindings([...all, eol], { ignoreUnfixed: true })), [
    "MEDIUM CVE-2024-0004",
    "HIGH GHSA-3xx7-q6hm-8p8w",
    "CRITICAL CVE-2024-0001",
    "UNKNOWN GO-2024-0006",
    "HIGH GHSA-3xx7-q6hm-8p8w",
    "MEDIUM CVE-2024-0007",
  ]);
  assert.deepEqual(ids(filterFindings(all, { severities: ["HIGH"], ignoreUnfixed: true })), [
    "HIGH GHSA-3xx7-q6hm-8p8w",
    "HIGH GHSA-3xx7-q6hm-8p8w",
  ]);
});

test("parseSeverities: comma list, any case, duplicates once; unknown levels are errors", () => {
  assert.deepEqual(parseSeverities("CRITICAL,HIGH"), ["CRITICAL", "HIGH"]);
  assert.deepEqual(parseSeverities(" high , critical,HIGH,"), ["HIGH", "CRITICAL"]);
  assert.deepEqual(parseSeverities("CRITICAL,HIHG"), {
    error: 'unknown severity "HIHG" (expected CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN)',
  });
  assert.deepEqual(parseSeverities(" , "), { error: "no severity given" });
});

test("VEX: a product that is not the image covers its subcomponents only when it is a scanned package", () => {
  const go = pkg("github.com/spf13/cobra");
  const app = { ...go, name: "example.com/app", purl: "pkg:golang/example.com/app@v1.0.0" };
  const fs = [finding("CVE-1", go), finding("CVE-1", pkg("bash"))];
  const statements = vex([
    notAffected("CVE-1", [
      {
        "@id": "pkg:golang/example.com/app",
        subcomponents: [{ "@id": "pkg:golang/github.com/spf13/cobra" }],
      },
    ]),
  ]);
  const v = [{ file: "a", statements }];
  assert.deepEqual(keys(run(fs, { vex: v, packages: [app, go, pkg("bash")] }).suppressed), [
    "CVE-1 github.com/spf13/cobra",
  ]);
  // The application is not in this target (or the caller did not say): nothing is suppressed.
  assert.deepEqual(run(fs, { vex: v, packages: [go, pkg("bash")] }).suppressed, []);
  assert.deepEqual(run(fs, { vex: v }).suppressed, []);
});
