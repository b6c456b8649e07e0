import { Command, Option } from "commander";
import type { SecretsScanOptions } from "./scan-secrets.ts";

/** Exit codes: 0 complete, 1 failed, 2 bad usage, 3 done but partial (some part could not be read). */
export const EXIT_PARTIAL = 3;

export function scanCommand(): Command {
  const scan = new Command("scan").description(
    "inventory (SBOM) and known vulnerabilities of an image or a directory; secrets in a tree or git history",
  );
  scan.addCommand(
    withVulnOptions(
      withOutputOptions(
        new Command("image")
          .argument(
            "<ref>",
            "oci:DIR[:tag] | docker-archive:FILE.tar | dir:PATH | host/ns/repo:tag | host/ns/repo@sha256:...",
          )
          .description(
            "list every OS and language package in an image, with the layer that brought it; its known vulnerabilities (--scanners vulns) and secrets",
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
            "what to look for, comma-separated: packages (the inventory), vulns (known vulnerabilities), secrets (every layer, deleted files too, and the config)",
            "packages",
          )
          .option(
            "--show-secrets",
            "with secrets: print the secrets themselves (redacted by default)",
          ),
        ["sarif", "junit"],
        `\nWith --scanners secrets: 0 no secrets; --exit-code (default 1) when secrets are found; ${EXIT_PARTIAL} none found but a layer could not be read. sarif is for vulns or secrets, junit for secrets; with several scanners, table prints each and json is {"packages": ..., "vulnerabilities": ..., "secrets": ...}.`,
      ),
    ).action(async (ref: string, opts: ScanOptions) => {
      const { scanCommandRun } = await import("./scan-run.ts");
      process.exitCode = await scanCommandRun(ref, opts);
    }),
  );
  scan.addCommand(
    withVulnOptions(
      withOutputOptions(
        new Command("dir")
          .argument(
            "<path>",
            "a directory: a source tree (lockfiles) or an unpacked root filesystem",
          )
          .description(
            "list the packages installed or locked in a directory tree, and their known vulnerabilities",
          )
          .option(
            "--scanners <list>",
            "what to look for, comma-separated: packages (the inventory), vulns (known vulnerabilities)",
            "packages",
          ),
        ["sarif"],
      ),
    ).action(async (path: string, opts: ScanOptions) => {
      const { scanCommandRun } = await import("./scan-run.ts");
      process.exitCode = await scanCommandRun(`dir:${path}`, opts);
    }),
  );
  scan.addCommand(secretsCommand());
  scan.addCommand(
    new Command("clean-cache")
      .description(
        "remove the scan cache's entries (layers and whole images), or only the older ones",
      )
      .option("--cache-dir <dir>", "the cache folder (default ~/.cache/drydock/layers)")
      .option(
        "--older-than <duration>",
        "only entries written longer ago than this, e.g. 30d, 12h (default: all)",
      )
      .action(async (opts: CleanCacheOptions) => {
        const { cleanCacheRun } = await import("./scan-run.ts");
        process.exitCode = await cleanCacheRun(opts);
      }),
  );
  return scan;
}

/** Options of the vulnerability scanner (`--scanners vulns`). */
function withVulnOptions(cmd: Command): Command {
  return cmd
    .option(
      "--db <file>",
      "vulnerability database (default: DRYDOCK_VULNDB or ~/.cache/drydock/vulndb/osv.db)",
    )
    .option(
      "--severity <list>",
      "with vulns: report only these severities, e.g. CRITICAL,HIGH (UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL)",
    )
    .option("--ignore-unfixed", "with vulns: leave out vulnerabilities that have no fixed version")
    .option(
      "--ignorefile <file>",
      "with vulns: ignore file (entries need a reason and an expiry date; default .drydockignore.yaml when present)",
    )
    .option(
      "--vex <file...>",
      "with vulns: OpenVEX documents; not_affected statements suppress findings (shown with their justification)",
    )
    .option("--db-max-age <hours>", "with vulns: warn when the database is older than this", "120")
    .option(
      "--exit-code <n>",
      "exit code when findings remain after filters (default: 1 for secrets, 0 for vulnerabilities)",
    );
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

export interface CleanCacheOptions {
  cacheDir?: string;
  olderThan?: string;
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
  /** Comma-separated: packages (default), vulns, secrets (`scan image` only). */
  scanners?: string;
  showSecrets?: boolean;
  exitCode?: string;
  db?: string;
  severity?: string;
  ignoreUnfixed?: boolean;
  ignorefile?: string;
  vex?: string[];
  dbMaxAge?: string;
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
