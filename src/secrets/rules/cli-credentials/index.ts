import type { SecretRule } from "../../types.ts";
import { isPlaceholder } from "../placeholders.ts";

/**
 * Passwords passed on a command line in scripts, CI files, Dockerfiles and shell history:
 * `curl -u user:password` and `docker login -p password` (and its kin: podman, buildah, skopeo,
 * nerdctl, oras, helm registry, crane auth, regctl). A password read from a variable (`$PASS`,
 * `${{ secrets.X }}`) or from stdin is where it belongs and is not reported.
 */

/** A blank between two words of a command, across a `\` line continuation. */
const GAP = String.raw`[ \t]{1,8}(?:\\\r?\n[ \t]{0,16})?`;
/**
 * The words of the command before the option, up to 16, none a pipe or list operator (`|`,
 * `&&`, `;`, ...). Word by word, not character by character, so that a 2 MB line of `curl -u `
 * costs a few steps per `curl`, not 512.
 */
const REST = String.raw`(?:${GAP}(?![|&;]{1,2}(?:\s|$))[^\s;]{1,512}){0,16}?${GAP}`;

function plausible(password: string, user = ""): boolean {
  if (password.length < 3 || isPlaceholder(password)) return false;
  if (/^(.)\1*$/.test(password)) return false;
  return password.toLowerCase() !== user.toLowerCase();
}

const LOGIN_TOOLS = [
  "docker",
  "podman",
  "buildah",
  "skopeo",
  "nerdctl",
  "oras",
  "helm registry",
  "crane auth",
  "regctl registry",
];

export const rules: SecretRule[] = [
  {
    meta: {
      id: "curl-user-credentials",
      title: "Password in a curl -u / --user option",
      severity: "high",
      keywords: ["curl"],
      docsUrl: "https://curl.se/docs/manpage.html#-u",
    },
    pattern: new RegExp(
      String.raw`(?<![\w-])curl(?:\.exe)?${REST}(?:-u|--user|--proxy-user|-U)(?:[ \t]{1,4}|=)?(?<q>["']?)(?<user>[^\s:"'$\x60-][^\s:"'$\x60]{0,127}):(?<secret>[^\s"'\x60]{1,256})\k<q>(?=\s|$)`,
      "g",
    ),
    validate: (secret, m) => plausible(secret, m.groups?.user ?? ""),
  },
  {
    meta: {
      id: "registry-login-password",
      title: "Password on a container registry login command line",
      severity: "high",
      keywords: LOGIN_TOOLS.map((t) => `${t} login`),
      docsUrl: "https://docs.docker.com/reference/cli/docker/login/",
    },
    pattern: new RegExp(
      String.raw`(?<![\w-])(?:${LOGIN_TOOLS.map((t) => t.replace(" ", "[ \\t]+")).join("|")})[ \t]+login${REST}(?:-p|--password)(?:[ \t]{1,4}|=)(?<q>["']?)(?<secret>[^\s"'$\x60][^\s"'\x60]{0,255})\k<q>(?=\s|$)`,
      "g",
    ),
    validate: (secret) => plausible(secret),
  },
];
