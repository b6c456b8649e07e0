import { once } from "node:events";
import { Command, Option } from "commander";
import { CliError, printJson, printTable, shortTime } from "./api-client.ts";
import { connect, withServer } from "./credentials.ts";
import { parseDuration } from "./duration.ts";

/** `drydock audit ...`: who did what, when, from where. */

interface AuditEvent {
  id: number;
  at: string;
  actor: string;
  actorKind: string;
  source: string;
  userAgent: string;
  action: string;
  target: string;
  result: string;
  detail: Record<string, unknown>;
}

interface AuditPage {
  events: AuditEvent[];
  next: number | null;
}

/**
 * A point in time for --since/--until: an RFC 3339 time, a date (`2024-05-01`, midnight UTC),
 * or a duration ago (`90m`, `24h`, `7d`). Null when unreadable.
 */
export function parseTime(text: string, now: Date): string | null {
  const t = text.trim();
  const ago = parseDuration(t);
  if (ago !== null && !/^\d+$/.test(t)) return new Date(now.getTime() - ago * 1000).toISOString();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t) || /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(t)) {
    // A time without a zone is read as UTC, not as the machine's local time.
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(t) || t.length === 10 ? t : `${t}Z`;
    const ms = Date.parse(zoned.replace(" ", "T"));
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  return null;
}

interface FilterOpts {
  server?: string;
  actor?: string;
  action?: string;
  target?: string;
  result?: string;
  since?: string;
  until?: string;
}

/** The query string of the audit endpoints, from the command's options. */
export function auditQuery(
  opts: FilterOpts,
  now: Date,
): Record<string, string | number | undefined> {
  const time = (flag: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const iso = parseTime(value, now);
    if (iso === null)
      throw new CliError(
        `drydock: ${flag}: "${value.slice(0, 60)}" is not a time (2024-05-01, 2024-05-01T12:00:00Z) or a duration ago (24h, 7d)`,
        2,
      );
    return iso;
  };
  return {
    actor: opts.actor,
    action: opts.action,
    target: opts.target,
    result: opts.result,
    since: time("--since", opts.since),
    until: time("--until", opts.until),
  };
}

function withFilters(cmd: Command): Command {
  return withServer(cmd)
    .option("--actor <name>", "only this actor (a user name or robot$ns+name)")
    .option("--action <action>", "only this action (robot.create) or a prefix (robot.*)")
    .option(
      "--target <target>",
      "only this target and what is below it (team-a matches team-a/app); needed unless admin",
    )
    .addOption(
      new Option("--result <result>", "only this result").choices(["success", "failure", "denied"]),
    )
    .option("--since <time>", "from this time on: RFC 3339, a date, or a duration ago (24h)")
    .option("--until <time>", "before this time: RFC 3339, a date, or a duration ago");
}

export function auditCommand(): Command {
  const audit = new Command("audit").description(
    "the audit trail of identity and registry actions",
  );

  audit.addCommand(
    withFilters(new Command("query"))
      .description("a page of audit events, oldest first")
      .option("--limit <n>", "at most this many events (1-1000)", "100")
      .option("--after <id>", "events after this one (the previous page's next)")
      .option("--json", "print the page as JSON ({events, next})")
      .action(async (opts: FilterOpts & { limit: string; after?: string; json?: boolean }) => {
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
          throw new CliError(`drydock: --limit: "${opts.limit.slice(0, 20)}" is not 1-1000`, 2);
        if (opts.after !== undefined && !/^\d+$/.test(opts.after))
          throw new CliError(
            `drydock: --after: "${opts.after.slice(0, 20)}" is not an event id`,
            2,
          );
        const query = { ...auditQuery(opts, new Date()), limit, after: opts.after };
        const { api } = await connect(opts);
        const page = await api.get<AuditPage>("/audit", query);
        if (opts.json) return printJson(page);
        await printTable(
          ["TIME", "ACTOR", "ACTION", "TARGET", "RESULT", "SOURCE"],
          page.events.map((e) => [
            shortTime(e.at),
            e.actor,
            e.action,
            e.target,
            e.result,
            e.source,
          ]),
          "no events",
        );
        if (page.next !== null)
          process.stderr.write(`drydock: more events: add --after ${page.next}\n`);
      }),
  );

  audit.addCommand(
    withFilters(new Command("export"))
      .description("every matching event as NDJSON (one JSON object per line), streamed")
      .action(async (opts: FilterOpts) => {
        const query = auditQuery(opts, new Date());
        const { api } = await connect(opts);
        const body = await api.stream("/audit/export", query);
        const out = process.stdout;
        try {
          for await (const chunk of body) {
            if (!out.write(chunk)) await once(out, "drain");
          }
        } catch (err) {
          throw new CliError(
            `drydock: the export from ${api.server} broke off: ${(err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message}`,
          );
        }
      }),
  );

  return audit;
}
