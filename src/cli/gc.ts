import { Command } from "commander";
import { configFrom, withConfigOptions } from "./config-options.ts";

export function gcCommand(): Command {
  const cmd = new Command("gc").description(
    "collect unreferenced blobs (and, with --gc-untagged true, untagged manifests); safe while the server runs",
  );
  cmd.option("--dry-run", "list what would be removed and change nothing");
  cmd.option("--json", "print the result as JSON");
  withConfigOptions(
    cmd,
    (path) =>
      path.startsWith("storage.") ||
      path.startsWith("gc.") ||
      path === "registry.uploadExpiryHours",
  );
  cmd.action(async (opts: Record<string, unknown>) => {
    const config = await configFrom(opts);
    const { createPino, toLogger } = await import("../app/logger.ts");
    const { openRegistry } = await import("../app/registry.ts");
    // Loaded here, not at start-up: output.ts brings the progress bar library.
    const { formatBytes, table } = await import("./output.ts");
    const { registry, close } = await openRegistry(config, toLogger(createPino("warn")));
    try {
      const dryRun = Boolean(opts.dryRun);
      const result = await registry.gc.run({ dryRun });
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ dryRun, ...result }, null, 2)}\n`);
        return;
      }
      const verb = dryRun ? "would remove" : "removed";
      const rows: string[][] = [
        ...result.manifests.map((m) => ["manifest", `${m.repository}@${m.digest}`, ""]),
        ...result.links.map((l) => ["link", `${l.repository} -> ${l.digest}`, ""]),
        ...result.blobs.map((b) => [
          "blob",
          b.digest,
          b.size === null ? "orphan file" : formatBytes(b.size),
        ]),
        ...result.uploads.map((u) => ["upload", u, "expired session"]),
      ];
      if (rows.length > 0) process.stdout.write(`${table(["kind", "what", "size"], rows)}\n`);
      const bytes = result.blobs.reduce((n, b) => n + (b.size ?? 0), 0);
      process.stdout.write(
        `${dryRun ? "dry run: " : ""}${verb} ${result.manifests.length} manifest(s), ${result.links.length} link(s), ${result.blobs.length} blob(s) (${formatBytes(bytes)}), ${result.uploads.length} upload session(s)\n`,
      );
    } finally {
      await close();
    }
  });
  return cmd;
}
