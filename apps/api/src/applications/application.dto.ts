import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '../common/page-query.dto';
import { PLATFORMS, Platform } from '../../../core/src/applications/application.types';
import { APP_STATES, PLANS } from '../../../core/src/lifecycle/app-state.types';
import { REGIONS, Region } from '../../../core/src/pricing/price-book';

export class CreateApplicationDto {
  @ApiProperty({ format: 'uuid', example: '0b5e7c1a-4d2f-4e8b-9a61-3c2d1e0f9a7b' })
  @IsUUID()
  accountId: string;

  @ApiProperty({ example: 'Acme for Android', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: PLATFORMS, example: 'android' })
  @IsIn(PLATFORMS)
  platform: Platform;

  @ApiProperty({ enum: REGIONS, example: 'ap-guangzhou', description: 'the service access point, fixed for the life of the app' })
  @IsIn(REGIONS)
  region: Region;
}

export class RestoreDto {
  @ApiProperty({
    example: 'customer confirmed a one-off spike (ticket 4711)',
    minLength: 1,
    maxLength: 500,
    description: "why the operator restores the app; kept with the app's state change",
  })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class CharityDto {
  @ApiProperty({ example: true, description: 'true approves the app as a charity (free forever); false returns it to the free trial' })
  @IsBoolean()
  approved: boolean;
}

export class ApplicationSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ enum: APP_STATES })
  @IsOptional()
  @IsIn(APP_STATES)
  state?: string;

  @ApiPropertyOptional({ enum: PLANS })
  @IsOptional()
  @IsIn(PLANS)
  plan?: string;

  @ApiPropertyOptional({ enum: REGIONS })
  @IsOptional()
  @IsIn(REGIONS)
  region?: string;

  @ApiPropertyOptional({ enum: PLATFORMS })
  @IsOptional()
  @IsIn(PLATFORMS)
  platform?: string;

  @ApiPropertyOptional({ description: 'part of the name, case-insensitive', maxLength: 100 })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}
