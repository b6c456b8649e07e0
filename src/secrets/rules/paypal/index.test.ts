import { type Case, rand, runCases } from "../test-kit.ts";
import { rules } from "./index.ts";

const HEX = "0123456789abcdef";
const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const B64URL = `${ALNUM}-_`;

const PROD = "access_token" + "$production$";
const SANDBOX = "access_token" + "$sandbox$";
const LOWER = "0123456789abcdefghijklmnopqrstuvwxyz";

const production = PROD + rand(LOWER, 16) + "$" + rand(HEX, 32);
const sandbox = SANDBOX + rand(LOWER, 16) + "$" + rand(HEX, 32);
const clientSecret = "E" + rand(B64URL, 79);

const cases: Case[] = [
  {
    id: "braintree-access-token",
    finds: [
      [`BRAINTREE_ACCESS_TOKEN=${production}`, production],
      [`gateway = braintree.BraintreeGateway(access_token="${production}")`, production],
    ],
    ignores: [
      `BRAINTREE_ACCESS_TOKEN=${PROD}${rand(LOWER, 16)}$${rand(HEX, 31)}`,
      `BRAINTREE_ACCESS_TOKEN=${sandbox}`,
      `BRAINTREE_ACCESS_TOKEN=${PROD}${rand(LOWER, 12)}$${rand(HEX, 32)}`,
    ],
  },
  {
    id: "braintree-sandbox-access-token",
    finds: [
      [`BRAINTREE_ACCESS_TOKEN=${sandbox}`, sandbox],
      [`braintree:\n  access_token: "${sandbox}"`, sandbox],
    ],
    ignores: [`BRAINTREE_ACCESS_TOKEN=${production}`, `${SANDBOX}${rand(LOWER, 16)}$nothex`],
  },
  {
    id: "paypal-client-secret",
    finds: [
      [`PAYPAL_CLIENT_SECRET=${clientSecret}`, clientSecret],
      [`{"paypalSecret": "${clientSecret}"}`, clientSecret],
      [`paypal_client_secret: '${clientSecret}'`, clientSecret],
    ],
    ignores: [
      `PAYPAL_CLIENT_ID=${"A" + rand(B64URL, 79)}`,
      `CLIENT_SECRET=${clientSecret}`,
      `PAYPAL_CLIENT_SECRET=${rand(B64URL, 60)}`,
      `PAYPAL_CLIENT_SECRET=${"Ab1_".repeat(20)}`,
    ],
  },
];

runCases(rules, cases);
