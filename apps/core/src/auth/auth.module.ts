import { Module } from '@nestjs/common';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyService } from './api-key.service';
import { ApiKeyUsage } from './api-key.usage';
import { ScopeRepository } from './scope.repository';
import { TenantScope } from './tenant-scope';

@Module({
  providers: [ApiKeyCache, ApiKeyRepository, ApiKeyService, ApiKeyUsage, ScopeRepository, TenantScope],
  exports: [ApiKeyService, TenantScope],
})
export class AuthModule {}
