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

/**
 * `await anApplication(system).forAccount(id).onPlatform('ios').inRegion('ap-singapore').create()`;
 * `.onPaygSince(instant).withDau(2000, days)` for an app already billed by the day, set up directly.
 */
export function anApplication(system: TestSystem) {
  const spec: { accountId?: string; name: string; platform: Platform; region: Region } = {
    name: 'Test app',
    platform: 'android',
    region: 'ap-guangzhou',
  };
  let paygSince: Date | null = null;
  const usage: { day: string; dau: number }[] = [];
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
    /**
     * Running on pay-as-you-go since `instant`, its state's change back-dated too:
     * a day is billed only when the app was running during it.
     */
    onPaygSince(instant: string) {
      paygSince = new Date(instant);
      return builder;
    },
    /** The closed DAU of each of `days` (YYYY-MM-DD), as ingest would have left it. */
    withDau(dau: number, days: string[]) {
      usage.push(...days.map((day) => ({ day, dau })));
      return builder;
    },
    async create(): Promise<Application> {
      const accountId = spec.accountId ?? (await aBareAccount(system));
      const app = await system.api.get(ApplicationsService).create({ ...spec, accountId });
      if (paygSince) {
        await system.prisma.application.update({
          where: { id: app.id },
          data: { plan: 'payg', state: 'active', paygActivatedAt: paygSince, stateChangedAt: paygSince },
        });
      }
      await system.prisma.dailyUsage.createMany({
        data: usage.map(({ day, dau }) => ({ appId: app.id, day: new Date(`${day}T00:00:00Z`), dau, updatedAt: new Date() })),
      });
      return app;
    },
  };
  return builder;
}
