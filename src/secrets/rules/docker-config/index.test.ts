import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const auth = Buffer.from(`robot$ci:${rand(ALNUM, 32)}`).toString("base64");
const auth2 = Buffer.from(`_json_key:${rand(ALNUM, 40)}`).toString("base64");

const cases: Case[] = [
  {
    id: "docker-config-auth",
    finds: [
      [`{\n  "auths": {\n    "registry.acme.dev": {\n      "auth": "${auth}"\n    }\n  }\n}`, auth],
      [`{"auths":{"https://index.docker.io/v1/":{"auth":"${auth2}"}}}`, auth2],
    ],
    ignores: [
      `{"auth": "${auth}"}`,
      `{"auths": {"ghcr.io": {"auth": "${Buffer.from(rand(ALNUM, 30)).toString("base64")}"}}}`,
      `{"auths": {"ghcr.io": {"auth": "${Buffer.from([0, 159, 146, 150, 200, 58, 1, 2, 3]).toString("base64")}"}}}`,
      `{"auths": {"ghcr.io": {"credsStore": "desktop"}}}`,
    ],
  },
];

runCases(rules, cases);
