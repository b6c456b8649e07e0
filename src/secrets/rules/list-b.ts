import type { SecretRule } from "../types.ts";
import { rules as adyen } from "./adyen/index.ts";
import { rules as airtable } from "./airtable/index.ts";
import { rules as algolia } from "./algolia/index.ts";
import { rules as amplitude } from "./amplitude/index.ts";
import { rules as anthropic } from "./anthropic/index.ts";
import { rules as asana } from "./asana/index.ts";
import { rules as atlassian } from "./atlassian/index.ts";
import { rules as auth0 } from "./auth0/index.ts";
import { rules as brevo } from "./brevo/index.ts";
import { rules as cohere } from "./cohere/index.ts";
import { rules as coinbase } from "./coinbase/index.ts";
import { rules as contentful } from "./contentful/index.ts";
import { rules as cratesIo } from "./crates-io/index.ts";
import { rules as datadog } from "./datadog/index.ts";
import { rules as discord } from "./discord/index.ts";
import { rules as dockerConfig } from "./docker-config/index.ts";
import { rules as dropbox } from "./dropbox/index.ts";
import { rules as easypost } from "./easypost/index.ts";
import { rules as figma } from "./figma/index.ts";
import { rules as flutterwave } from "./flutterwave/index.ts";
import { rules as frameio } from "./frameio/index.ts";
import { rules as groq } from "./groq/index.ts";
import { rules as hubspot } from "./hubspot/index.ts";
import { rules as huggingface } from "./huggingface/index.ts";
import { rules as infracost } from "./infracost/index.ts";
import { rules as intercom } from "./intercom/index.ts";
import { rules as jfrog } from "./jfrog/index.ts";
import { rules as launchdarkly } from "./launchdarkly/index.ts";
import { rules as linear } from "./linear/index.ts";
import { rules as mailchimp } from "./mailchimp/index.ts";
import { rules as mailgun } from "./mailgun/index.ts";
import { rules as mapbox } from "./mapbox/index.ts";
import { rules as microsoftTeams } from "./microsoft-teams/index.ts";
import { rules as mixpanel } from "./mixpanel/index.ts";
import { rules as newrelic } from "./newrelic/index.ts";
import { rules as notion } from "./notion/index.ts";
import { rules as npm } from "./npm/index.ts";
import { rules as nuget } from "./nuget/index.ts";
import { rules as okta } from "./okta/index.ts";
import { rules as openai } from "./openai/index.ts";
import { rules as pagerduty } from "./pagerduty/index.ts";
import { rules as paypal } from "./paypal/index.ts";
import { rules as paystack } from "./paystack/index.ts";
import { rules as perplexity } from "./perplexity/index.ts";
import { rules as plaid } from "./plaid/index.ts";
import { rules as postman } from "./postman/index.ts";
import { rules as postmark } from "./postmark/index.ts";
import { rules as prefect } from "./prefect/index.ts";
import { rules as pypi } from "./pypi/index.ts";
import { rules as razorpay } from "./razorpay/index.ts";
import { rules as readme } from "./readme/index.ts";
import { rules as replicate } from "./replicate/index.ts";
import { rules as rubygems } from "./rubygems/index.ts";
import { rules as segment } from "./segment/index.ts";
import { rules as sendgrid } from "./sendgrid/index.ts";
import { rules as shippo } from "./shippo/index.ts";
import { rules as shopify } from "./shopify/index.ts";
import { rules as slack } from "./slack/index.ts";
import { rules as square } from "./square/index.ts";
import { rules as stripe } from "./stripe/index.ts";
import { rules as telegram } from "./telegram/index.ts";
import { rules as twilio } from "./twilio/index.ts";
import { rules as typeform } from "./typeform/index.ts";
import { rules as zendesk } from "./zendesk/index.ts";

/**
 * Rule group B: payment, chat and messaging, email, SaaS, monitoring, AI and package
 * registries. One folder per provider family, in alphabetical order.
 */
export const RULES_B: SecretRule[] = [
  ...adyen,
  ...airtable,
  ...algolia,
  ...amplitude,
  ...anthropic,
  ...asana,
  ...atlassian,
  ...auth0,
  ...brevo,
  ...cohere,
  ...coinbase,
  ...contentful,
  ...cratesIo,
  ...datadog,
  ...discord,
  ...dockerConfig,
  ...dropbox,
  ...easypost,
  ...figma,
  ...flutterwave,
  ...frameio,
  ...groq,
  ...hubspot,
  ...huggingface,
  ...infracost,
  ...intercom,
  ...jfrog,
  ...launchdarkly,
  ...linear,
  ...mailchimp,
  ...mailgun,
  ...mapbox,
  ...microsoftTeams,
  ...mixpanel,
  ...newrelic,
  ...notion,
  ...npm,
  ...nuget,
  ...okta,
  ...openai,
  ...pagerduty,
  ...paypal,
  ...paystack,
  ...perplexity,
  ...plaid,
  ...postman,
  ...postmark,
  ...prefect,
  ...pypi,
  ...razorpay,
  ...readme,
  ...replicate,
  ...rubygems,
  ...segment,
  ...sendgrid,
  ...shippo,
  ...shopify,
  ...slack,
  ...square,
  ...stripe,
  ...telegram,
  ...twilio,
  ...typeform,
  ...zendesk,
];
