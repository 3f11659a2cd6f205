import { Param, ParseUUIDPipe, Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { ApiKeyService } from '../../../core/src/auth/api-key.service';
import { Role, ROLES } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { ApiDoc, ApiErrors, ApiList } from '../common/openapi/decorators';
import type { ApiKeyRecord } from '../../../core/src/auth/api-key.types';
import { DEFAULT_GRACE_SECONDS, MAX_GRACE_SECONDS } from '../../../core/src/auth/api-key.rules';
import { REGIONS } from '../../../core/src/pricing/price-book';
import { mapPage, pageOf, pageRequest } from '../../../core/src/pagination/pagination';
import { ListEnvelopeDto, positionKey, positionOf } from '../common/keyset-cursor';
import { PageQueryDto } from '../common/page-query.dto';
import { PlatformWide } from './scope.decorator';

class CreateApiKeyDto {
  @ApiProperty({ example: 'gateway-gz-1' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ROLES, example: 'ingest' })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '0b5e7c1a-4d2f-4e8b-9a61-3c2d1e0f9a7b',
    description: 'confines the key to this account: anything else is 404, platform-wide routes 403',
  })
  @IsOptional()
  @IsUUID()
  accountId?: string;

  @ApiPropertyOptional({
    enum: REGIONS,
    isArray: true,
    example: ['ap-guangzhou', 'ap-shanghai'],
    description: 'ingest keys only: the regions whose apps the key may report',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(REGIONS.length)
  @ArrayUnique()
  @IsIn(REGIONS, { each: true })
  regions?: string[];

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z', description: 'wall-clock end of the key' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

class RotateApiKeyDto {
  @ApiPropertyOptional({
    default: DEFAULT_GRACE_SECONDS,
    example: 3600,
    minimum: 0,
    maximum: MAX_GRACE_SECONDS,
    description: 'how long the old key keeps working',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_GRACE_SECONDS)
  graceSeconds?: number;
}

class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) accountId: string | null;
  @ApiProperty({ nullable: true, type: [String] }) regions: string[] | null;
  @ApiProperty({ description: 'the public key id (pbk_<prefix>_...), never part of the secret' }) prefix: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'written in batches: may lag by API_KEY_LAST_USED_FLUSH_MS',
  })
  lastUsedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({ description: 'the key of ADMIN_API_KEY' }) bootstrap: boolean;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'the successor of a rotated key' }) rotatedTo: string | null;
}

class NewApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'pbk_<prefix>_<secret>: shown in this answer only' }) key: string;
}

class ApiKeyListDto extends ListEnvelopeDto {
  @ApiProperty({ type: [ApiKeyDto] }) items: ApiKeyDto[];
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function apiKeyJson(key: ApiKeyRecord): ApiKeyDto {
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    accountId: key.accountId,
    regions: key.regions,
    prefix: key.keyId,
    createdAt: key.createdAt.toISOString(),
    expiresAt: iso(key.expiresAt),
    lastUsedAt: iso(key.lastUsedAt),
    revokedAt: iso(key.revokedAt),
    bootstrap: key.bootstrap,
    rotatedTo: key.rotatedTo,
  };
}

const uuidPipe = new ParseUUIDPipe({ exceptionFactory: () => DomainError.validation('id', 'id must be a UUID') });

/** Admin only, platform-wide: no account-scoped key manages keys. */
@ApiTags('api-keys')
@ApiBearerAuth()
@PlatformWide()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @ApiDoc(
    'Create an API key',
    "Admin. `pbk_<key id>_<secret>`: the key is in this answer and nowhere else (only the secret's sha256 is stored). `accountId` confines it to one account, `regions` an ingest key to regions, `expiresAt` ends it.",
  )
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  @ApiCreatedResponse({ type: NewApiKeyDto })
  async create(@Body() body: CreateApiKeyDto): Promise<NewApiKeyDto> {
    const created = await this.keys.create({
      name: body.name,
      role: body.role,
      accountId: body.accountId ?? null,
      regions: body.regions ?? null,
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    });
    return { ...apiKeyJson(created), key: created.key };
  }

  @Get()
  @ApiDoc('List API keys', 'Admin. Every key, newest first, without secrets or hashes, a page at a time.')
  @ApiList(ApiKeyDto)
  @ApiErrors('VALIDATION_FAILED')
  async list(@Query() query: PageQueryDto): Promise<ApiKeyListDto> {
    const page = pageRequest(query, ['string', 'string']);
    return mapPage(pageOf(await this.keys.list(page.limit + 1, positionOf(page)), page.limit, positionKey), apiKeyJson);
  }

  @Post(':id/rotate')
  @ApiDoc(
    'Rotate an API key',
    'Admin. A new key with the same name and scopes; the old one keeps working until `graceSeconds` (default 86400) have passed.',
  )
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'INVALID_STATE')
  @ApiCreatedResponse({ type: NewApiKeyDto })
  async rotate(@Param('id', uuidPipe) id: string, @Body() body: RotateApiKeyDto): Promise<NewApiKeyDto> {
    const created = await this.keys.rotate(id, body.graceSeconds ?? DEFAULT_GRACE_SECONDS);
    return { ...apiKeyJson(created), key: created.key };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiDoc('Revoke an API key', 'Admin. Any key, the bootstrap key included: every API process refuses it at once.')
  @ApiNoContentResponse({ description: 'revoked' })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async revoke(@Param('id', uuidPipe) id: string): Promise<void> {
    await this.keys.revoke(id);
  }
}
