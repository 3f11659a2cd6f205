import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { OrdersModule } from '../orders/orders.module';
import { ExportRepository } from './export.repository';
import { ExportService } from './export.service';

/** The export of an app's records, readable after destruction. */
@Module({ imports: [ApplicationsModule, OrdersModule], providers: [ExportRepository, ExportService], exports: [ExportService] })
export class ExportModule {}
