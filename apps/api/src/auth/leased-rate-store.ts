import type { Redis } from 'ioredis';

/** What `@fastify/rate-limit` asks of a store: count one request of `key` in its window of `timeWindow` ms. */
export type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;
export interface RateLimitStore {
  incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void;
  child(routeOptions: unknown): RateLimitStore;
}

/** A slice is at most this many requests, and at most this share of the limit (so a small limit is counted exactly). */
const MAX_SLICE = 64;
const MAX_SLICE_SHARE = 0.05;
const SWEEP_EVERY_MS = 10_000;

/**
 * Takes `slice` numbers of the key's window counter at once; the first taker sets the window.
 * Returns the last number taken and the window's remaining milliseconds.
 */
const LEASE = `
  local last = redis.call('INCRBY', KEYS[1], ARGV[1])
  if last == tonumber(ARGV[1]) then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return {last, tonumber(ARGV[2])}
  end
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    ttl = tonumber(ARGV[2])
  end
  return {last, ttl}
`;

interface LeasingRedis extends Redis {
  rateLimitLease(key: string, slice: number, windowMs: number, callback: (error: Error | null, result?: [number, number]) => void): void;
}

interface Waiter {
  callback: IncrCallback;
  max: number;
}

/** One key's window as this process sees it: the numbers it holds (next..last) and the requests waiting for more. */
interface Window {
  endsAt: number;
  next: number;
  last: number;
  slice: number;
  leasing: boolean;
  waiting: Waiter[];
}

/**
 * A fixed-window counter per key shared by every API process through Redis,
 * that does not cost a Redis round trip per request: a process takes a slice
 * of the window's numbers at once (one INCRBY) and hands them to its requests
 * locally. A request is allowed when its number is at most the limit, so the
 * processes together never allow more than the limit in a window; they may
 * allow less, by the numbers other processes took and did not use (at most one
 * slice each). Slices start at one request in each window and double while the
 * key stays busy, up to 64 requests or 5% of the limit: a quiet key or a small
 * limit is counted request by request, exactly.
 *
 * Once its window is spent, a key is refused locally until the window ends,
 * without asking Redis again.
 */
export class LeasedRateStore implements RateLimitStore {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    if (!('rateLimitLease' in redis)) redis.defineCommand('rateLimitLease', { numberOfKeys: 1, lua: LEASE });
    // Keys whose window has ended are forgotten, so a flood of distinct addresses does not grow the map for good.
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();
  }

  incr(key: string, callback: IncrCallback, timeWindow: number, max: number): void {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || (now >= window.endsAt && !window.leasing)) {
      window = { endsAt: 0, next: 1, last: 0, slice: 0, leasing: false, waiting: [] };
      this.windows.set(key, window);
    }
    if (!window.leasing && now < window.endsAt) {
      if (window.next <= window.last) return callback(null, { current: window.next++, ttl: window.endsAt - now });
      if (window.last >= max) return callback(null, { current: max + 1, ttl: window.endsAt - now });
    }
    window.waiting.push({ callback, max });
    if (!window.leasing) this.lease(key, window, timeWindow, max);
  }

  child(): RateLimitStore {
    return this;
  }

  close(): void {
    clearInterval(this.sweeper);
  }

  private lease(key: string, window: Window, timeWindow: number, max: number): void {
    const cap = Math.max(1, Math.min(MAX_SLICE, Math.floor(max * MAX_SLICE_SHARE)));
    const slice = Math.min(cap, Math.max(window.slice * 2, window.waiting.length, 1));
    window.leasing = true;
    (this.redis as LeasingRedis).rateLimitLease(this.prefix + key, slice, timeWindow, (error, result) => {
      window.leasing = false;
      const waiting = window.waiting;
      window.waiting = [];
      if (error || !result) {
        // Nothing is held: the next request asks Redis again.
        window.endsAt = 0;
        for (const waiter of waiting) waiter.callback(error ?? new Error('rate-limit lease returned nothing'));
        return;
      }
      const [last, ttl] = result;
      const now = this.now();
      window.endsAt = now + ttl;
      window.next = last - slice + 1;
      window.last = last;
      window.slice = slice;
      for (const waiter of waiting) this.incr(key, waiter.callback, timeWindow, waiter.max);
    });
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (now >= window.endsAt && !window.leasing) this.windows.delete(key);
  }
}
