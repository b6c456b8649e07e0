import assert from "node:assert/strict";
import { test } from "node:test";
import type { InventoryReport } from "./inventory.ts";
import { clean, toTable } from "./table.ts";
import { report } from "./testdata/inventory-report.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes
const ANSI = /\u001b\[[0-9;]*m/g;

function lines(out: string): string[] {
  return out.trimEnd().split("\n");
}

/** The cells of the table row whose second cell is `name` and whose last cell contains `path`. */
function row(out: string, name: string, path = ""): string[] {
  const found = lines(out)
    .map((l) =>
      l
        .split("│")
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .filter((cells) => cells[1] === name && cells.at(-1)!.includes(path));
  assert.equal(found.length, 1, `${name} ${path}`);
  return found[0]!;
}

test("header: target, digest, platform, OS, layer count", () => {
  const out = toTable(report(), { color: false });
  assert.deepEqual(lines(out).slice(0, 5), [
    "Target:   registry.example.com/team/app:1.4.2 (image)",
    "Digest:   sha256:3f0a7e1c2b9d8e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f",
    "Platform: linux/amd64",
    "OS:       Debian GNU/Linux 12 (bookworm)",
    "Layers:   3",
  ]);
});

test("summary table: packages per type and the total", () => {
  const out = toTable(report(), { color: false });
  const counts = lines(out)
    .map((l) =>
      l
        .split("│")
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .filter((cells) => cells.length === 2);
  assert.deepEqual(counts, [
    ["Type", "Packages"],
    ["deb", "3"],
    ["golang", "1"],
    ["maven", "1"],
    ["npm", "4"],
    ["pypi", "1"],
    ["total", "10"],
  ]);
});

test("package rows: type, name, version, source where it differs, short layer id, path", () => {
  const out = toTable(report(), { color: false });
  assert.deepEqual(row(out, "Name"), ["Type", "Name", "Version", "Source", "Layer", "Path"]);
  assert.deepEqual(row(out, "libc6"), [
    "deb",
    "libc6",
    "2.36-9+deb12u7",
    "glibc",
    "8d853c8add5d",
    "/var/lib/dpkg/status",
  ]);
  assert.deepEqual(row(out, "bash"), [
    "deb",
    "bash",
    "5.2.15-2+b7",
    "bash 5.2.15-2",
    "8d853c8add5d",
    "/var/lib/dpkg/status",
  ]);
  assert.deepEqual(row(out, "@babel/code-frame"), [
    "npm",
    "@babel/code-frame",
    "7.24.7",
    "",
    "c4a7e9b2d1f0",
    "/usr/src/app/node_modules/@babel/code-frame/package.json",
  ]);
  row(out, "ms", "/usr/src/app/node_modules/ms/package.json");
  row(out, "ms", "/usr/src/app/node_modules/debug/node_modules/ms/package.json");
  const names = lines(out)
    .map((l) =>
      l
        .split("│")
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .filter((cells) => cells.length === 6)
    .map((cells) => cells[1]);
  assert.deepEqual(names, [
    "Name",
    "bash",
    "libc6",
    "libssl3",
    "github.com/spf13/cobra",
    "commons-lang3",
    "@babel/code-frame",
    "ms",
    "ms",
    "spdx-correct",
    "requests",
  ]);
});

test("problems with file, layer and reason; the last line sums it up", () => {
  const out = toTable(report(), { color: false });
  assert.ok(out.includes("Problems (1): these parts could not be read"));
  const problem = lines(out)
    .map((l) =>
      l
        .split("│")
        .slice(1, -1)
        .map((c) => c.trim()),
    )
    .filter((cells) => cells.length === 3);
  assert.deepEqual(problem, [
    ["Path", "Layer", "Reason"],
    [
      "/usr/local/lib/python3.12/site-packages/broken-1.0.dist-info/METADATA",
      "1f8f2e4d3b0a",
      "no Name: field",
    ],
  ]);
  assert.equal(
    lines(out).at(-1),
    "10 packages (deb 3, golang 1, maven 1, npm 4, pypi 1); partial: 1 problem",
  );
  assert.ok(out.endsWith("problem\n"));
});

test("color: ANSI styles only when asked, and the same layout once they are removed", () => {
  const plain = toTable(report(), { color: false });
  const colored = toTable(report(), { color: true });
  assert.doesNotMatch(plain, ANSI);
  assert.match(colored, ANSI);
  assert.equal(colored.replace(ANSI, ""), plain);
});

test("an empty directory scan", () => {
  const r: InventoryReport = {
    ...report(),
    target: { kind: "dir", ref: "dir:/src", digest: null, platform: null, os: null, layers: [] },
    packages: [],
    problems: [],
    partial: false,
  };
  const out = toTable(r, { color: false });
  assert.ok(out.startsWith("Target:   dir:/src (dir)\nDigest:   -\n"));
  assert.ok(out.includes("No packages found."));
  assert.equal(lines(out).at(-1), "0 packages");
});

test("one package, two problems: singular and plural", () => {
  const r = report();
  r.packages = r.packages.slice(0, 1);
  r.problems.push({ path: "/lib/apk/db/installed", reason: "truncated", layer: null });
  assert.equal(
    lines(toTable(r, { color: false })).at(-1),
    "1 package (npm 1); partial: 2 problems",
  );
});

test("control characters from the image never reach the terminal", () => {
  const r = report();
  r.packages[0]!.name = "evil\u001b[2J\u001b]0;pwned\u0007";
  r.packages[0]!.path = "/x\r\ny\u202e";
  r.problems[0]!.reason = "bad\u009bbyte";
  for (const color of [false, true]) {
    const out = toTable(r, { color }).replace(ANSI, "");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the check itself
    assert.doesNotMatch(out.replace(/\n/g, ""), /[\u0000-\u001f\u007f-\u009f\u202e]/);
  }
  assert.equal(clean("a\u001bb\nc"), "a\ufffdb\ufffdc");
});

test("a language package the OS installed is marked (os) and counted in the summary", () => {
  const r = report();
  const first = r.packages.find((p) => p.type !== "deb")!;
  first.osOwned = true;
  const out = toTable(r, { color: false });
  assert.equal(row(out, first.name, first.path)[0], `${first.type} (os)`);
  assert.match(lines(out).at(-1)!, /; 1 installed by the OS package manager, marked \(os\)/);
  assert.doesNotMatch(toTable(report(), { color: false }), /marked \(os\)/);
});
