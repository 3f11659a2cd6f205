import { Module } from '@nestjs/common';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyService } from './api-key.service';

@Module({ providers: [ApiKeyCache, ApiKeyRepository, ApiKeyService], exports: [ApiKeyService] })
export class AuthModule {}
