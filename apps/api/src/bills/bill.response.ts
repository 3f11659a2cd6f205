import { ApiProperty } from '@nestjs/swagger';
import { DateProperty, IdProperty, MoneyProperty } from '../common/openapi/properties';

export class BillDto {
  @IdProperty()
  appId: string;

  @IdProperty()
  accountId: string;

  @DateProperty()
  date: string;

  @ApiProperty({ type: 'integer' })
  dau: number;

  @ApiProperty({ type: 'integer', nullable: true, description: "the app's charged-day number (loyalty discount); null for a free day" })
  chargedDay: number | null;

  @MoneyProperty()
  amount: string;

  @ApiProperty({ example: 'ap-guangzhou' })
  region: string;

  @ApiProperty({ example: '2026-01' })
  priceBookVersion: string;

  @IdProperty({ nullable: true })
  ledgerTransactionId: string | null;
}
