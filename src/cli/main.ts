import { Command, CommanderError } from "commander";
import { ConfigError } from "../app/settings.ts";
import { DrydockError } from "../core/errors.ts";
import { gcCommand } from "./gc.ts";
import { scanCommand } from "./scan.ts";
import { serveCommand } from "./serve.ts";
import { VERSION } from "./version.ts";

const program = new Command("drydock")
  .description(
    "containers that are secure by default: OCI registry, identity, scanners, policy, outcomes",
  )
  .version(VERSION)
  .addCommand(serveCommand())
  .addCommand(gcCommand())
  .addCommand(scanCommand())
  .exitOverride();

// `drydock scan ... | head`: a reader that goes away is not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const known = err instanceof ConfigError || err instanceof DrydockError;
  const message = known ? (err as Error).message : ((err as Error).stack ?? String(err));
  process.stderr.write(`drydock: ${message}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
