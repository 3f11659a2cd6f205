import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import type { AuditEvent } from '../../../core/src/audit/audit-event';
import { AuditService } from '../../../core/src/audit/audit.service';
import { DomainError } from '../../../core/src/errors/domain-error';
import { PlatformWide } from '../auth/scope.decorator';
import { mapPage, pageOf, pageRequest, PageRequest } from '../../../core/src/pagination/pagination';
import { ListEnvelopeDto } from '../common/keyset-cursor';
import { PageQueryDto } from '../common/page-query.dto';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';

class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() accountId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the acting key (its id in GET /v1/api-keys)' })
  @IsOptional()
  @IsUUID()
  keyId?: string;
  @ApiPropertyOptional({ example: 'POST /v1/accounts/:id/top-ups' }) @IsOptional() @IsString() @MaxLength(300) action?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'at or after' }) @IsOptional() @IsISO8601({ strict: true }) from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'before' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

class AuditEventDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) keyId: string | null;
  @ApiProperty({ nullable: true, type: String }) keyName: string | null;
  @ApiProperty({ nullable: true, type: String }) role: string | null;
  @ApiProperty({ example: 'POST /v1/accounts/:id/top-ups' }) action: string;
  @ApiProperty({ nullable: true, type: String }) resourceType: string | null;
  @ApiProperty({ nullable: true, type: String }) resourceId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) accountId: string | null;
  @ApiProperty({ nullable: true, type: String }) requestId: string | null;
  @ApiProperty({ nullable: true, type: String }) ip: string | null;
  @ApiProperty() status: number;
}

class AuditEventListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [AuditEventDto] }) items: AuditEventDto[];
}

const json = (event: AuditEvent): AuditEventDto => ({ ...event, at: event.at.toISOString() });

/** The id the next page starts below (events page by their sequential id, newest first). */
function beforeId(page: PageRequest): string | undefined {
  if (!page.after) return undefined;
  const [id] = page.after as [string];
  if (!/^[1-9][0-9]{0,18}$/.test(id)) throw DomainError.validation('cursor', 'cursor is not a cursor of this list');
  return id;
}

/** Admin only, platform-wide. */
@ApiTags('audit')
@ApiBearerAuth()
@PlatformWide()
@Controller('v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiDoc(
    'List audit events',
    'Admin. Every write request, allowed or refused, newest first, a page at a time; filtered by account, acting key, action (method and route pattern) and time.',
  )
  @ApiOkResponse({ type: AuditEventListDto })
  @ApiErrors('VALIDATION_FAILED')
  async list(@Query() query: AuditQueryDto): Promise<AuditEventListDto> {
    const page = pageRequest(query, ['string']);
    const rows = await this.audit.list(
      {
        accountId: query.accountId,
        keyId: query.keyId,
        action: query.action,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        beforeId: beforeId(page),
      },
      page.limit + 1,
    );
    return mapPage(
      pageOf(rows, page.limit, (event) => [event.id]),
      json,
    );
  }
}
