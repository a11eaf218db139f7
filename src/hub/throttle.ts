/**
 * Slows down guessing of tokens: an address that presents too many invalid tokens in a window is
 * refused (429 with Retry-After, on /api and at the /sync upgrade) until the window has passed,
 * without its tokens being checked at all. Other addresses are not affected. Counted per IP
 * address (IPv4-mapped IPv6 addresses are counted as their IPv4 address).
 */
export interface ThrottleOptions {
  /** Invalid tokens allowed from one address within `windowMs` (default 10). */
  maxFailures?: number;
  /** The window, and how long an address stays refused after the last allowed failure (default 60 s). */
  windowMs?: number;
  /** The clock (tests move it on instead of waiting). */
  now?: () => number;
}

interface Entry {
  /** Times of the failures still within the window. */
  failures: number[];
  /** Refused until then (ms since the epoch), or 0. */
  blockedUntil: number;
}

/** Addresses tracked at most: beyond this the oldest entries are dropped. */
const MAX_ENTRIES = 10_000;

export function clientAddress(remote: string | undefined): string {
  if (!remote) return 'unknown';
  return remote.startsWith('::ffff:') ? remote.slice('::ffff:'.length) : remote;
}

export class FailureThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(opts: ThrottleOptions = {}) {
    this.maxFailures = opts.maxFailures ?? 10;
    this.windowMs = opts.windowMs ?? 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** Seconds until `address` may try again (0: it may now). */
  retryAfter(address: string): number {
    const e = this.entries.get(address);
    if (!e) return 0;
    const left = e.blockedUntil - this.now();
    if (left > 0) return Math.ceil(left / 1000);
    if (e.blockedUntil && !this.recent(e).length) this.entries.delete(address);
    return 0;
  }

  /** Records an invalid token from `address`; returns the seconds it must now wait (0: none). */
  fail(address: string): number {
    const now = this.now();
    let e = this.entries.get(address);
    if (!e) {
      if (this.entries.size >= MAX_ENTRIES) this.prune();
      e = { failures: [], blockedUntil: 0 };
      this.entries.set(address, e);
    }
    e.failures = [...this.recent(e), now];
    if (e.failures.length >= this.maxFailures) {
      e.blockedUntil = now + this.windowMs;
      e.failures = [];
    }
    return this.retryAfter(address);
  }

  private recent(e: Entry): number[] {
    const since = this.now() - this.windowMs;
    return e.failures.filter((t) => t > since);
  }

  private prune(): void {
    const now = this.now();
    for (const [k, e] of this.entries) {
      if (e.blockedUntil <= now && !this.recent(e).length) this.entries.delete(k);
    }
    // Still full (a flood from many addresses): forget the oldest half.
    if (this.entries.size >= MAX_ENTRIES) {
      let n = Math.floor(MAX_ENTRIES / 2);
      for (const k of this.entries.keys()) {
        if (n-- <= 0) break;
        this.entries.delete(k);
      }
    }
  }
}
