import { ApiProperty } from '@nestjs/swagger';
import { MoneyProperty } from '../common/openapi/properties';

export class QuoteResponseDto {
  @MoneyProperty({ description: 'the price (refund: what would come back)' })
  amount: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { priceBookVersion: '2026-01', region: 'ap-hongkong', units: 200, unitPrice: '400', months: 24, discount: '0.5' },
    description: 'the figures of the price, by kind; decimal figures are exact strings; always `priceBookVersion`',
  })
  breakdown: unknown;
}
