/**
 * Benchmark helper: writes a fresh multi-layer OCI image layout (new random bytes every run, so
 * no registry can deduplicate its blobs) and prints facts about it for bench/registry.sh.
 *
 * Usage: npx tsx bench/make-image.ts DIR TAG [LAYERS=8] [LAYER_MB=25]
 *
 * Prints shell-friendly `key=value` lines on stdout:
 *   ref=oci:DIR:TAG
 *   manifest_digest=sha256:...
 *   layers=8
 *   total_bytes=...   (compressed bytes a push/pull moves: layers + config + manifest)
 */
import { writeOciLayout } from "../test/fixtures/oci-layout.ts";

function positiveInt(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

async function main(): Promise<void> {
  const [dir, tag, layersArg, layerMbArg] = process.argv.slice(2);
  if (!dir || !tag) {
    process.stderr.write("usage: tsx bench/make-image.ts DIR TAG [LAYERS] [LAYER_MB]\n");
    process.exit(2);
  }
  const layers = positiveInt(layersArg, 8, "LAYERS");
  const layerBytes = positiveInt(layerMbArg, 25, "LAYER_MB") * 1_000_000;

  const image = await writeOciLayout({
    dir,
    tag,
    layerSizes: Array.from({ length: layers }, () => layerBytes),
  });
  const total =
    image.layers.reduce((sum, l) => sum + l.size, 0) + image.config.length + image.manifest.length;

  process.stdout.write(
    [
      `ref=${image.ref}`,
      `manifest_digest=${image.manifestDigest}`,
      `layers=${image.layers.length}`,
      `total_bytes=${total}`,
    ].join("\n") + "\n",
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`make-image: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
