import { readFileSync } from "node:fs";

/** drydock's version, from package.json: one place for `--version` and the reports' tool version. */
export const VERSION: string = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
).version;
