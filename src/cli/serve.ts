import { Command } from "commander";
import { configFrom, withConfigOptions } from "./config-options.ts";

export function serveCommand(): Command {
  const cmd = new Command("serve").description(
    "run drydock: the OCI registry on 127.0.0.1:5000 over SQLite and a local data directory",
  );
  withConfigOptions(cmd);
  cmd.addHelpText(
    "after",
    "\nSettings come from defaults, then the --config YAML file (nested keys, e.g. server.port),\nthen DRYDOCK_* variables, then flags. SIGTERM or SIGINT shuts down gracefully.",
  );
  cmd.action(async (opts: Record<string, unknown>) => {
    const config = await configFrom(opts);
    const { startServer } = await import("../app/server.ts");
    const server = await startServer(config);
    let signals = 0;
    const stop = (signal: string) => {
      signals++;
      if (signals > 1) process.exit(130); // a second signal: stop now
      process.stderr.write(`drydock: ${signal}, shutting down (again to force)\n`);
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          process.stderr.write(`drydock: shutdown failed: ${(err as Error).message}\n`);
          process.exit(1);
        },
      );
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
  return cmd;
}
