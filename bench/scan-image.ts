/**
 * Benchmark helper for bench/scan.sh.
 *
 *   npx tsx bench/scan-image.ts make DIR [TOTAL_MB=200]
 *     writes an OCI layout DIR (tag "bench") of 4+ gzip layers: this machine's real dpkg
 *     database with os-release and /usr/share/doc (thousands of files), the project's
 *     node_modules, and incompressible random data up to TOTAL_MB compressed, and prints sizes.
 * The floor is bench/gunzip-floor.mjs, timed as a process like drydock is.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { buildLayer, type EntrySpec, writeLayout } from "../test/fixtures/image-builder.ts";
import { dpkgEntries, treeEntries } from "../test/fixtures/machine-files.ts";

async function make(dir: string, totalMb: number): Promise<void> {
  const dpkg: EntrySpec[] = [
    ...dpkgEntries(),
    { path: "/usr/lib/os-release", content: readFileSync("/usr/lib/os-release") },
    ...treeEntries("/usr/share/doc", "/usr/share/doc", undefined, 20_000),
  ];
  const layers = [
    await buildLayer(dpkg),
    await buildLayer(treeEntries("node_modules", "/app/node_modules", undefined, 200_000)),
  ];
  const chunk = 35_000_000;
  const real = layers.reduce((n, l) => n + l.blob.length, 0);
  for (let left = Math.max(chunk, totalMb * 1_000_000 - real); left > 0; left -= chunk) {
    layers.push(
      await buildLayer([
        { path: `/opt/data/blob-${left}`, content: randomBytes(Math.min(chunk, left)) },
      ]),
    );
  }
  await writeLayout(dir, "bench", layers);
  const total = layers.reduce((n, l) => n + l.blob.length, 0);
  process.stdout.write(
    `layers=${layers.length}\ncompressed_bytes=${total}\ndpkg_layer_files=${dpkg.length}\n`,
  );
}

const [cmd, dir, arg] = process.argv.slice(2);
if (cmd === "make" && dir) await make(dir, Number(arg ?? 200));
else {
  process.stderr.write("usage: tsx bench/scan-image.ts make DIR [TOTAL_MB]\n");
  process.exit(2);
}
