import { Command, CommanderError } from "commander";
import { ConfigError } from "../app/settings.ts";
import { DrydockError } from "../core/errors.ts";
import { CliError } from "./api-client.ts";
import { auditCommand } from "./audit.ts";
import { dbCommand } from "./db.ts";
import { gcCommand } from "./gc.ts";
import { loginCommand, logoutCommand } from "./login.ts";
import { namespaceCommand } from "./namespace.ts";
import { robotCommand } from "./robot.ts";
import { scanCommand } from "./scan.ts";
import { serveCommand } from "./serve.ts";
import { tokenCommand } from "./token.ts";
import { userCommand } from "./user.ts";
import { VERSION } from "./version.ts";

const program = new Command("drydock")
  .description(
    "containers that are secure by default: OCI registry, identity, scanners, policy, outcomes",
  )
  .version(VERSION)
  .addCommand(serveCommand())
  .addCommand(gcCommand())
  .addCommand(scanCommand())
  .addCommand(dbCommand())
  .addCommand(loginCommand())
  .addCommand(logoutCommand())
  .addCommand(namespaceCommand())
  .addCommand(robotCommand())
  .addCommand(userCommand())
  .addCommand(tokenCommand())
  .addCommand(auditCommand())
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
  // The identity commands' errors are complete messages ("drydock: ..."), printed as they are.
  if (err instanceof CliError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(err.exitCode);
  }
  const known = err instanceof ConfigError || err instanceof DrydockError;
  const message = known ? (err as Error).message : ((err as Error).stack ?? String(err));
  process.stderr.write(`drydock: ${message}\n`);
  process.exit(err instanceof ConfigError ? 2 : 1);
}
