import { Command, CommanderError } from "commander";
import { ConfigError } from "../app/config.ts";
import { gcCommand } from "./gc.ts";
import { serveCommand } from "./serve.ts";

const program = new Command("drydock")
  .description(
    "containers that are secure by default: OCI registry, identity, scanners, policy, outcomes",
  )
  .version("0.1.0")
  .addCommand(serveCommand())
  .addCommand(gcCommand())
  .exitOverride();

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  const message = err instanceof ConfigError ? err.message : ((err as Error).stack ?? String(err));
  process.stderr.write(`drydock: ${message}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
