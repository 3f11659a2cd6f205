import { Module } from '@nestjs/common';
import { PricingModule } from '../pricing/pricing.module';
import { PreviewRepository } from './preview.repository';
import { PreviewService } from './preview.service';

/** The lifecycle preview: the calendar's next moves, replayed by the jobs' rules. */
@Module({ imports: [PricingModule], providers: [PreviewRepository, PreviewService], exports: [PreviewService] })
export class LifecyclePreviewModule {}
