import assert from "node:assert/strict";
import { test } from "node:test";
import {
  namespaceOf,
  pathInNamespace,
  permittedActions,
  ROLE_ACTIONS,
  repositoryMatches,
  validPattern,
} from "./roles.ts";

test("a repository's namespace is its first path component", () => {
  const cases: [string, string, string][] = [
    ["team-a/app", "team-a", "app"],
    ["team-a/app/web", "team-a", "app/web"],
    ["solo", "solo", ""],
  ];
  for (const [repo, ns, path] of cases) {
    assert.equal(namespaceOf(repo), ns, repo);
    assert.equal(pathInNamespace(repo), path, repo);
  }
});

test("repository patterns: * stays inside one path component, ** crosses them", () => {
  const cases: [string, string, boolean][] = [
    ["app", "app", true],
    ["app", "app2", false],
    ["app", "x/app", false],
    ["app*", "app-web", true],
    ["app*", "app/web", false],
    ["app/*", "app/web", true],
    ["app/*", "app/web/x", false],
    ["app/**", "app/web/x", true],
    ["**", "anything/at/all", true],
    ["*", "", true],
    ["a.b", "axb", false],
    ["a+b", "a+b", true],
    ["(x)", "(x)", true],
  ];
  for (const [pattern, path, want] of cases)
    assert.equal(repositoryMatches(pattern, path), want, `${pattern} ~ ${path}`);
});

test("permissions grant only inside their own namespace", () => {
  const perms = [
    { repositories: "app", actions: ["pull" as const] },
    { repositories: "app*", actions: ["push" as const] },
  ];
  assert.deepEqual([...permittedActions(perms, "team-a", "team-a/app")].sort(), ["pull", "push"]);
  assert.deepEqual([...permittedActions(perms, "team-a", "team-a/apple")], ["push"]);
  assert.deepEqual([...permittedActions(perms, "team-a", "team-b/app")], []);
  assert.deepEqual([...permittedActions(perms, "team-a", "team-a")], []);
});

test("roles: each grants what the issue says, owners alone manage", () => {
  assert.deepEqual(ROLE_ACTIONS.viewer, ["pull"]);
  assert.deepEqual(ROLE_ACTIONS.developer, ["pull", "push"]);
  assert.deepEqual(ROLE_ACTIONS.maintainer, ["pull", "push", "delete"]);
  assert.deepEqual(ROLE_ACTIONS.owner, ["pull", "push", "delete"]);
});

test("patterns users may write", () => {
  for (const ok of ["app", "app/*", "**", "a-b_c.d"]) assert.ok(validPattern(ok), ok);
  for (const bad of ["", "App", "a b", "a?b", "x".repeat(256), "[a]"])
    assert.ok(!validPattern(bad), bad);
});
