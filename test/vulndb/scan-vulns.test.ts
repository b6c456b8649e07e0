import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import ajv from "ajv";
import addFormats from "ajv-formats";
import { buildElf, framed, inlineBlob } from "../../src/scanner/catalog/go-binary/fixtures.ts";
import { buildLayer, type EntrySpec, writeLayout } from "../fixtures/image-builder.ts";
import { dpkgEntries, treeEntries } from "../fixtures/machine-files.ts";
import { osvSnapshotDir } from "../helpers/osv.ts";
import { repoRoot, runDrydock } from "../helpers/process.ts";

/**
 * `drydock db update` + `drydock scan image|dir --scanners vulns` end to end, through the CLI:
 * the database is built from the real OSV snapshot (../shared/osv, read as a file:// mirror)
 * plus hand-written distribution records (test/fixtures/osv-distro); the images are made from
 * this machine's real dpkg database and Python packages, npm packages installed from the npm
 * registry at old versions (the fixture-* devDependencies), and a Go binary's build info.
 */
const OSV = osvSnapshotDir();
let dir: string;
let db: string;
const refs: Record<string, string> = {};

interface Finding {
  id: string;
  aliases: string[];
  package: { name: string; version: string; type: string; path: string };
  fixedVersions: string[];
  status: string;
  severity: { level: string; source: string; score: number | null };
}
interface Doc {
  findings: Finding[];
  suppressed: (Finding & { suppression: { kind: string; reason: string } })[];
  warnings: string[];
}

const OS_RELEASE: EntrySpec = { path: "/etc/os-release", content: readFileSync("/etc/os-release") };
const SITE = "/usr/lib/python3/dist-packages";
const pythonMeta = (prefix: string) =>
  treeEntries(SITE, prefix, (rel) => /\.(dist|egg)-info(\/(METADATA|PKG-INFO))?$/.test(rel));

/** The npm packages installed at old versions for this test (package.json devDependencies). */
const OLD_NPM = ["qs", "ws", "semver", "jsonwebtoken", "lodash", "minimist"];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-vulns-"));
  db = join(dir, "osv.db");
  const update = await runDrydock(
    [
      "db",
      "update",
      "--db",
      db,
      "--mirror",
      pathToFileURL(OSV).href,
      "--ecosystem",
      "Go",
      "PyPI",
      "crates.io",
      "npm",
    ],
    { timeoutMs: 240_000 },
  );
  assert.equal(update.code, 0, update.stderr);
  const imported = await runDrydock([
    "db",
    "import",
    join(repoRoot, "test/fixtures/osv-distro"),
    "--db",
    db,
  ]);
  assert.equal(imported.code, 0, imported.stderr);

  const dpkg: EntrySpec[] = [...dpkgEntries(), OS_RELEASE];
  refs.debian = (
    await writeLayout(join(dir, "debian"), "v1", [
      await buildLayer(dpkg),
      await buildLayer(pythonMeta(SITE)),
    ])
  ).ref;
  // The same Python packages where pip (not dpkg) put them: language records apply.
  refs.pip = (
    await writeLayout(join(dir, "pip"), "v1", [
      await buildLayer([OS_RELEASE, ...pythonMeta("/usr/local/lib/python3.11/site-packages")]),
    ])
  ).ref;
  const node: EntrySpec[] = OLD_NPM.map((name) => ({
    path: `/app/node_modules/${name}/package.json`,
    content: readFileSync(join(repoRoot, "node_modules", `fixture-${name}`, "package.json")),
  }));
  // A current semver nested elsewhere: not vulnerable, must not be reported.
  node.push({
    path: "/app/node_modules/some-tool/node_modules/semver/package.json",
    content: readFileSync(join(repoRoot, "node_modules", "semver", "package.json")),
  });
  refs.node = (await writeLayout(join(dir, "node"), "v1", [await buildLayer(node)])).ref;
  const modinfo = [
    "path\texample.com/app",
    "mod\texample.com/app\t(devel)\t",
    "dep\tgolang.org/x/net\tv0.10.0\th1:net=",
    "dep\tgolang.org/x/text\tv0.3.7\th1:text=",
    "dep\tgithub.com/google/uuid\tv1.6.0\th1:uuid=",
    "",
  ].join("\n");
  const elf = buildElf({
    is64: true,
    littleEndian: true,
    sections: [{ name: ".go.buildinfo", data: inlineBlob("go1.21.0", framed(modinfo)) }],
  });
  refs.go = (
    await writeLayout(join(dir, "go"), "v1", [
      await buildLayer([{ path: "/usr/local/bin/app", content: elf, mode: 0o755 }]),
    ])
  ).ref;
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function scan(ref: string, extra: string[] = [], kind = "image") {
  return runDrydock(
    [
      "scan",
      kind,
      ref,
      "--scanners",
      "vulns",
      "--db",
      db,
      ...(kind === "image" ? ["--no-cache"] : []),
      ...extra,
    ],
    { timeoutMs: 120_000 },
  );
}

