import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class StatementQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'pdf'],
    default: 'json',
    description: '`pdf` (or `Accept: application/pdf`) for the printable form',
  })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}
