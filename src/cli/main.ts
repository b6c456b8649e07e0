import { Command, CommanderError } from "commander";
import { DrydockError } from "../core/errors.ts";
import { VERSION } from "./version.ts";

/**
 * The commands, in the order `drydock --help` lists them, each loaded only when it is the one
 * asked for: a command's module brings what it needs (the registry client, settings, the
 * scanner), and `drydock scan` should not wait for the rest. Help and unknown names load all.
 */
const COMMANDS: [name: string, load: () => Promise<Command>][] = [
  ["serve", async () => (await import("./serve.ts")).serveCommand()],
  ["gc", async () => (await import("./gc.ts")).gcCommand()],
  ["scan", async () => (await import("./scan.ts")).scanCommand()],
  ["db", async () => (await import("./db.ts")).dbCommand()],
  ["login", async () => (await import("./login.ts")).loginCommand()],
  ["logout", async () => (await import("./login.ts")).logoutCommand()],
  ["namespace", async () => (await import("./namespace.ts")).namespaceCommand()],
  ["robot", async () => (await import("./robot.ts")).robotCommand()],
  ["user", async () => (await import("./user.ts")).userCommand()],
  ["token", async () => (await import("./token.ts")).tokenCommand()],
  ["audit", async () => (await import("./audit.ts")).auditCommand()],
];

/**
 * Runs one drydock command and exits the way it says. No top-level await: the bundle is
 * CommonJS (scripts/build.mjs), and a module that awaits at its top cannot be one.
 */
async function main(): Promise<void> {
  const first = process.argv[2];
  // `drydock --version` needs no command; help and unknown names list them all.
  const version = process.argv.length === 3 && (first === "--version" || first === "-V");
  const asked = version ? [] : COMMANDS.filter(([name]) => name === first);
  const program = new Command("drydock")
    .description(
      "containers that are secure by default: OCI registry, identity, scanners, policy, outcomes",
    )
    .version(VERSION)
    .exitOverride();
  for (const command of await Promise.all(
    (asked.length > 0 || version ? asked : COMMANDS).map(([, load]) => load()),
  ))
    program.addCommand(command);

  // `drydock scan ... | head`: a reader that goes away is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });

  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    // Loaded here, not up front: their modules are the identity commands' and the server's.
    const { CliError } = await import("./api-client.ts");
    const { ConfigError } = await import("../app/settings.ts");
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
}

// Awaited at the top of the module, a command that never settled (a promise nobody resolves)
// ended with node's exit code 13; a plain call would end it with 0, as if it had worked.
// beforeExit comes only when nothing is left to do, never after process.exit().
let settled = false;
process.once("beforeExit", () => {
  if (settled) return;
  process.stderr.write("drydock: internal error: the command stopped before it finished\n");
  process.exitCode = 13;
});
void main().finally(() => {
  settled = true;
});
