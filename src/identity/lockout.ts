import type { Clock } from "../core/clock.ts";
import { DrydockError } from "../core/errors.ts";
import type { AuditLog, RequestContext } from "./audit.ts";
import type { IdentityStore } from "./ports.ts";

export interface LockoutSettings {
  /** Failures after which each further failure is answered more slowly. */
  slowAfter: number;
  /** Failures (within `windowMs`) after which an account is locked. */
  accountLockAfter: number;
  /** The same for a source address, which may try many accounts. */
  addressLockAfter: number;
  lockMs: number;
  windowMs: number;
  /** First delay; doubles with each failure past `slowAfter`, up to `maxDelayMs`. */
  delayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_LOCKOUT: LockoutSettings = {
  slowAfter: 3,
  accountLockAfter: 10,
  addressLockAfter: 50,
  lockMs: 15 * 60_000,
  windowMs: 15 * 60_000,
  delayMs: 250,
  maxDelayMs: 4000,
};

/**
 * Slows down, then locks out, repeated authentication failures per account and per source
 * address. Kept in the database so that every replica (and a restart) sees the same counts.
 */
export class Lockout {
  constructor(
    private readonly deps: { store: IdentityStore; clock: Clock; audit: AuditLog },
    private readonly settings: LockoutSettings,
  ) {}

  /** Refuses (429 with Retry-After) while the account or the address is locked. */
  async check(account: string | null, ctx: RequestContext): Promise<void> {
    const now = this.deps.clock.now().getTime();
    for (const key of keys(account, ctx)) {
      const rec = await this.deps.store.failure(key);
      if (rec?.lockedUntil && rec.lockedUntil > now) {
        const seconds = Math.ceil((rec.lockedUntil - now) / 1000);
        throw new DrydockError(
          "TOOMANYREQUESTS",
          `too many failed sign-ins for this ${key.startsWith("account:") ? "account" : "address"}; try again in ${seconds} s`,
          { headers: { "retry-after": String(seconds) } },
        );
      }
    }
  }

  /** Counts a failure; returns how long to wait before answering. */
  async failed(account: string | null, ctx: RequestContext): Promise<number> {
    const now = this.deps.clock.now().getTime();
    let worst = 0;
    for (const key of keys(account, ctx)) {
      const rec = await this.deps.store.failure(key);
      const fresh = !rec || now - rec.lastAt > this.settings.windowMs;
      const failures = fresh ? 1 : rec.failures + 1;
      const limit = key.startsWith("account:")
        ? this.settings.accountLockAfter
        : this.settings.addressLockAfter;
      const lock = failures >= limit;
      await this.deps.store.saveFailure({
        key,
        failures: lock ? 0 : failures,
        lastAt: now,
        lockedUntil: lock ? now + this.settings.lockMs : (rec?.lockedUntil ?? null),
      });
      if (lock)
        await this.deps.audit.write(
          {
            actor: { kind: "system", name: "drydock" },
            action: "auth.lockout",
            target: key,
            result: "success",
            detail: { failures, lockedForSeconds: this.settings.lockMs / 1000 },
          },
          ctx,
        );
      worst = Math.max(worst, failures);
    }
    if (worst <= this.settings.slowAfter) return 0;
    return Math.min(
      this.settings.maxDelayMs,
      this.settings.delayMs * 2 ** (worst - this.settings.slowAfter - 1),
    );
  }

  async succeeded(account: string): Promise<void> {
    await this.deps.store.clearFailure(`account:${account}`);
  }
}

function keys(account: string | null, ctx: RequestContext): string[] {
  return account === null
    ? [`address:${ctx.source}`]
    : [`account:${account}`, `address:${ctx.source}`];
}