async function scanJson(ref: string, extra: string[] = [], kind = "image"): Promise<Doc> {
  const r = await scan(ref, ["--format", "json", ...extra], kind);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Doc;
}

const rows = (d: Doc) =>
  d.findings
    .map(
      (f) =>
        `${f.package.name}@${f.package.version} ${f.id} ${f.fixedVersions[0] ?? `(${f.status})`}`,
    )
    .sort();

test("db status lists what was imported", async () => {
  const r = await runDrydock(["db", "status", "--db", db, "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  const status = JSON.parse(r.stdout) as { sources: { source: string; records: number }[] };
  const counts = Object.fromEntries(
    status.sources.map((s) => [s.source.replace(/^import:.*/, "import"), s.records]),
  );
  assert.deepEqual(counts, { Go: 4291, PyPI: 2661, "crates.io": 1206, npm: 23, import: 10 });
  const table = await runDrydock(["db", "status", "--db", db]);
  assert.match(table.stdout, /ECOSYSTEM\s+RECORDS\s+UPDATED\s+AGE/);
  assert.match(table.stdout, /^Go\s+4291\s/m);
});

test("a Node app's old npm packages match the real npm advisories, and only those", async () => {
  const doc = await scanJson(refs.node!);
  assert.deepEqual(rows(doc), [
    "jsonwebtoken@8.5.1 CVE-2022-23529 9.0.0",
    "lodash@4.17.15 CVE-2020-28500 4.17.21",
    "lodash@4.17.15 CVE-2020-8203 4.17.20",
    "lodash@4.17.15 CVE-2021-23337 4.17.21",
    "minimist@1.2.5 CVE-2021-44906 1.2.6",
    "qs@6.5.2 CVE-2022-24999 6.5.3",
    "semver@5.7.1 CVE-2022-25883 5.7.2",
    "ws@7.4.6 CVE-2024-37890 7.5.10",
  ]);
  const minimist = doc.findings.find((f) => f.package.name === "minimist")!;
  assert.deepEqual(minimist.aliases, ["GHSA-xvch-5gv4-984h"]);
  assert.deepEqual(
    [minimist.severity.level, minimist.severity.source, minimist.severity.score],
    ["CRITICAL", "cvss-v3.1", 9.8],
  );
  // Critical first.
  assert.equal(doc.findings[0]!.severity.level, "CRITICAL");
});

test("this machine's dpkg database against hand-written Debian records: source packages, status, epochs", async () => {
  const doc = await scanJson(refs.debian!);
  // Binary packages built from a source package, by dpkg-query (the oracle).
  const binariesOf = (source: string) =>
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query format fields, not a template
    execFileSync("dpkg-query", ["-W", "-f", "${Package} ${source:Package}\n"], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.split(" ")[1] === source)
      .map((l) => l.split(" ")[0]!)
      .sort();
  const glibcBinaries = binariesOf("glibc");
  assert.ok(glibcBinaries.includes("libc6"));
  const byId = (id: string) =>
    doc.findings
      .filter((f) => f.id === id)
      .map((f) => f.package.name)
      .sort();
  // Unfixed, unimportant: every binary package built from glibc.
  assert.deepEqual(byId("CVE-2010-4756"), glibcBinaries);
  assert.deepEqual(byId("CVE-2011-3374"), binariesOf("apt"));
  assert.ok(binariesOf("apt").length >= 2, "apt, libapt-pkg6.0, ...");
  // Fixed in deb12u3; this machine has a later glibc: no finding.
  assert.deepEqual(byId("CVE-2023-4911"), []);
  // Bullseye's record does not apply to bookworm.
  assert.deepEqual(byId("CVE-2099-0003"), []);
  // zlib 1:1.2.13: below 1:1.2.13.dfsg-1+deb12u99, above 1.2.13.dfsg-2 (epoch 0).
  assert.deepEqual(byId("CVE-2099-0001"), binariesOf("zlib"));
  assert.ok(binariesOf("zlib").includes("zlib1g"));
  assert.deepEqual(byId("CVE-2099-0002"), []);
  const status = (id: string) => [
    ...new Set(
      doc.findings
        .filter((f) => f.id === id)
        .map((f) => `${f.status} ${f.severity.level} ${f.severity.source}`),
    ),
  ];
  assert.deepEqual(status("CVE-2010-4756"), ["unfixed LOW debian"]);
  assert.deepEqual(status("CVE-2005-2541"), ["will_not_fix LOW debian"]);
  assert.deepEqual(status("CVE-2099-0004"), ["end_of_life UNKNOWN none"]);
  assert.deepEqual(status("CVE-2099-0001"), ["fixed MEDIUM debian"]);
  // Python packages Debian installed are matched through Debian's records only.
  assert.deepEqual(
    doc.findings.filter((f) => f.package.type === "pypi"),
    [],
  );
});

test("the same Python packages installed by pip are matched against the PyPI advisories", async () => {
  const doc = await scanJson(refs.pip!);
  const crypto = doc.findings.filter((f) => f.package.name === "cryptography");
  assert.ok(crypto.length > 0, "cryptography 38.0.4 has known advisories");
  assert.ok(crypto.every((f) => f.package.version === "38.0.4" && f.fixedVersions.length > 0));
});

test("a Go binary's build info against the real Go database, stdlib included", async () => {
  const doc = await scanJson(refs.go!);
  const names = new Set(doc.findings.map((f) => f.package.name));
  assert.ok(names.has("stdlib"), "go1.21.0 has known standard library vulnerabilities");
  assert.ok(names.has("golang.org/x/net"));
  assert.ok(names.has("golang.org/x/text"));
  assert.ok(!names.has("github.com/google/uuid"));
  assert.ok(
    doc.findings.every((f) => f.aliases.some((a) => a.startsWith("GO-")) || f.id.startsWith("GO-")),
  );
  const text = doc.findings.filter((f) => f.package.name === "golang.org/x/text").map((f) => f.id);
  assert.ok(text.includes("CVE-2022-32149"), text.join(","));
});

test("SARIF output is valid SARIF 2.1.0; CycloneDX carries the same vulnerabilities", async () => {
  const sarif = await scan(refs.node!, ["--format", "sarif"]);
  assert.equal(sarif.code, 0, sarif.stderr);
  const schema = JSON.parse(
    await readFile(join(repoRoot, "test/fixtures/sarif-schema-2.1.0.json"), "utf8"),
  );
  const validator = new ajv.default({ strict: false, allErrors: true });
  addFormats.default(validator);
  const validate = validator.compile(schema);
  const log = JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] };
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 3)));
  assert.equal(log.runs[0]!.results.length, 8);
  const cdx = await scan(refs.node!, ["--format", "cyclonedx"]);
  assert.equal(cdx.code, 0, cdx.stderr);
  const bom = JSON.parse(cdx.stdout) as {
    specVersion: string;
    vulnerabilities: { id: string }[];
    components: unknown[];
  };
  assert.equal(bom.specVersion, "1.6");
  assert.equal(bom.vulnerabilities.length, 8);
  assert.equal(bom.components.length, OLD_NPM.length + 1);
});

