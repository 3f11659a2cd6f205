import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role } from '../../../core/src/auth/roles';
import { IdProperty, InstantProperty } from '../common/openapi/properties';

export class CreatedApiKeyDto {
  @IdProperty()
  id: string;

  @ApiProperty({ example: 'gateway-gz-1' })
  name: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ example: 'pb_3q2-7wX...', description: 'the key itself: shown in this answer only, stored as its sha256' })
  key: string;

  @InstantProperty()
  createdAt: string;
}
