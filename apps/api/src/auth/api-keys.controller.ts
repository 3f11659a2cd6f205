import { Body, Controller, Delete, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { ApiKeyService } from '../../../core/src/auth/api-key.service';
import { ROLES, Role } from '../../../core/src/auth/roles';
import { DomainError } from '../../../core/src/errors/domain-error';

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

  /** Admin only; the key is in this answer and nowhere else. */
  @Post()
  async create(@Body() body: CreateApiKeyDto) {
    const created = await this.keys.create(body.name, body.role);
    return { id: created.id, name: created.name, role: created.role, key: created.key, createdAt: created.createdAt };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param('id', uuidPipe) id: string): Promise<void> {
    await this.keys.revoke(id);
  }
}
