import { Command, Option } from "commander";

/** Exit codes: 0 complete, 1 failed, 2 bad usage, 3 done but partial (some part could not be read). */
export const EXIT_PARTIAL = 3;

export function scanCommand(): Command {
  const scan = new Command("scan").description("inventory (SBOM) of an image or a directory");
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
        ),
    ).action(async (ref: string, opts: ScanOptions) => {
      const { scanRef, finish } = await import("./scan-run.ts");
      await finish(await scanRef(ref, opts), opts);
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
  return scan;
}

export interface ScanOptions {
  format: "table" | "json" | "cyclonedx" | "spdx";
  output?: string;
  platform?: string;
  username?: string;
  passwordStdin?: boolean;
  authfile?: string;
  plainHttp?: boolean;
  cacheDir?: string;
  cache?: boolean;
  maxLayerBytes?: string;
}

function withOutputOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option("-f, --format <format>", "output format")
        .choices(["table", "json", "cyclonedx", "spdx"])
        .default("table"),
    )
    .option("-o, --output <file>", "write the report to a file instead of standard output")
    .addHelpText(
      "after",
      `\nExit codes: 0 complete; ${EXIT_PARTIAL} complete except for parts reported as problems; 1 failed; 2 bad usage.`,
    );
}
