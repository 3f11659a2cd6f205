import { Global, Module } from '@nestjs/common';
import { JobOutbox } from './job-outbox';
import { OutboxRelay } from './outbox-relay';

/** Global: every domain writes follow-up jobs in its transactions and kicks the relay after them. */
@Global()
@Module({ providers: [OutboxRelay, JobOutbox], exports: [OutboxRelay, JobOutbox] })
export class OutboxModule {}
