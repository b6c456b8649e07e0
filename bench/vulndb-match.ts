/**
 * Matching time for 1,000 packages once the database is open (bench/vulndb.sh): the packages
 * are the names the generated database has advisories for, at versions inside and outside the
 * ranges. Prints the median of ROUNDS runs.
 *   npx tsx bench/vulndb-match.ts DB_FILE [ROUNDS]
 */
import type { Package } from "../src/scanner/catalog/types.ts";
import type { InventoryReport } from "../src/scanner/report/inventory.ts";
import { matchInventory } from "../src/scanner/vulndb/match.ts";
import { SqliteVulnStore } from "../src/storage/vulndb-sqlite/store.ts";

const [file, roundsArg] = process.argv.slice(2);
if (!file) throw new Error("usage: vulndb-match.ts DB_FILE [ROUNDS]");
const rounds = Number(roundsArg ?? 15);
const packages: Package[] = [];
for (let i = 0; i < 1000; i++) {
  const kind = i % 5;
  const v = `${i % 7}.${i % 13}.${i % 3}`;
  const p: Package =
    kind === 0
      ? {
          type: "npm",
          name: `pkg-${i * 37}`,
          version: v,
          purl: "",
          path: "/app/node_modules/x/package.json",
        }
      : kind === 1
        ? {
            type: "pypi",
            name: `Py_Package-${i * 11}`,
            version: v,
            purl: "",
            path: "/site-packages/x",
          }
        : kind === 2
          ? {
              type: "golang",
              name: `github.com/org${i % 500}/mod${i * 7}`,
              version: `v${v}`,
              purl: "",
              path: "/bin/app",
            }
          : kind === 3
            ? {
                type: "maven",
                name: `org.example${i % 300}:artifact-${i * 5}`,
                version: v,
                purl: "",
                path: "/app.jar",
              }
            : {
                type: "deb",
                name: `bin-${i}`,
                version: `${1 + (i % 5)}.${i % 30}.${i % 7}-1`,
                source: { name: `src-${i * 3}`, version: `${1 + (i % 5)}.${i % 30}.${i % 7}-1` },
                purl: "",
                path: "/var/lib/dpkg/status",
              };
  packages.push(p);
}
const inventory: InventoryReport = {
  schemaVersion: 1,
  tool: { name: "drydock", version: "bench" },
  createdAt: new Date().toISOString(),
  target: {
    kind: "image",
    ref: "bench",
    digest: null,
    platform: null,
    os: {
      id: "debian",
      versionId: "12",
      versionCodename: "bookworm",
      prettyName: null,
      idLike: [],
    },
    layers: [],
  },
  packages,
  problems: [],
  partial: false,
};
const store = new SqliteVulnStore(file, { readonly: true });
const times: number[] = [];
let findings = 0;
for (let r = 0; r < rounds; r++) {
  const t = performance.now();
  findings = matchInventory(inventory, store).findings.length;
  times.push(performance.now() - t);
}
store.close();
times.sort((a, b) => a - b);
console.log(`match_packages=${packages.length}`);
console.log(`match_findings=${findings}`);
console.log(`match_max_ms=${times.at(-1)!.toFixed(1)}`);
console.log(`match_median_ms=${times[Math.floor(times.length / 2)]!.toFixed(1)}`);
