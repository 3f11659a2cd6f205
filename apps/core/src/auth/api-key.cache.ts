import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import type { StoredApiKey } from './api-key.types';

/** The channel the api_keys triggers notify: a key's hash when it is updated (revoked) or deleted, '*' when all are (TRUNCATE). */
export const API_KEY_CHANGES = 'api_key_changes';
const ALL_KEYS = '*';
/** A bound even if notifications were lost without the connection noticing. */
const MAX_AGE_MS = 60_000;
const MAX_KEYS = 10_000;
const RECONNECT_MS = 1_000;

/**
 * Active API keys by hash, so that a request costs no database round trip for
 * its key (the lookup was a fifth of a single DAU report's cost).
 *
 * A revocation still takes effect at once: the revoking process forgets the
 * key before it answers, and every other process when Postgres notifies it,
 * milliseconds after the commit. Keys are cached only while that notification
 * connection is up: when it drops, the cache is emptied and bypassed until it
 * is back (a revocation in between could not have been heard). A lookup that
 * overlaps a notification is not cached, so a read from before a revocation
 * cannot outlive it.
 */
@Injectable()
export class ApiKeyCache implements OnModuleDestroy {
  private readonly logger = new Logger(ApiKeyCache.name);
  private readonly keys = new Map<string, { key: StoredApiKey; until: number }>();
  private readonly inFlight = new Map<string, { generation: number; lookup: Promise<StoredApiKey | null> }>();
  /** Bumped by every forgetting: a lookup started in an older generation is not cached. */
  private generation = 0;
  private listener: Client | null = null;
  private listening = false;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The cached key, or the lookup's answer (cached when it is safe to). */
  async get(keyHash: string, lookup: () => Promise<StoredApiKey | null>): Promise<StoredApiKey | null> {
    const cached = this.keys.get(keyHash);
    if (cached && cached.until > Date.now()) return cached.key;
    if (!this.listener) this.listen();
    const generation = this.generation;
    // Requests of one key arriving together share one lookup: a burst of hundreds would otherwise queue for the
    // pool past its wait. A lookup started before a forgetting is not joined (it may predate a revocation).
    const pending = this.inFlight.get(keyHash);
    if (pending && pending.generation === generation) return pending.lookup;
    const entry = { generation, lookup: lookup() };
    this.inFlight.set(keyHash, entry);
    try {
      const key = await entry.lookup;
      if (key && this.listening && generation === this.generation) this.remember(keyHash, key);
      return key;
    } finally {
      if (this.inFlight.get(keyHash) === entry) this.inFlight.delete(keyHash);
    }
  }

  forget(keyHash: string): void {
    this.generation += 1;
    this.keys.delete(keyHash);
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
  }

  private remember(keyHash: string, key: StoredApiKey): void {
    if (this.keys.size >= MAX_KEYS) this.keys.delete(this.keys.keys().next().value!);
    this.keys.set(keyHash, { key, until: Date.now() + MAX_AGE_MS });
  }

  private forgetAll(): void {
    this.generation += 1;
    this.keys.clear();
  }

  /** Opens the notification connection (in the background: requests go to the database meanwhile). */
  private listen(): void {
    // Keep-alive: a connection that dies silently must end, so that the cache stops trusting it.
    const listener = new Client({
      connectionString: this.config.databaseUrl,
      application_name: 'push-billing api-key cache',
      keepAlive: true,
    });
    this.listener = listener;
    let gone = false;
    // Called by 'error' and then 'end', or by a failed connect: reconnect once.
    const lost = (error?: Error) => {
      if (gone) return;
      gone = true;
      this.listening = false;
      this.forgetAll();
      listener.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn(
        `API-key notifications lost (${error?.message ?? 'connection ended'}); keys are read from the database until they are back`,
      );
      setTimeout(() => {
        if (!this.closed) this.listen();
      }, RECONNECT_MS).unref();
    };
    listener.on('notification', ({ payload }) => {
      if (payload === ALL_KEYS) this.forgetAll();
      else if (payload) this.forget(payload);
    });
    listener.on('error', lost);
    listener.on('end', () => lost());
    listener
      .connect()
      .then(() => listener.query(`LISTEN ${API_KEY_CHANGES}`))
      .then(() => {
        if (gone || this.closed) return;
        this.forgetAll();
        this.listening = true;
      })
      .catch(lost);
  }
}
