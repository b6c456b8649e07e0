import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import type {
  AuditEvent,
  AuditQuery,
  AuditResult,
  IdentityStore,
  StoredAuditEvent,
} from "./ports.ts";
import type { Principal } from "./types.ts";

/** Where a request came from, for the audit trail. */
export interface RequestContext {
  source: string;
  userAgent: string;
}

export const INTERNAL_CONTEXT: RequestContext = { source: "drydock", userAgent: "drydock" };

export interface AuditInput {
  actor: Principal | { kind: string; name: string };
  action: string;
  target: string;
  result: AuditResult;
  detail?: Record<string, unknown>;
}

/** Keys whose values never enter the audit trail, whatever a caller passes by mistake. */
const SECRET_KEY = /secret|password|token|authorization|credential|hash/i;

/**
 * The append-only audit trail. Security-relevant changes (memberships, robots, rotations,
 * lockouts, keys) are written before the call returns; high-volume events (pulls, token
 * issues, denials) are batched and written together every `flushMs`, so that auditing every
 * pull costs one transaction per batch rather than one per request.
 */
export class AuditLog {
  private buffer: AuditEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: { store: IdentityStore; clock: Clock; log: Logger },
    private readonly settings: { flushMs: number; maxBuffered: number } = {
      flushMs: 200,
      maxBuffered: 1000,
    },
  ) {}

  /** Writes now; resolves once the event is durable. */
  async write(input: AuditInput, ctx: RequestContext): Promise<void> {
    await this.flush();
    await this.deps.store.appendAudit([this.toEvent(input, ctx)]);
  }

  /** Queues a high-volume event; written within `flushMs`. */
  record(input: AuditInput, ctx: RequestContext): void {
    this.buffer.push(this.toEvent(input, ctx));
    if (this.buffer.length >= this.settings.maxBuffered) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), this.settings.flushMs);
      this.timer.unref();
    }
  }

  /** Writes whatever is queued. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await this.deps.store.appendAudit(batch);
      } catch (err) {
        this.deps.log.error("audit write failed", {
          events: batch.length,
          err: (err as Error).message,
        });
      }
    });
    return this.flushing;
  }

  async query(q: AuditQuery): Promise<StoredAuditEvent[]> {
    await this.flush();
    return this.deps.store.queryAudit(q);
  }

  private toEvent(input: AuditInput, ctx: RequestContext): AuditEvent {
    const actor = input.actor;
    return {
      at: this.deps.clock.now().getTime(),
      actor: actor.name,
      actorKind: actor.kind,
      source: ctx.source,
      userAgent: ctx.userAgent.slice(0, 256),
      action: input.action,
      target: input.target,
      result: input.result,
      detail: scrub(input.detail ?? {}),
    };
  }
}

function scrub(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(detail)) {
    if (SECRET_KEY.test(key)) continue;
    out[key] =
      typeof value === "object" && value !== null && !Array.isArray(value)
        ? scrub(value as Record<string, unknown>)
        : value;
  }
  return out;
}
