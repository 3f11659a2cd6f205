import { randomUUID } from 'node:crypto';
import { ApplicationsService } from '../../apps/core/src/applications/applications.service';
import { aBareAccount, anApplication } from '../support/builders/applications';
import { answer, invalid } from '../support/api-client';
import { TestSystem } from '../support/system';

const PUBLISHED_ENTITLEMENTS = {
  offlineRetentionHours: 24,
  offlineRetentionMaxHours: 72,
  offlineMessagesPerDevice: 3,
  tagsPerToken: 100,
  customTagsPerApp: 10000,
  queryApiCallsPerHour: 200,
  deviceValidityDays: 180,
  appsPerAccount: 150,
  appsPerPlatform: 50,
  smsFallback: 'billed_separately',
};

describe('apps, capabilities, charity and limits', () => {
  let system: TestSystem;
  let readonlyKey: string;
  beforeAll(async () => {
    system = await TestSystem.start();
    readonlyKey = await system.newKey('readonly');
  });
  afterAll(async () => system.stop());

  const createApp = (body: object, key = system.adminKey) => answer(system.as(key).POST('/v1/apps', { body: invalid(body) }));
  const capabilities = (id: string, key = readonlyKey) =>
    answer(system.as(key).GET('/v1/apps/{id}/capabilities', { params: { path: { id } } }));
  const getApp = (id: string) => answer(system.http.GET('/v1/apps/{id}', { params: { path: { id } } }));
  const stateChanges = (appId: string) =>
    system.prisma.appStateChange.findMany({
      where: { appId },
      orderBy: { id: 'asc' },
      select: { fromState: true, toState: true, reason: true },
    });

  describe('POST /v1/apps and GET /v1/apps/:id', () => {
    it('creates an app on the free trial with an access id, and reads it back', async () => {
      const accountId = await aBareAccount(system);
      const reply = await createApp({ accountId, name: 'Acme iOS', platform: 'ios', region: 'ap-singapore' });
      expect(reply.status).toBe(201);
      expect(reply.data).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        accountId,
        accessId: expect.stringMatching(/^\d{10}$/),
        name: 'Acme iOS',
        platform: 'ios',
        region: 'ap-singapore',
        state: 'trial',
        plan: 'trial',
        charityApproved: false,
        throttled: false,
        subscription: null,
      });
      const read = await answer(system.as(readonlyKey).GET('/v1/apps/{id}', { params: { path: { id: reply.data!.id } } }));
      // A running trial app also carries its cutoff forecast: none for an app without closed days.
      expect(read).toMatchObject({ status: 200, data: { ...reply.data, trialForecast: null } });
    });

    it('gives every app its own access id', async () => {
      const accountId = await aBareAccount(system);
      const [a, b] = await Promise.all([
        anApplication(system).forAccount(accountId).create(),
        anApplication(system).forAccount(accountId).create(),
      ]);
      expect(a.accessId).not.toBe(b.accessId);
    });

    it.each([
      [{ name: 'x', platform: 'windows', region: 'ap-guangzhou' }, 'platform'],
      [{ name: 'x', platform: 'ios', region: 'ap-tokyo' }, 'region'],
      [{ name: '', platform: 'ios', region: 'ap-guangzhou' }, 'name'],
      [{ name: 'x'.repeat(101), platform: 'ios', region: 'ap-guangzhou' }, 'name'],
      [{ name: 'x', platform: 'ios', region: 'ap-guangzhou', colour: 'red' }, 'colour'],
    ])('refuses %j naming %s', async (fields, field) => {
      const reply = await createApp({ accountId: await aBareAccount(system), ...fields });
      expect(reply).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field } });
    });

    it('answers 404 for an unknown account or app, 400 for an id that is not one', async () => {
      expect(await createApp({ accountId: randomUUID(), name: 'x', platform: 'ios', region: 'ap-guangzhou' })).toMatchObject({
        status: 404,
        error: { code: 'NOT_FOUND' },
      });
      expect(await getApp(randomUUID())).toMatchObject({ status: 404, error: { code: 'NOT_FOUND' } });
      expect(await getApp('42')).toMatchObject({ status: 400, error: { field: 'id' } });
    });

    it('lets only admins create apps', async () => {
      const reply = await createApp(
        { accountId: await aBareAccount(system), name: 'x', platform: 'ios', region: 'ap-guangzhou' },
        readonlyKey,
      );
      expect(reply).toMatchObject({ status: 403, error: { code: 'FORBIDDEN' } });
    });
  });

  describe('limits', () => {
    const fill = async (accountId: string, platform: 'android' | 'ios' | 'macos', count: number) => {
      const service = system.api.get(ApplicationsService);
      for (let i = 0; i < count; i += 1) await service.create({ accountId, name: `${platform} ${i}`, platform, region: 'ap-guangzhou' });
    };

    it('allows 50 apps per platform and 150 per account, and counts only apps that are not destroyed', async () => {
      const accountId = await aBareAccount(system);
      await fill(accountId, 'android', 50);
      const over = await createApp({ accountId, name: 'one more', platform: 'android', region: 'ap-guangzhou' });
      expect(over).toMatchObject({ status: 409, error: { code: 'APP_LIMIT_REACHED' } });
      expect(over.error?.message).toContain('50');

      await fill(accountId, 'ios', 50);
      await fill(accountId, 'macos', 50);
      const full = await createApp({ accountId, name: 'one more', platform: 'macos', region: 'ap-guangzhou' });
      expect(full).toMatchObject({ status: 409, error: { code: 'APP_LIMIT_REACHED' } });
      expect(full.error?.message).toContain('150');

      const victim = await system.prisma.application.findFirstOrThrow({ where: { accountId, platform: 'macos' } });
      await system.prisma.application.update({ where: { id: victim.id }, data: { state: 'destroyed', destroyedAt: new Date() } });
      expect((await createApp({ accountId, name: 'replacement', platform: 'macos', region: 'ap-guangzhou' })).status).toBe(201);
    });

    it('holds the limit when creations for one account race', async () => {
      const accountId = await aBareAccount(system);
      await fill(accountId, 'ios', 48);
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) => createApp({ accountId, name: `racer ${i}`, platform: 'ios', region: 'ap-hongkong' })),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409, 409, 409, 409]);
      expect(await system.prisma.application.count({ where: { accountId, platform: 'ios' } })).toBe(50);
    });
  });

  describe('capabilities', () => {
    const putState = (id: string, state: string, extra: object = {}) =>
      system.prisma.application.update({
        where: { id },
        data: {
          state,
          suspensionReason: state === 'suspended' ? 'arrears' : null,
          destroyedAt: state === 'destroyed' ? new Date() : null,
          ...extra,
        },
      });

    it('gives a trial app push and registration with the published entitlements', async () => {
      const app = await anApplication(system).create();
      const caps = await capabilities(app.id);
      expect({ status: caps.status, data: caps.data }).toEqual({
        status: 200,
        data: { push: true, register: true, throttled: false, state: 'trial', entitlements: PUBLISHED_ENTITLEMENTS },
      });
    });

    it.each([
      ['trial', true, true],
      ['active', true, true],
      ['grace', true, true],
      ['deploying', false, true],
      ['suspended', false, true],
      ['destroyed', false, false],
    ])('%s: push %s, register %s', async (state, push, register) => {
      const app = await anApplication(system).create();
      await putState(app.id, state);
      expect((await capabilities(app.id)).data).toMatchObject({ push, register, state, throttled: false });
    });

    it('shows throttling only while the app may push', async () => {
      const app = await anApplication(system).create();
      await putState(app.id, 'active', { plan: 'prepaid', throttled: true });
      expect((await capabilities(app.id)).data?.throttled).toBe(true);
      await putState(app.id, 'suspended', { throttled: true });
      expect((await capabilities(app.id)).data?.throttled).toBe(false);
    });
  });

  describe('entitlement overrides', () => {
    const put = (id: string, body: unknown, key = system.adminKey) =>
      answer(system.as(key).PUT('/v1/apps/{id}/entitlements', { params: { path: { id } }, body: invalid(body) }));

    it('overrides entitlements per app, replaces the overrides on each call, and clears them with {}', async () => {
      const app = await anApplication(system).create();
      const reply = await put(app.id, { offlineRetentionHours: 72, queryApiCallsPerHour: 1000 });
      expect(reply).toMatchObject({
        status: 200,
        data: { appId: app.id, overrides: { offlineRetentionHours: 72, queryApiCallsPerHour: 1000 } },
      });
      expect(reply.data?.entitlements).toEqual({ ...PUBLISHED_ENTITLEMENTS, offlineRetentionHours: 72, queryApiCallsPerHour: 1000 });
      const caps = await capabilities(app.id, system.adminKey);
      expect(caps.data?.entitlements.offlineRetentionHours).toBe(72);

      expect((await put(app.id, { tagsPerToken: 200 })).data?.overrides).toEqual({ tagsPerToken: 200 });
      expect((await put(app.id, {})).data?.entitlements).toEqual(PUBLISHED_ENTITLEMENTS);
    });

    it.each([
      [{ offlineRetentionHours: 96 }, 'offlineRetentionHours'],
      [{ offlineRetentionHours: 0 }, 'offlineRetentionHours'],
      [{ tagsPerToken: 1.5 }, 'tagsPerToken'],
      [{ tagsPerToken: '200' }, 'tagsPerToken'],
      [{ appsPerAccount: 500 }, 'appsPerAccount'],
      [{ smsFallback: 'free' }, 'smsFallback'],
      [{ pushesPerSecond: 10 }, 'pushesPerSecond'],
      [[1, 2], 'body'],
    ])('refuses %j naming %s', async (body, field) => {
      const app = await anApplication(system).create();
      expect(await put(app.id, body)).toMatchObject({ status: 400, error: { code: 'VALIDATION_FAILED', field } });
    });

    it('allows a longer retention once the maximum is raised too, and only for admins', async () => {
      const app = await anApplication(system).create();
      expect((await put(app.id, { offlineRetentionMaxHours: 96, offlineRetentionHours: 96 })).status).toBe(200);
      expect((await put(app.id, {}, readonlyKey)).status).toBe(403);
    });
  });

  describe('charity', () => {
    const charity = (id: string, approved: unknown, key = system.adminKey) =>
      answer(system.as(key).POST('/v1/apps/{id}/charity', { params: { path: { id } }, body: { approved: invalid(approved) } }));

    it('approves an app as a charity (free, running), idempotently, and revoking returns it to the trial', async () => {
      const app = await anApplication(system).create();
      const approved = await charity(app.id, true);
      expect(approved).toMatchObject({ status: 200, data: { id: app.id, plan: 'charity', state: 'active', charityApproved: true } });
      expect((await charity(app.id, true)).data).toEqual(approved.data);
      expect((await capabilities(app.id)).data).toMatchObject({ push: true, state: 'active' });

      expect((await charity(app.id, false)).data).toMatchObject({ plan: 'trial', state: 'trial', charityApproved: false });
      expect((await charity(app.id, false)).data).toMatchObject({ plan: 'trial', state: 'trial' });
      expect(await stateChanges(app.id)).toEqual([
        { fromState: 'trial', toState: 'active', reason: 'charity_approved' },
        { fromState: 'active', toState: 'trial', reason: 'charity_revoked' },
      ]);
    });

    it('restores a suspended trial app', async () => {
      const app = await anApplication(system).create();
      await system.prisma.application.update({
        where: { id: app.id },
        data: { state: 'suspended', suspensionReason: 'trial_over_limit', trialSuspendedOn: new Date('2026-01-05') },
      });
      expect((await charity(app.id, true)).data).toMatchObject({
        plan: 'charity',
        state: 'active',
        suspensionReason: null,
        trialSuspendedOn: null,
      });
    });

    it('refuses destroyed and prepaid apps, bad bodies, and non-admin keys', async () => {
      const destroyed = await anApplication(system).create();
      await system.prisma.application.update({ where: { id: destroyed.id }, data: { state: 'destroyed', destroyedAt: new Date() } });
      expect(await charity(destroyed.id, true)).toMatchObject({ status: 409, error: { code: 'INVALID_STATE' } });

      const prepaid = await anApplication(system).create();
      await system.prisma.application.update({ where: { id: prepaid.id }, data: { plan: 'prepaid', state: 'active' } });
      expect(await charity(prepaid.id, true)).toMatchObject({ status: 409, error: { code: 'INVALID_STATE' } });

      expect(await charity(prepaid.id, 'yes')).toMatchObject({ status: 400, error: { field: 'approved' } });
      const reply = await charity(prepaid.id, true, readonlyKey);
      expect(reply.status).toBe(403);
    });
  });
});
