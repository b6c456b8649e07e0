import type { SecretRule } from "../../types.ts";

/** The text before the match on its own line (at most 200 characters back). */
function lineBefore(match: RegExpExecArray): string {
  const before = match.input.slice(Math.max(0, match.index - 200), match.index);
  return before.slice(Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1);
}

/** "launchdarkly" or one of the usual `LD_…` names must come earlier on the same line. */
const KEYWORDS = ["launchdarkly", "ld_sdk_key", "ld_api_key", "ld_access_token"];
const named = (_secret: string, match: RegExpExecArray): boolean =>
  /launchdarkly|ld_sdk_key|ld_api_key|ld_access_token/i.test(lineBefore(match));

/** LaunchDarkly API access tokens (`api-<uuid>`) and server-side SDK keys (`sdk-<uuid>`). */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "launchdarkly-access-token",
      title: "LaunchDarkly API access token",
      severity: "high",
      keywords: KEYWORDS,
      docsUrl: "https://docs.launchdarkly.com/home/account/api",
    },
    pattern: /(?<![\w-])api-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/g,
    validate: named,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "launchdarkly-sdk-key",
      title: "LaunchDarkly server-side SDK key",
      severity: "high",
      keywords: KEYWORDS,
      docsUrl: "https://docs.launchdarkly.com/sdk/concepts/client-side-server-side#keys",
    },
    pattern: /(?<![\w-])sdk-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![\w-])/g,
    validate: named,
    minEntropy: 2.5,
  },
];
