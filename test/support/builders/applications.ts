import { randomUUID } from 'node:crypto';
import type { Application, Platform } from '../../../apps/core/src/applications/application.types';
import { ApplicationsService } from '../../../apps/core/src/applications/applications.service';
import type { Region } from '../../../apps/core/src/pricing/price-book';
import type { TestSystem } from '../system';

/** An account with an empty wallet, written directly (the accounts API is not what these tests are about). */
export async function aBareAccount(system: TestSystem, name = 'Acme'): Promise<string> {
  const id = randomUUID();
  await system.prisma.account.create({ data: { id, name, wallet: { create: {} } } });
  return id;
}

/** `await anApplication(system).forAccount(id).onPlatform('ios').inRegion('ap-singapore').create()` */
export function anApplication(system: TestSystem) {
  const spec: { accountId?: string; name: string; platform: Platform; region: Region } = {
    name: 'Test app',
    platform: 'android',
    region: 'ap-guangzhou',
  };
  const builder = {
    forAccount(accountId: string) {
      spec.accountId = accountId;
      return builder;
    },
    named(name: string) {
      spec.name = name;
      return builder;
    },
    onPlatform(platform: Platform) {
      spec.platform = platform;
      return builder;
    },
    inRegion(region: Region) {
      spec.region = region;
      return builder;
    },
    async create(): Promise<Application> {
      const accountId = spec.accountId ?? (await aBareAccount(system));
      return system.api.get(ApplicationsService).create({ ...spec, accountId });
    },
  };
  return builder;
}
