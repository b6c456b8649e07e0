import assert from "node:assert/strict";
import { test } from "node:test";
import { isRepositoryName, isTag, namespaceOf, requireRepositoryName } from "./names.ts";

// distribution-spec "Pulling manifests": the <name> grammar.
const names: [string, boolean][] = [
  ["app", true],
  ["team-a/app", true],
  ["a/b/c/d", true],
  ["my.registry_name__x/app-1", true],
  ["a--b", true],
  ["a..b", false],
  ["../etc", false],
  ["team/../app", false],
  ["Team/app", false],
  ["team/App", false],
  ["team//app", false],
  ["/team", false],
  ["team/", false],
  ["-team", false],
  ["team_", false],
  ["a___b", false],
  ["a.-b", false],
  ["", false],
  ["a b", false],
  ["a%2fb", false],
  ["x".repeat(255), true],
  ["x".repeat(256), false],
];
for (const [name, valid] of names) {
  test(`repository name ${JSON.stringify(name.length > 40 ? `${name.slice(0, 10)}...(${name.length})` : name)} is ${valid ? "valid" : "invalid"}`, () => {
    assert.equal(isRepositoryName(name), valid);
    if (!valid) assert.throws(() => requireRepositoryName(name), { code: "NAME_INVALID" });
  });
}

const tags: [string, boolean][] = [
  ["latest", true],
  ["v1.2.3", true],
  ["_private", true],
  ["UPPER-case_1.0", true],
  [".hidden", false],
  ["-dash", false],
  ["a:b", false],
  ["a/b", false],
  ["", false],
  ["t".repeat(128), true],
  ["t".repeat(129), false],
];
for (const [tag, valid] of tags) {
  test(`tag ${JSON.stringify(tag.length > 20 ? `${tag.slice(0, 5)}...(${tag.length})` : tag)} is ${valid ? "valid" : "invalid"}`, () => {
    assert.equal(isTag(tag), valid);
  });
}

test("the namespace is the first path component", () => {
  assert.equal(namespaceOf("team-a/app/web"), "team-a");
  assert.equal(namespaceOf("app"), "app");
});
