import assert from "node:assert/strict";
import { test } from "node:test";
import { auditQuery, parseTime } from "./audit.ts";

const now = new Date("2024-05-10T12:00:00.000Z");

test("--since/--until: RFC 3339, a date, a time without zone (UTC), or a duration ago", () => {
  const cases: [string, string | null][] = [
    ["24h", "2024-05-09T12:00:00.000Z"],
    ["7d", "2024-05-03T12:00:00.000Z"],
    ["90m", "2024-05-10T10:30:00.000Z"],
    ["2024-05-01", "2024-05-01T00:00:00.000Z"],
    ["2024-05-01T08:30:00Z", "2024-05-01T08:30:00.000Z"],
    ["2024-05-01T08:30:00+02:00", "2024-05-01T06:30:00.000Z"],
    ["2024-05-01 08:30", "2024-05-01T08:30:00.000Z"],
    ["yesterday", null],
    ["1715000000", null],
    ["2024-13-45", null],
    ["", null],
  ];
  for (const [text, want] of cases) assert.equal(parseTime(text, now), want, text);
});

test("the audit query string from the options", () => {
  assert.deepEqual(auditQuery({ actor: "admin", since: "1h", result: "denied" }, now), {
    actor: "admin",
    action: undefined,
    target: undefined,
    result: "denied",
    since: "2024-05-10T11:00:00.000Z",
    until: undefined,
  });
  assert.throws(() => auditQuery({ until: "soon" }, now), /--until: "soon" is not a time/);
});
