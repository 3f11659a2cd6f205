import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { READERS } from '../../../core/src/auth/roles';
import { PREVIEW_ACTIONS } from '../../../core/src/lifecycle-preview/preview.rules';
import { PreviewService } from '../../../core/src/lifecycle-preview/preview.service';
import { Roles } from '../auth/roles.decorator';
import { IsBillingDate } from '../common/billing-date.validator';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { AccountScoped } from '../auth/scope.decorator';

class PreviewQueryDto {
  @ApiProperty({ example: '2026-03-31', description: 'last billing day previewed (today to 366 days ahead)' })
  @IsBillingDate()
  through: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the account (or give appId)' })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'only this app (its account is replayed whole: its apps share one wallet)' })
  @IsOptional()
  @IsUUID()
  appId?: string;
}

class PreviewEventDto {
  @ApiProperty({ format: 'date-time', description: 'the instant the job acts' }) at: string;
  @ApiProperty({ format: 'uuid' }) appId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: PREVIEW_ACTIONS }) action: string;
  @ApiProperty() reason: string;
}

class PreviewDto {
  @ApiProperty({ type: [PreviewEventDto] }) events: PreviewEventDto[];
}

@ApiTags('decision tools')
@ApiBearerAuth()
@Controller('v1/lifecycle')
export class LifecyclePreviewController {
  constructor(private readonly previews: PreviewService) {}

  @Get('preview')
  @Roles(...READERS)
  @AccountScoped({ filterQuery: true })
  @ApiDoc(
    'Preview the calendar',
    "What the scheduled jobs will do to an account's apps (reminders, auto-renewals, grace, suspensions, destructions, restores, unthrottles) through `through` if nothing else happens, computed by the jobs' own rules.",
  )
  @ApiOkResponse({ type: PreviewDto })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async preview(@Query() query: PreviewQueryDto) {
    const events = await this.previews.preview(query);
    return { events: events.map((e) => ({ ...e, at: e.at.toISOString() })) };
  }
}
