import type { SecretRule } from "../types.ts";
import { rules as alibaba } from "./alibaba/index.ts";
import { rules as aws } from "./aws/index.ts";
import { rules as azure } from "./azure/index.ts";
import { rules as bitbucket } from "./bitbucket/index.ts";
import { rules as buildkite } from "./buildkite/index.ts";
import { rules as circleci } from "./circleci/index.ts";
import { rules as cloudflare } from "./cloudflare/index.ts";
import { rules as databricks } from "./databricks/index.ts";
import { rules as digitalocean } from "./digitalocean/index.ts";
import { rules as dockerHub } from "./docker-hub/index.ts";
import { rules as doppler } from "./doppler/index.ts";
import { rules as drone } from "./drone/index.ts";
import { rules as drydock } from "./drydock/index.ts";
import { rules as fastly } from "./fastly/index.ts";
import { rules as flyio } from "./flyio/index.ts";
import { rules as gcp } from "./gcp/index.ts";
import { rules as gitea } from "./gitea/index.ts";
import { rules as github } from "./github/index.ts";
import { rules as gitlab } from "./gitlab/index.ts";
import { rules as grafana } from "./grafana/index.ts";
import { rules as heroku } from "./heroku/index.ts";
import { rules as hetzner } from "./hetzner/index.ts";
import { rules as ibmCloud } from "./ibm-cloud/index.ts";
import { rules as jenkins } from "./jenkins/index.ts";
import { rules as linode } from "./linode/index.ts";
import { rules as mongodbAtlas } from "./mongodb-atlas/index.ts";
import { rules as netlify } from "./netlify/index.ts";
import { rules as oracleCloud } from "./oracle-cloud/index.ts";
import { rules as planetscale } from "./planetscale/index.ts";
import { rules as pulumi } from "./pulumi/index.ts";
import { rules as scaleway } from "./scaleway/index.ts";
import { rules as sentry } from "./sentry/index.ts";
import { rules as snowflake } from "./snowflake/index.ts";
import { rules as supabase } from "./supabase/index.ts";
import { rules as terraformCloud } from "./terraform-cloud/index.ts";
import { rules as travisCi } from "./travis-ci/index.ts";
import { rules as vault } from "./vault/index.ts";
import { rules as vercel } from "./vercel/index.ts";

/**
 * Rule group A: cloud providers, source-code hosts, CI/CD, infrastructure and drydock's own
 * credentials. One folder per provider family, in alphabetical order.
 */
export const RULES_A: SecretRule[] = [
  ...alibaba,
  ...aws,
  ...azure,
  ...bitbucket,
  ...buildkite,
  ...circleci,
  ...cloudflare,
  ...databricks,
  ...digitalocean,
  ...dockerHub,
  ...doppler,
  ...drone,
  ...drydock,
  ...fastly,
  ...flyio,
  ...gcp,
  ...gitea,
  ...github,
  ...gitlab,
  ...grafana,
  ...hetzner,
  ...heroku,
  ...ibmCloud,
  ...jenkins,
  ...linode,
  ...mongodbAtlas,
  ...netlify,
  ...oracleCloud,
  ...planetscale,
  ...pulumi,
  ...scaleway,
  ...sentry,
  ...snowflake,
  ...supabase,
  ...terraformCloud,
  ...travisCi,
  ...vault,
  ...vercel,
];
