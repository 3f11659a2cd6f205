import { ApiProperty } from '@nestjs/swagger';
import { ApplicationDto } from '../applications/application.response';
import { OrderDto } from '../orders/order.response';

export class ExportedDayDto {
  @ApiProperty({ example: '2026-03-01' }) date: string;
  @ApiProperty() dau: number;
}

export class ExportedBillDto {
  @ApiProperty({ example: '2026-03-01' }) date: string;
  @ApiProperty() dau: number;
  @ApiProperty({ type: Number, nullable: true, description: 'null on a free day' }) chargedDay: number | null;
  @ApiProperty() chargedDaysTotal: number;
  @ApiProperty({ example: '160.00' }) amount: string;
  @ApiProperty() region: string;
  @ApiProperty() priceBookVersion: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null on a free day' }) ledgerTransactionId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ExportedStateChangeDto {
  @ApiProperty() id: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() reason: string;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class ExportedNoticeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() type: string;
  @ApiProperty({ example: '2026-03-01' }) day: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload: object;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
}

export class AppExportDto {
  @ApiProperty({ format: 'date-time' }) exportedAt: string;
  @ApiProperty({ type: ApplicationDto, description: 'the app as GET /v1/apps/:id shows it' }) app: ApplicationDto;
  @ApiProperty({ type: [ExportedDayDto] }) usage: ExportedDayDto[];
  @ApiProperty({ type: [ExportedBillDto] }) bills: ExportedBillDto[];
  @ApiProperty({ type: [OrderDto], description: 'orders as GET /v1/orders/:id shows them' }) orders: OrderDto[];
  @ApiProperty({ type: [ExportedStateChangeDto] }) stateChanges: ExportedStateChangeDto[];
  @ApiProperty({ type: [ExportedNoticeDto] }) notices: ExportedNoticeDto[];
}
