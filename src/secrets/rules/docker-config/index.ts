import type { SecretRule } from "../../types.ts";

/** `auth` is base64 of `user:password`; a value that does not decode so is not one. */
function userPassword(secret: string): boolean {
  const text = Buffer.from(secret, "base64").toString("utf8");
  return /^[^\s:]{1,256}:\P{Cc}{1,1024}$/u.test(text) && !text.includes("\ufffd");
}

/**
 * Registry credentials in a Docker / Podman client config (`~/.docker/config.json`,
 * `.dockerconfigjson`, `auth.json`): `"auths": { "<registry>": { "auth": "<base64>" } }`.
 * The `auths` keyword gates the rule; the value must decode to `user:password`.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "docker-config-auth",
      title: "Registry credentials in a Docker config (auths.*.auth)",
      severity: "high",
      keywords: ["auths"],
      docsUrl: "https://docs.docker.com/reference/cli/docker/login/#credential-stores",
    },
    pattern: /"auth"[ \t]{0,3}:[ \t]{0,3}"(?<secret>[A-Za-z0-9+/]{8,2048}={0,2})"/g,
    validate: userPassword,
  },
];
