import { Command, Option } from "commander";
import type { SecretsScanOptions } from "./scan-secrets.ts";

/** Exit codes: 0 complete, 1 failed, 2 bad usage, 3 done but partial (some part could not be read). */
export const EXIT_PARTIAL = 3;

export function scanCommand(): Command {
  const scan = new Command("scan").description(
    "inventory (SBOM) of an image or a directory; secrets in a tree or git history",
  );
  scan.addCommand(
    withOutputOptions(
      new Command("image")
        .argument(
          "<ref>",
          "oci:DIR[:tag] | docker-archive:FILE.tar | dir:PATH | host/ns/repo:tag | host/ns/repo@sha256:...",
        )
        .description(
          "list every OS and language package in an image, with the layer that brought it",
        )
        .option(
          "--platform <os/arch[/variant]>",
          "platform to pick from a multi-platform index",
          "linux/amd64",
        )
        .option(
          "--username <user>",
          "registry user (else the Docker config file); the password from --password-stdin or DRYDOCK_REGISTRY_PASSWORD",
        )
        .option("--password-stdin", "read the registry password from standard input")
        .option(
          "--authfile <file>",
          "Docker config file with registry credentials (default ~/.docker/config.json)",
        )
        .option(
          "--plain-http",
          "talk HTTP, not HTTPS, to the registry (default for loopback hosts)",
        )
        .option("--cache-dir <dir>", "per-layer result cache (default ~/.cache/drydock/layers)")
        .option("--no-cache", "do not read or write the layer cache")
        .option(
          "--max-layer-bytes <bytes>",
          "stop reading a layer that inflates beyond this",
          String(16 * 1024 ** 3),
        )
        .option(
          "--scanners <list>",
          "what to look for: packages, secrets (every layer, deleted files too, and the config), or packages,secrets",
          "packages",
        )
        .option(
          "--show-secrets",
          "with secrets: print the secrets themselves (redacted by default)",
        )
        .option("--exit-code <n>", "with secrets: exit code when secrets are found", "1"),
      ["sarif", "junit"],
      `\nWith --scanners secrets: 0 no secrets; --exit-code (default 1) when secrets are found; ${EXIT_PARTIAL} none found but a layer could not be read. sarif and junit are for secrets only; with packages,secrets, table prints both and json is {"packages": ..., "secrets": ...}.`,
    ).action(async (ref: string, opts: ScanOptions) => {
      const { scanImageCommand } = await import("./scan-run.ts");
      process.exitCode = await scanImageCommand(ref, opts);
    }),
  );
  scan.addCommand(
    withOutputOptions(
      new Command("dir")
        .argument("<path>", "a directory: a source tree (lockfiles) or an unpacked root filesystem")
        .description("list the packages installed or locked in a directory tree"),
    ).action(async (path: string, opts: ScanOptions) => {
      const { scanRef, finish } = await import("./scan-run.ts");
      await finish(await scanRef(`dir:${path}`, opts), opts);
    }),
  );
  scan.addCommand(secretsCommand());
  return scan;
}

function secretsCommand(): Command {
  return new Command("secrets")
    .argument("<path>", "a directory (or file) to scan; with --git or --staged, a git repository")
    .description(
      "find credentials (API keys, tokens, private keys, passwords) in files or git history",
    )
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "sarif", "junit"])
        .default("table"),
    )
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .option("--show-secrets", "print the secrets themselves (redacted by default, in every format)")
    .option("--baseline <file>", "do not report findings whose fingerprint is in this baseline")
    .option(
      "--write-baseline <file>",
      "write the fingerprints of this scan's findings to a baseline file (the run then passes)",
    )
    .option("--config <file>", "configuration file (default: .drydock-secrets.yaml in PATH)")
    .option("--exit-code <n>", "exit code when findings remain", "1")
    .option("--no-progress", "no progress bar on standard error")
    .option("--git", "scan the history of the git repository at PATH (every commit, every ref)")
    .option("--staged", "scan what is staged for the next commit (for a pre-commit hook)")
    .addHelpText(
      "after",
      `\nExit codes: 0 no findings; --exit-code (default 1) when findings remain after the baseline and allows; ${EXIT_PARTIAL} no findings, but some files could not be scanned; 2 the scan could not run (unreadable path, bad configuration or baseline).`,
    )
    .action(async (path: string, opts: SecretsScanOptions) => {
      const { scanSecrets } = await import("./scan-secrets.ts");
      process.exitCode = await scanSecrets(path, opts);
    });
}

export interface ScanOptions {
  format: "table" | "json" | "cyclonedx" | "spdx" | "sarif" | "junit";
  output?: string;
  platform?: string;
  username?: string;
  passwordStdin?: boolean;
  authfile?: string;
  plainHttp?: boolean;
  cacheDir?: string;
  cache?: boolean;
  maxLayerBytes?: string;
  /** `scan image` only: "packages" (default), "secrets" or "packages,secrets". */
  scanners?: string;
  showSecrets?: boolean;
  exitCode?: string;
}

function withOutputOptions(cmd: Command, extraFormats: string[] = [], extraHelp = ""): Command {
  return cmd
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "cyclonedx", "spdx", ...extraFormats])
        .default("table"),
    )
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .addHelpText(
      "after",
      `\nExit codes: 0 complete; ${EXIT_PARTIAL} complete except for parts reported as problems; 1 failed; 2 bad usage.${extraHelp}`,
    );
}
