import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { ApiKeyService } from '../../../core/src/auth/api-key.service';
import { ROLES, Role } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';
import { ApiDoc, ApiErrors } from '../common/openapi/decorators';
import { CreatedApiKeyDto } from './api-key.response';

class CreateApiKeyDto {
  @ApiProperty({ example: 'gateway-gz-1' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

const uuidPipe = new ParseUUIDPipe({ exceptionFactory: () => DomainError.validation('id', 'id must be a UUID') });

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  @Post()
  @ApiDoc('Create an API key', 'Admin. The key is in this answer and nowhere else: only its sha256 is stored.')
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiErrors('VALIDATION_FAILED')
  async create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    const created = await this.keys.create(body.name, body.role);
    return { id: created.id, name: created.name, role: created.role, key: created.key, createdAt: created.createdAt.toISOString() };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiDoc('Revoke an API key', 'Admin. Every API process refuses the key at once.')
  @ApiNoContentResponse({ description: 'revoked' })
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND')
  async revoke(@Param('id', uuidPipe) id: string): Promise<void> {
    await this.keys.revoke(id);
  }
}
