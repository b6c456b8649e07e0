/**
 * Generates a large OSV database in the bulk layout (`<ECOSYSTEM>/all.zip`) for bench/vulndb.sh:
 * records shaped like real ones (aliases, CVSS vectors, several ranges, version lists), spread
 * over ecosystems the way osv.dev's are, each package having a few advisories.
 *   npx tsx bench/vulndb-gen.ts OUT_DIR RECORDS
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { zipSync } from "fflate";

const [out, countArg] = process.argv.slice(2);
if (!out) throw new Error("usage: vulndb-gen.ts OUT_DIR [RECORDS]");
const total = Number(countArg ?? 500_000);
const SHARE: [string, number, (i: number) => [string, string[]]][] = [
  ["npm", 0.4, (i) => [`pkg-${i % 40_000}`, semverEvents(i)]],
  ["PyPI", 0.15, (i) => [`py-package-${i % 15_000}`, semverEvents(i)]],
  ["Go", 0.1, (i) => [`github.com/org${i % 500}/mod${i % 9_000}`, semverEvents(i)]],
  ["Maven", 0.1, (i) => [`org.example${i % 300}:artifact-${i % 8_000}`, semverEvents(i)]],
  [
    "Debian",
    0.25,
    (i) => [
      `src-${i % 12_000}`,
      [`${1 + (i % 5)}.${i % 30}.${i % 7}-${1 + (i % 4)}+deb12u${1 + (i % 9)}`],
    ],
  ],
];
function semverEvents(i: number): string[] {
  return [`${i % 7}.${i % 13}.${i % 5}`, `${i % 7}.${(i % 13) + 1}.0`];
}
let made = 0;
for (const [eco, share, pick] of SHARE) {
  const n = eco === "Debian" ? total - made : Math.round(total * share);
  const files: Record<string, Uint8Array> = {};
  for (let k = 0; k < n; k++) {
    const i = made + k;
    const [name, ev] = pick(i);
    const id =
      eco === "Debian"
        ? `DEBIAN-CVE-2030-${i}`
        : `GHSA-gen${i.toString(36).padStart(4, "0")}-bench`;
    const ecosystem = eco === "Debian" ? "Debian:12" : eco;
    const ranges =
      eco === "Debian"
        ? [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: ev[0] }] }]
        : [
            { type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: ev[0] }] },
            {
              type: "ECOSYSTEM",
              events: [{ introduced: ev[1] }, { fixed: `${ev[1]!.split(".")[0]}.99.0` }],
            },
          ];
    const record = {
      schema_version: "1.6.0",
      id,
      modified: "2026-11-01T00:00:00Z",
      published: "2026-01-01T00:00:00Z",
      aliases: [`CVE-2030-${i}`],
      summary: `Generated advisory ${i} for ${name}`,
      details:
        "A generated description of a vulnerability, as long as a typical advisory paragraph is. ".repeat(
          4,
        ),
      severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:N" }],
      affected: [
        {
          package: { ecosystem, name },
          ranges,
          ...(eco === "Debian" ? { ecosystem_specific: { urgency: "medium" } } : {}),
        },
      ],
      references: [
        { type: "ADVISORY", url: `https://example.com/advisories/${id}` },
        { type: "WEB", url: `https://example.com/issues/${i}` },
      ],
    };
    files[`${id}.json`] = Buffer.from(JSON.stringify(record));
  }
  made += n;
  mkdirSync(join(out, eco), { recursive: true });
  writeFileSync(join(out, eco, "all.zip"), zipSync(files, { level: 6 }));
  process.stdout.write(`${eco}: ${n} records\n`);
}
