import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { ReportingRepository } from './reporting.repository';

/**
 * Tells the reporting views the billing time zone and which clock the
 * processes run on, so their days and "today" agree with the API's.
 */
@Injectable()
export class BillingSettingsPublisher implements OnApplicationBootstrap {
  constructor(
    private readonly repository: ReportingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.repository.publishSettings(this.config.billingTz, this.config.clockMode, new Date());
  }
}
