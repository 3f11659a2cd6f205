import { Module } from '@nestjs/common';

/** Apps, capabilities, DAU usage and the trial lifecycle. */
const PROVIDERS: any[] = [];

@Module({ providers: PROVIDERS, exports: PROVIDERS })
export class ApplicationsModule {}