test("table output groups by severity; filters and exit codes gate CI", async () => {
  const table = await scan(refs.node!);
  assert.equal(
    table.code,
    0,
    "vulnerabilities alone do not fail the scan unless --exit-code says so",
  );
  assert.match(table.stdout, /CRITICAL/);
  assert.match(table.stdout, /Total: 8 \(CRITICAL 1, HIGH \d, MEDIUM \d, LOW 0, UNKNOWN 0\)/);
  assert.ok(table.stdout.indexOf("CRITICAL") < table.stdout.indexOf("MEDIUM"));
  const gate = await scan(refs.node!, ["--exit-code", "1", "--severity", "CRITICAL"]);
  assert.equal(gate.code, 1);
  const low = await scan(refs.node!, ["--exit-code", "1", "--severity", "LOW", "--format", "json"]);
  assert.equal(low.code, 0);
  assert.deepEqual(JSON.parse(low.stdout).findings, []);
  const deb = await scanJson(refs.debian!, ["--ignore-unfixed"]);
  assert.ok(deb.findings.every((f) => f.status === "fixed"));
  assert.ok(deb.findings.some((f) => f.id === "CVE-2099-0001"));
  const bad = await scan(refs.node!, ["--severity", "SEVERE"]);
  assert.notEqual(bad.code, 0);
  assert.match(
    bad.stderr,
    /--severity: unknown severity "SEVERE" \(expected CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN\)/,
  );
});

