import assert from "node:assert/strict";
import { test } from "node:test";
import { CliError } from "./api-client.ts";
import { durationOption, parseDuration } from "./duration.ts";

test("durations: 30m, 12h, 7d, combinations and plain seconds", () => {
  const cases: [string, number | null][] = [
    ["30m", 1800],
    ["12h", 43_200],
    ["7d", 604_800],
    ["2w", 1_209_600],
    ["1h30m", 5400],
    ["90", 90],
    [" 12H ", 43_200],
    ["0h", null],
    ["0", null],
    ["", null],
    ["h", null],
    ["12", 12],
    ["1.5h", null],
    ["-1h", null],
    ["12 h", null],
    ["1y", null],
    ["99999999999999999999d", null],
  ];
  for (const [text, seconds] of cases) assert.equal(parseDuration(text), seconds, text);
});

test("a duration option that is not one: a CliError naming the option, exit code 2", () => {
  assert.equal(durationOption("--ttl", "90m"), 5400);
  assert.throws(
    () => durationOption("--older-than", "soon"),
    (err: unknown) =>
      err instanceof CliError &&
      err.exitCode === 2 &&
      err.message === 'drydock: --older-than: "soon" is not a duration (e.g. 30m, 12h, 7d)',
  );
});
