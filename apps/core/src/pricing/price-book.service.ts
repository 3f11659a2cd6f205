import { Inject, Injectable } from '@nestjs/common';
import { billingDate } from '../clock/calendar';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import type { PriceBook } from './price-book';
import { PriceBookRepository } from './price-book.repository';

@Injectable()
export class PriceBookService {
  /** Published versions never change, so a version once read is kept. */
  private readonly versions = new Map<string, PriceBook>();

  constructor(
    private readonly repository: PriceBookRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The price book in force on a billing date (default: today in the billing time zone). */
  async effectiveOn(date: string = billingDate(this.clock.now(), this.config.billingTz)): Promise<PriceBook> {
    const id = await this.repository.findEffectiveVersionId(date);
    if (!id) throw new DomainError('INVALID_STATE', `no price book is in effect on ${date}; run npm run db:seed`);
    return this.version(id);
  }

  async version(id: string): Promise<PriceBook> {
    const cached = this.versions.get(id);
    if (cached) return cached;
    const book = await this.repository.findVersion(id);
    if (!book) throw DomainError.notFound('price book version', id);
    this.versions.set(id, book);
    return book;
  }
}