test("an ignore file needs reasons and expiry dates; expired entries stop applying", async () => {
  const file = join(dir, "ignore.yaml");
  await writeFile(
    file,
    [
      "ignore:",
      "  - id: CVE-2021-44906",
      "    reason: minimist only parses our own fixed argv",
      "    expires: 2099-12-31",
      "  - id: GHSA-hrpp-h998-j3pp",
      "    reason: accepted until the upgrade",
      "    expires: 2020-01-01",
      "",
    ].join("\n"),
  );
  const r = await scan(refs.node!, ["--format", "json", "--ignorefile", file]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as Doc;
  assert.deepEqual(
    doc.suppressed.map((f) => [f.id, f.suppression.kind, f.suppression.reason]),
    [["CVE-2021-44906", "ignore", "minimist only parses our own fixed argv"]],
  );
  assert.ok(
    doc.findings.some((f) => f.id === "CVE-2022-24999"),
    "the expired entry no longer applies",
  );
  assert.match(r.stderr, /expired on 2020-01-01/);
  await writeFile(file, "ignore:\n  - id: CVE-2021-44906\n    expires: 2099-12-31\n");
  const bad = await scan(refs.node!, ["--ignorefile", file]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /ignore\.yaml:2: .*reason/);
});

test("an OpenVEX not_affected statement suppresses a finding and shows its justification", async () => {
  const vex = join(dir, "app.openvex.json");
  await writeFile(
    vex,
    JSON.stringify({
      "@context": "https://openvex.dev/ns/v0.2.0",
      "@id": "https://example.com/vex/app-1",
      author: "security@example.com",
      timestamp: "2026-11-01T00:00:00Z",
      version: 1,
      statements: [
        {
          vulnerability: { name: "CVE-2022-24999" },
          products: [{ "@id": "pkg:npm/qs" }],
          status: "not_affected",
          justification: "vulnerable_code_not_in_execute_path",
          impact_statement: "qs.parse is never given user input",
        },
      ],
    }),
  );
  const doc = await scanJson(refs.node!, ["--vex", vex]);
  assert.deepEqual(
    doc.suppressed.map((f) => [f.id, f.package.name, f.suppression.kind]),
    [["CVE-2022-24999", "qs", "vex"]],
  );
  assert.match(doc.suppressed[0]!.suppression.reason, /vulnerable_code_not_in_execute_path/);
  assert.equal(doc.findings.length, 7);
});

test("scan dir matches lockfiles in a source tree", async () => {
  const tree = join(dir, "tree");
  await mkdir(tree, { recursive: true });
  await writeFile(
    join(tree, "package-lock.json"),
    JSON.stringify({
      name: "app",
      lockfileVersion: 3,
      packages: {
        "": { name: "app", dependencies: { qs: "6.5.2" } },
        "node_modules/qs": { version: "6.5.2" },
        "node_modules/minimist": { version: "1.2.8" },
      },
    }),
  );
  await writeFile(join(tree, "requirements.txt"), "PyYAML==5.3\nrequests>=2\n");
  await writeFile(
    join(tree, "go.mod"),
    "module example.com/app\n\ngo 1.22\n\nrequire golang.org/x/text v0.3.7\n",
  );
  const doc = await scanJson(tree, [], "dir");
  const byPkg = new Set(
    doc.findings.map((f) => `${f.package.type}:${f.package.name}@${f.package.version}`),
  );
  assert.ok(byPkg.has("npm:qs@6.5.2"));
  assert.ok(!byPkg.has("npm:minimist@1.2.8"));
  assert.ok(byPkg.has("pypi:PyYAML@5.3") || byPkg.has("pypi:pyyaml@5.3"), [...byPkg].join(","));
  assert.ok(byPkg.has("golang:golang.org/x/text@v0.3.7"), [...byPkg].join(","));
});

test("without a database, the scan says how to get one", async () => {
  const r = await runDrydock([
    "scan",
    "image",
    refs.node!,
    "--scanners",
    "vulns",
    "--db",
    join(dir, "missing.db"),
    "--no-cache",
  ]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /no vulnerability database at .*missing\.db: run `drydock db update`/);
});

test("a file that is not a vulnerability database gets a message, not a stack trace", async () => {
  const junk = join(dir, "junk.db");
  await writeFile(
    junk,
    "this is not a database, only text long enough to have a header\n".repeat(4),
  );
  for (const args of [
    ["db", "status", "--db", junk],
    ["db", "update", "--db", junk, "--mirror", pathToFileURL(OSV).href, "--ecosystem", "npm"],
    ["scan", "image", refs.node!, "--scanners", "vulns", "--db", junk, "--no-cache"],
  ]) {
    const r = await runDrydock(args);
    assert.equal(r.code, 1, args.join(" "));
    assert.match(
      r.stderr,
      /junk\.db: not a drydock vulnerability database \(file is not a database\)/,
    );
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
  assert.match(await readFile(junk, "utf8"), /^this is not a database/, "the file is left alone");
});

test("db commands refuse bad usage with exit code 2 and say why", async () => {
  const mirror = await runDrydock([
    "db",
    "update",
    "--db",
    join(dir, "u.db"),
    "--mirror",
    "ftp://mirror.example/osv",
  ]);
  assert.equal(mirror.code, 2);
  assert.match(
    mirror.stderr,
    /mirror ftp:\/\/mirror\.example\/osv is not an http\(s\):\/\/ or file:\/\/ URL/,
  );
  const format = await runDrydock(["db", "status", "--db", db, "--format", "xml"]);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format takes table or json/);
  const missing = await runDrydock([
    "db",
    "import",
    join(dir, "no-such-folder"),
    "--db",
    join(dir, "u.db"),
  ]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no-such-folder: cannot read \(ENOENT\)/);
});
