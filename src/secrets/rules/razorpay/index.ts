import type { SecretRule } from "../../types.ts";

const DOCS = "https://razorpay.com/docs/api/authentication/";

/**
 * Razorpay: a live key id (`rzp_live_` + 14) travels with a 24-character key secret. The id is
 * used in browser checkouts, so it is medium alone; the secret folds the id in as a pair.
 */
export const rules: SecretRule[] = [
  {
    meta: {
      id: "razorpay-live-key-id",
      title: "Razorpay live key id",
      severity: "medium",
      keywords: ["rzp_live_"],
      docsUrl: DOCS,
    },
    pattern: /\brzp_live_[A-Za-z0-9]{14}(?![A-Za-z0-9])/g,
    minEntropy: 2.5,
  },
  {
    meta: {
      id: "razorpay-key-secret",
      title: "Razorpay key secret",
      severity: "critical",
      keywords: ["razorpay"],
      docsUrl: DOCS,
    },
    pattern:
      /razorpay[\w.-]{0,16}secret[\w.-]{0,16}["'\])]{0,2}[ \t]{0,3}(?:=>|:=|[=:,>])[ \t]{0,3}["'`]?(?<secret>[A-Za-z0-9]{24})(?![\w-])/gi,
    minEntropy: 3.2,
    pair: { ruleId: "razorpay-live-key-id", withinLines: 5 },
  },
];
