import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** The checksum the way the token format describes it: CRC-32, base62, 6 characters. */
function checksum(body: string): string {
  let crc = 0xffffffff;
  for (const ch of body) crc = CRC[(crc ^ ch.charCodeAt(0)) & 0xff]! ^ (crc >>> 8);
  let n = (crc ^ 0xffffffff) >>> 0;
  let out = "";
  while (n > 0) {
    out = ALNUM[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(6, "0");
}

const NPM = "np" + "m_";
const body = rand(ALNUM, 30);
const token = NPM + body + checksum(body);
const badChecksum = NPM + body + (checksum(body) === "000000" ? "000001" : "000000");
const otherBody = rand(ALNUM, 30);
const swapped = NPM + otherBody + checksum(body);
const legacy = [rand(HEX, 8), rand(HEX, 4), rand(HEX, 4), rand(HEX, 4), rand(HEX, 12)].join("-");
const artifactory = rand(ALNUM, 64);
const basic = Buffer.from(`deploy:${rand(ALNUM, 20)}`).toString("base64");
const password = Buffer.from(rand(ALNUM, 16)).toString("base64");

const cases: Case[] = [
  {
    id: "npm-access-token",
    finds: [
      [`//registry.npmjs.org/:_authToken=${token}`, token],
      [`NPM_TOKEN=${token}`, token],
      [`{"env": {"NODE_AUTH_TOKEN": "${token}"}}`, token],
    ],
    ignores: [
      `NPM_TOKEN=${badChecksum}`,
      `NPM_TOKEN=${swapped}`,
      `NPM_TOKEN=${NPM}${rand(ALNUM, 30)}`,
      `NPM_TOKEN=${token}x`,
    ],
  },
  {
    id: "npmrc-auth-token",
    finds: [
      [`//registry.npmjs.org/:_authToken=${legacy}`, legacy],
      [`//acme.jfrog.io/artifactory/api/npm/npm/:_authToken="${artifactory}"`, artifactory],
    ],
    ignores: [
      `//registry.npmjs.org/:_authToken=\${NPM_TOKEN}`,
      `//registry.npmjs.org/:_authToken=${token}`,
      `//npm.pkg.github.com/:_authToken=gh${"p"}_${rand(ALNUM, 36)}`,
      `//registry.npmjs.org/:_authToken=short`,
    ],
  },
  {
    id: "npmrc-basic-auth",
    finds: [
      [`_auth=${basic}\nalways-auth=true`, basic],
      [`//nexus.acme.dev/repository/npm/:_password="${password}"`, password],
    ],
    ignores: [
      `_auth=${Buffer.from(rand(ALNUM, 20)).toString("base64")}`,
      `_auth=${Buffer.from([0, 1, 2, 250, 251, 252, 7, 8, 9]).toString("base64")}`,
      `_auth=\${NPM_AUTH}`,
    ],
  },
];

runCases(rules, cases);
