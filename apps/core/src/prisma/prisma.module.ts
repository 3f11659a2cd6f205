import { Global, Module } from '@nestjs/common';
import { PgPoolService } from './pg-pool.service';
import { PrismaService } from './prisma.service';
import { UnitOfWork } from './unit-of-work';

@Global()
@Module({ providers: [PrismaService, PgPoolService, UnitOfWork], exports: [PrismaService, PgPoolService, UnitOfWork] })
export class PrismaModule {}
