import assert from "node:assert/strict";
import { test } from "node:test";
import { describeReader, READERS } from "./api.ts";
import { READERS_DESCRIPTION } from "./version.ts";

test("the cache keys' description of the readers is the readers' own (update version.ts)", () => {
  assert.deepEqual(READERS.map(describeReader), READERS_DESCRIPTION);
});
