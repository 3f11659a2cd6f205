import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ExportedDayDto {
  @ApiProperty({ example: '2026-03-01' }) date: string;
  @ApiProperty() dau: number;
}

export class ExportedBillDto {
  @ApiProperty({ example: '2026-03-01' }) date: string;
  @ApiProperty() dau: number;
  @ApiPropertyOptional({ nullable: true, description: 'null on a free day' }) chargedDay: number | null;
  @ApiProperty() chargedDaysTotal: number;
  @ApiProperty({ example: '160.00' }) amount: string;
  @ApiProperty() region: string;
  @ApiProperty() priceBookVersion: string;
  @ApiPropertyOptional({ nullable: true }) ledgerTransactionId: string | null;
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
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) readAt: string | null;
}

export class AppExportDto {
  @ApiProperty({ format: 'date-time' }) exportedAt: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the app as GET /v1/apps/:id shows it' }) app: object;
  @ApiProperty({ type: [ExportedDayDto] }) usage: ExportedDayDto[];
  @ApiProperty({ type: [ExportedBillDto] }) bills: ExportedBillDto[];
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'orders as GET /v1/orders/:id shows them' }) orders: object[];
  @ApiProperty({ type: [ExportedStateChangeDto] }) stateChanges: ExportedStateChangeDto[];
  @ApiProperty({ type: [ExportedNoticeDto] }) notices: ExportedNoticeDto[];
}
