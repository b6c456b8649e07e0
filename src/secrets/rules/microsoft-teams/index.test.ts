import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import { describe, it } from "node:test";
import { ruleCandidates, ruleFinds } from "../match.ts";
import { isPlaceholder } from "../placeholders.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

/** `n` random characters of `alphabet`, never one the placeholder filter would drop. */
function rand(alphabet: string, n: number): string {
  for (;;) {
    let s = "";
    for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
    if (!isPlaceholder(s)) return s;
  }
}

/** Each rule: texts it finds (with the secret it must report) and texts it must ignore. */
interface Case {
  id: string;
  finds: [text: string, secret: string][];
  ignores: string[];
}

const uuid = (): string =>
  [rand(HEX, 8), rand(HEX, 4), rand(HEX, 4), rand(HEX, 4), rand(HEX, 12)].join("-");
const HOST = "https://contoso.webhook.office" + ".com/webhookb2/";
const webhook = `${HOST}${uuid()}@${uuid()}/IncomingWebhook/${rand(HEX, 32)}/${uuid()}`;
const webhookV2 = `${webhook}/V2${rand(B64URL, 40)}`;
const legacy = `https://outlook.office.com/${"webhook"}/${uuid()}@${uuid()}/IncomingWebhook/${rand(HEX, 32)}/${uuid()}`;
const sig = rand(B64URL, 43);
const LOGIC = "https://prod-27.westus.logic.azure" + ".com:443/workflows/";
const workflow = `${LOGIC}${rand(HEX, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`;
const PP =
  "https://default1234.56.environment.api.powerplatform" +
  ".com:443/powerautomate/automations/direct";
const powerAutomate = `${PP}/workflows/${rand(HEX, 32)}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`;

const cases: Case[] = [
  {
    id: "microsoft-teams-webhook-url",
    finds: [
      [`TEAMS_WEBHOOK_URL=${webhook}`, webhook],
      [`teams:\n  webhook: "${webhookV2}"`, webhookV2],
      [`Invoke-RestMethod -Uri "${legacy}" -Method Post`, legacy],
    ],
    ignores: [
      `${HOST}${uuid()}@${uuid()}/IncomingWebhook/`,
      `${HOST}${uuid()}/IncomingWebhook/${rand(HEX, 32)}/${uuid()}`,
      `${HOST}${uuid()}@${uuid()}/IncomingWebhook/${"0".repeat(32)}/${uuid()}`,
    ],
  },
  {
    id: "microsoft-teams-workflow-webhook-url",
    finds: [
      [`TEAMS_WORKFLOW_URL=${workflow}`, sig],
      [`url: "${powerAutomate}"`, sig],
    ],
    ignores: [
      workflow.replace(/&sig=.*/, ""),
      workflow.replace(sig, "short"),
      `${LOGIC}${rand(HEX, 32)}/triggers/manual/paths/invoke?api-version=2016-06-01`,
    ],
  },
];

for (const c of cases) {
  describe(c.id, () => {
    const rule = rules.find((r) => r.meta.id === c.id);
    it("is one of this family's rules", () => assert.ok(rule));
    for (const [text, secret] of c.finds) {
      it(`finds ${JSON.stringify(text.replace(secret, "<secret>"))}`, () => {
        assert.ok(ruleFinds(rule!, text));
        assert.deepEqual(
          ruleCandidates(rule!, text).map((x) => x.secret),
          [secret],
        );
      });
    }
    for (const text of c.ignores) {
      it(`ignores ${JSON.stringify(text.slice(0, 80))}`, () => {
        assert.equal(ruleFinds(rule!, text), false);
      });
    }
  });
}

it("has cases for every rule of the family", () => {
  assert.deepEqual(cases.map((c) => c.id).sort(), rules.map((r) => r.meta.id).sort());
});
