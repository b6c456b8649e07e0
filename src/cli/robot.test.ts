import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "yaml";
import { defaultSecretName, parseDelivery, parsePermission, registryHost } from "./robot.ts";
import { type RenderContext, renderSecret } from "./robot-secret.ts";

test("--permission REPOSITORIES:ACTIONS", () => {
  const cases: [string, unknown][] = [
    ["app/*:pull,push", { repositories: "app/*", actions: ["pull", "push"] }],
    ["**:pull", { repositories: "**", actions: ["pull"] }],
    ["app:pull, pull ,delete", { repositories: "app", actions: ["pull", "delete"] }],
    ["app/*:pull,pul", /"pul" is not an action/],
    ["app/*", /write REPOSITORIES:ACTIONS/],
    [":pull", /write REPOSITORIES:ACTIONS/],
    ["app:", /write REPOSITORIES:ACTIONS/],
    ["app:,", /write REPOSITORIES:ACTIONS/],
  ];
  for (const [text, want] of cases) {
    const got = parsePermission(text);
    if (want instanceof RegExp) assert.match(String(got), want, text);
    else assert.deepEqual(got, want, text);
  }
});

test("--deliver targets; paths are the server's, so absolute", () => {
  const k8s = { secretName: "drydock-team-ci", k8sNamespace: "prod" };
  assert.deepEqual(parseDelivery("webhook:https://hooks.example/x", k8s), {
    kind: "webhook",
    url: "https://hooks.example/x",
  });
  assert.deepEqual(parseDelivery("docker-config:/srv/ci/config.json", k8s), {
    kind: "docker-config",
    path: "/srv/ci/config.json",
  });
  assert.deepEqual(parseDelivery("k8s-secret:/srv/k8s/secret.yaml", k8s), {
    kind: "k8s-secret",
    path: "/srv/k8s/secret.yaml",
    secretName: "drydock-team-ci",
    k8sNamespace: "prod",
  });
  assert.match(
    String(parseDelivery("docker-config:config.json", k8s)),
    /absolute, normalized path/,
  );
  assert.match(String(parseDelivery("docker-config:/a/../b", k8s)), /absolute, normalized path/);
  assert.match(String(parseDelivery("ftp:/x", k8s)), /webhook:URL, docker-config:PATH/);
  assert.match(String(parseDelivery("webhook", k8s)), /webhook:URL/);
});

test("default Secret names are DNS-1123 names", () => {
  assert.equal(defaultSecretName("team-a", "ci"), "drydock-team-a-ci");
  assert.equal(defaultSecretName("team_a", "ci.bot"), "drydock-team-a-ci.bot");
  assert.match(defaultSecretName("a", "x".repeat(300)), /^[a-z0-9][-a-z0-9.]{0,251}[a-z0-9]$/);
});

test("the registry host comes from the server URL", () => {
  assert.equal(registryHost("http://127.0.0.1:5000"), "127.0.0.1:5000");
  assert.equal(registryHost("https://registry.example.com"), "registry.example.com");
  assert.equal(
    registryHost("https://registry.example.com:8443/prefix"),
    "registry.example.com:8443",
  );
});

const issued = {
  username: "robot$team-a+ci",
  secret: "ddr_s3cret",
  expiresAt: "2024-05-02T00:00:00.000Z",
};
const ctx: RenderContext = {
  registry: "127.0.0.1:5000",
  namespace: "team-a",
  robot: "ci",
  secretName: "drydock-team-a-ci",
  k8sNamespace: "default",
};

function decodeAuth(config: { auths: Record<string, { auth: string }> }): string {
  return Buffer.from(config.auths["127.0.0.1:5000"]!.auth, "base64").toString();
}

test("formats: plain, json, docker-config (merged), k8s-secret", () => {
  const plain = renderSecret("plain", issued, ctx, {}, new Date("2024-05-01T00:00:00Z"));
  assert.match(plain, /^username: +robot\$team-a\+ci$/m);
  assert.match(plain, /^secret: +ddr_s3cret$/m);
  assert.match(plain, /^expires: +2024-05-02T00:00:00.000Z \(in 24h\)$/m);

  assert.deepEqual(JSON.parse(renderSecret("json", issued, ctx)), issued);
  assert.deepEqual(JSON.parse(renderSecret("json", issued, ctx, { json: { a: 1 } })), { a: 1 });

  const docker = JSON.parse(renderSecret("docker-config", issued, ctx));
  assert.equal(decodeAuth(docker), "robot$team-a+ci:ddr_s3cret");
  const merged = JSON.parse(
    renderSecret("docker-config", issued, {
      ...ctx,
      existingDockerConfig: { auths: { "other:1": { auth: "eDp5" } }, credsStore: "desktop" },
    }),
  );
  assert.deepEqual(Object.keys(merged.auths).sort(), ["127.0.0.1:5000", "other:1"]);
  assert.equal(merged.credsStore, "desktop");

  const secret = parse(renderSecret("k8s-secret", issued, { ...ctx, k8sNamespace: "prod" }));
  assert.equal(secret.kind, "Secret");
  assert.equal(secret.type, "kubernetes.io/dockerconfigjson");
  assert.equal(secret.metadata.name, "drydock-team-a-ci");
  assert.equal(secret.metadata.namespace, "prod");
  const inner = JSON.parse(Buffer.from(secret.data[".dockerconfigjson"], "base64").toString());
  assert.equal(decodeAuth(inner), "robot$team-a+ci:ddr_s3cret");
  assert.throws(
    () => renderSecret("k8s-secret", issued, { ...ctx, secretName: "Bad_Name" }),
    /DNS-1123/,
  );
});
