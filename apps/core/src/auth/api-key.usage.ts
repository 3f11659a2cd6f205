import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ApiKeyRepository } from './api-key.repository';

/**
 * lastUsedAt without a write per request: each process notes the keys it
 * served in memory and writes them all in one statement every
 * API_KEY_LAST_USED_FLUSH_MS (and when it stops). The column is left out of
 * the cache-invalidation trigger, so these writes flush no cache.
 */
@Injectable()
export class ApiKeyUsage implements OnModuleDestroy {
  private readonly logger = new Logger(ApiKeyUsage.name);
  private pending = new Map<string, Date>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly keys: ApiKeyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  touch(id: string): void {
    // Wall-clock, like the key's own lifetime.
    this.pending.set(id, new Date());
    this.timer ??= setTimeout(() => void this.flush(), this.config.security.keyUsageFlushMs).unref();
  }

  async flush(): Promise<void> {
    this.timer = null;
    if (this.pending.size === 0) return;
    const uses = this.pending;
    this.pending = new Map();
    try {
      await this.keys.markUsed(uses);
    } catch (error) {
      // A lost mark is only a stale lastUsedAt: the next flush carries newer ones.
      this.logger.warn(`could not record API-key usage: ${(error as Error).message}`);
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
  }
}
