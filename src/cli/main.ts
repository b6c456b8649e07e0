import { Command, CommanderError } from "commander";
import { ConfigError } from "../app/settings.ts";
import { DrydockError } from "../core/errors.ts";
import { gcCommand } from "./gc.ts";
import { scanCommand } from "./scan.ts";
import { serveCommand } from "./serve.ts";

const program = new Command("drydock")
  .description(
    "containers that are secure by default: OCI registry, identity, scanners, policy, outcomes",
  )
  .version("0.1.0")
  .addCommand(serveCommand())
  .addCommand(gcCommand())
  .addCommand(scanCommand())
  .exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const known = err instanceof ConfigError || err instanceof DrydockError;
  const message = known ? (err as Error).message : ((err as Error).stack ?? String(err));
  process.stderr.write(`drydock: ${message}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
