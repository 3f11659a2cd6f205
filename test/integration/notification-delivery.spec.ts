import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Clock } from '../../apps/core/src/clock/clock';
import { NotificationDispatcher } from '../../apps/core/src/notifications/notification-dispatcher';
import { NotificationRelayService } from '../../apps/core/src/notifications/notification-relay.service';
import { NotificationRepository } from '../../apps/core/src/notifications/notification.repository';
import type { NoticeInput } from '../../apps/core/src/notifications/notification.types';
import { anAccount } from '../support/builders/accounts';
import { HttpReceiver, SmtpReceiver, eventually, signatureOf } from '../support/receivers';
import { TestSystem } from '../support/system';

const PROVIDER_SECRET = 'provider-secret-0123456789';
const DAY = '2026-05-10';

/**
 * Notices reach people: a real SMTP server and a real HTTP provider receiver
 * run beside the API and a real worker; notices are raised as domain code does
 * (in a transaction, then a kick).
 */
describe('notice delivery to people', () => {
  let system: TestSystem;
  let smtp: SmtpReceiver;
  let provider: HttpReceiver;
  let accountId: string;

  beforeAll(async () => {
    smtp = await SmtpReceiver.start();
    provider = await HttpReceiver.start();
    system = await TestSystem.start({
      worker: true,
      env: {
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Push Billing <billing@push.example>',
        NOTIFY_HTTP_URL: provider.url('/notify'),
        NOTIFY_HTTP_SECRET: PROVIDER_SECRET,
        DELIVERY_ATTEMPTS: '5',
        DELIVERY_BACKOFF_MS: '100',
      },
    });
    accountId = (await anAccount(system).named('Acme').withEmail('owner@acme.example').create()).id;
  }, 30_000);
  afterAll(async () => {
    await system.stop();
    await Promise.all([smtp.stop(), provider.stop()]);
  });

  const notice = (type: NoticeInput['type'], resourceKey: string): NoticeInput => ({
    accountId,
    type,
    resourceKey,
    day: DAY,
    title: `${type} for ${resourceKey}`,
    body: `Something about ${resourceKey} happened.`,
  });
  /** As domain code does it: the notice in a transaction, the kick after the commit. */
  const raise = async (input: NoticeInput, kick = true): Promise<string> => {
    const at = system.api.get(Clock).now();
    await system.prisma.$transaction((tx) => system.api.get(NotificationRepository).raise(tx, input, at));
    if (kick) await system.api.get(NotificationDispatcher).kick();
    const row = await system.prisma.notification.findFirstOrThrow({ where: { type: input.type, resourceKey: input.resourceKey } });
    return row.id;
  };
  const settled = () =>
    eventually(
      async () =>
        (await system.prisma.notificationRelayQueue.count()) === 0 &&
        (await system.prisma.notificationDelivery.count({ where: { status: 'pending' } })) === 0,
      20_000,
      'every notice relayed and every delivery settled',
    );
  const deliveries = async (notificationId: string) => {
    const reply = await system.request('GET', `/v1/notifications/${notificationId}/deliveries`);
    expect(reply.status).toBe(200);
    return reply.body.items as any[];
  };
  const byChannel = (rows: any[]) => rows.map((d) => `${d.channel}:${d.address}:${d.status}`).sort();
  const mailsFor = (notificationId: string) =>
    smtp.mails.filter((m) => m.raw.toLowerCase().includes(`x-pushbilling-notice: ${notificationId}`));
  const providerCallsFor = (notificationId: string) => provider.requests.filter((r) => r.json.notice.id === notificationId);

  describe('recipients and subscriptions over HTTP', () => {
    it('answers the defaults when nothing is configured: the account itself is the creator', async () => {
      const recipients = await system.request('GET', `/v1/accounts/${accountId}/notification-recipients`);
      expect(recipients.body).toEqual({
        recipients: [
          { id: null, role: 'creator', name: 'Acme', email: 'owner@acme.example', phone: null, wechatId: null, source: 'account' },
        ],
      });
      const subscriptions = (await system.request('GET', `/v1/accounts/${accountId}/notification-subscriptions`)).body.subscriptions;
      expect(subscriptions).toHaveLength(33);
      expect(subscriptions).toContainEqual({ role: 'creator', type: 'expiry_reminder', channels: ['email'], source: 'default' });
      expect(subscriptions).toContainEqual({ role: 'resource', type: 'arrears_notice', channels: [], source: 'default' });
      expect(subscriptions).toContainEqual({ role: 'finance', type: 'arrears_notice', channels: ['email', 'sms'], source: 'default' });
    });

    it("adds finance and resource collaborators and the account's own channel choices", async () => {
      const finance = await system.request('POST', `/v1/accounts/${accountId}/notification-recipients`, {
        role: 'finance',
        name: 'Fiona',
        email: 'fiona@acme.example',
        phone: '+8613800000001',
      });
      expect(finance).toMatchObject({ status: 201, body: { id: expect.any(String), role: 'finance', source: 'configured' } });
      const resource = await system.request('POST', `/v1/accounts/${accountId}/notification-recipients`, {
        role: 'resource',
        name: 'Dev',
        email: 'dev@acme.example',
        wechatId: 'wx_dev',
      });
      expect(resource.status).toBe(201);
      const reply = await system.request('PUT', `/v1/accounts/${accountId}/notification-subscriptions`, {
        subscriptions: [
          { role: 'resource', type: 'expiry_reminder', channels: ['email', 'wechat'] },
          { role: 'creator', type: 'balance_alert', channels: [] },
        ],
      });
      expect(reply.status).toBe(200);
      expect(reply.body.subscriptions).toContainEqual({
        role: 'resource',
        type: 'expiry_reminder',
        channels: ['email', 'wechat'],
        source: 'account',
      });
      expect(reply.body.subscriptions).toContainEqual({ role: 'creator', type: 'balance_alert', channels: [], source: 'account' });
      expect(
        (await system.request('GET', `/v1/accounts/${accountId}/notification-recipients`)).body.recipients.map((r: any) => r.role),
      ).toEqual(['creator', 'finance', 'resource']);
    });

    it('refuses bad input, a second creator, unknown accounts and non-admin writes', async () => {
      const path = `/v1/accounts/${accountId}/notification-recipients`;
      expect(await system.request('POST', path, { role: 'finance', name: 'Nobody' })).toMatchObject({
        status: 400,
        body: { field: 'email' },
      });
      expect(await system.request('POST', path, { role: 'boss', name: 'X', email: 'x@acme.example' })).toMatchObject({
        status: 400,
        body: { field: 'role' },
      });
      expect(await system.request('POST', path, { role: 'finance', name: 'X', phone: 'call me' })).toMatchObject({
        status: 400,
        body: { field: 'phone' },
      });
      expect(await system.request('POST', path, { role: 'creator', name: 'Boss', email: 'boss@acme.example' })).toMatchObject({
        status: 201,
      });
      expect(await system.request('POST', path, { role: 'creator', name: 'Boss 2', email: 'boss2@acme.example' })).toMatchObject({
        status: 409,
        body: { code: 'INVALID_STATE' },
      });
      const subscriptions = `/v1/accounts/${accountId}/notification-subscriptions`;
      expect(
        await system.request('PUT', subscriptions, {
          subscriptions: [
            { role: 'finance', type: 'refund_done', channels: ['email'] },
            { role: 'finance', type: 'refund_done', channels: ['sms'] },
          ],
        }),
      ).toMatchObject({ status: 400, body: { field: 'subscriptions' } });
      expect(
        await system.request('PUT', subscriptions, { subscriptions: [{ role: 'finance', type: 'refund_done', channels: ['fax'] }] }),
      ).toMatchObject({
        status: 400,
        body: { field: 'subscriptions.0.channels' },
      });
      expect(await system.request('GET', '/v1/accounts/4b0c6a43-2f3e-4a4b-9b53-3f3c3e0d9a11/notification-subscriptions')).toMatchObject({
        status: 404,
      });
      const readonly = await system.newKey('readonly');
      expect((await system.request('GET', path, undefined, readonly)).status).toBe(200);
      expect((await system.request('POST', path, { role: 'finance', name: 'X', email: 'x@acme.example' }, readonly)).status).toBe(403);
      // The configured creator replaces the account itself; remove it again for the delivery tests below.
      const boss = (await system.request('GET', path)).body.recipients.find((r: any) => r.role === 'creator');
      expect(boss).toMatchObject({ name: 'Boss', source: 'configured' });
      expect((await system.request('DELETE', `${path}/${boss.id}`)).status).toBe(204);
      expect((await system.request('DELETE', `${path}/${boss.id}`)).status).toBe(404);
    });
  });

  it('delivers each notice on the subscribed channels only, to the SMTP server and the signed HTTP provider', async () => {
    const reminder = await raise({ ...notice('expiry_reminder', 'subscription-1'), appId: null });
    const arrears = await raise(notice('arrears_notice', accountId));
    await settled();

    // Reminder: creator by email (default), resource by email and WeChat (the account's choice), finance not at all.
    expect(byChannel(await deliveries(reminder))).toEqual([
      'email:dev@acme.example:sent',
      'email:owner@acme.example:sent',
      'wechat:wx_dev:sent',
    ]);
    // Arrears: creator by email, finance by email and SMS (defaults), resource not at all.
    expect(byChannel(await deliveries(arrears))).toEqual([
      'email:fiona@acme.example:sent',
      'email:owner@acme.example:sent',
      'sms:+8613800000001:sent',
    ]);

    expect(
      mailsFor(reminder)
        .map((m) => m.to)
        .flat()
        .sort(),
    ).toEqual(['dev@acme.example', 'owner@acme.example']);
    const mail = mailsFor(reminder).find((m) => m.to.includes('owner@acme.example'))!;
    expect(mail.from).toBe('billing@push.example');
    expect(mail.raw).toContain('Subject: expiry_reminder for subscription-1');
    expect(mail.raw).toContain('Something about subscription-1 happened.');

    const [wechat] = providerCallsFor(reminder);
    expect(wechat.json).toMatchObject({
      channel: 'wechat',
      to: 'wx_dev',
      recipientName: 'Dev',
      notice: { id: reminder, type: 'expiry_reminder', day: DAY },
    });
    expect(wechat.headers['x-pushbilling-signature']).toBe(signatureOf(PROVIDER_SECRET, wechat));
    expect(Math.abs(Number(wechat.headers['x-pushbilling-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    expect(providerCallsFor(arrears).map((r) => [r.json.channel, r.json.to])).toEqual([['sms', '+8613800000001']]);

    const sms = (await deliveries(arrears)).find((d) => d.channel === 'sms');
    expect(sms).toMatchObject({
      attempts: 1,
      lastError: null,
      recipientRole: 'finance',
      recipientName: 'Fiona',
      providerMessageId: expect.stringMatching(/^msg-/),
    });
    expect(sms.sentAt).toEqual(expect.any(String));
  }, 30_000);

  it('retries a failing provider with backoff and delivers once it answers', async () => {
    provider.failNext(2, 503);
    const alert = await raise(notice('balance_alert', accountId));
    await settled();

    // The creator chose no channel for balance alerts; finance gets them by email and SMS.
    expect(byChannel(await deliveries(alert))).toEqual(['email:fiona@acme.example:sent', 'sms:+8613800000001:sent']);
    const calls = providerCallsFor(alert);
    expect(calls.map((c) => c.answered)).toEqual([503, 503, 200]);
    // Every attempt is the same delivery, so the provider can tell a resend.
    expect(new Set(calls.map((c) => c.headers['idempotency-key'])).size).toBe(1);
    expect((await deliveries(alert)).find((d) => d.channel === 'sms')).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  }, 30_000);

  it('marks a delivery failed after its last attempt, and one the provider refuses for good at once', async () => {
    provider.failNext(5, 500);
    const refund = await raise({ ...notice('refund_done', 'order-1') });
    await settled();
    const sms = (await deliveries(refund)).find((d) => d.channel === 'sms');
    expect(sms).toMatchObject({ status: 'failed', attempts: 5, lastError: expect.stringContaining('HTTP 500') });
    expect((await deliveries(refund)).find((d) => d.channel === 'email')).toMatchObject({ status: 'sent' });

    provider.failNext(1, 400);
    const second = await raise({ ...notice('refund_done', 'order-2') });
    await settled();
    expect((await deliveries(second)).find((d) => d.channel === 'sms')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('HTTP 400'),
    });
    expect(providerCallsFor(second)).toHaveLength(1);
  }, 30_000);

  it('never delivers a notice twice: relays on several workers at once, again, and the same notice raised again', async () => {
    const workers = [system.api, await system.startWorker(), await system.startWorker()];
    const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => raise(notice('arrears_notice', `account-${i}`), false)));
    const runs = await Promise.all(
      workers.flatMap((app) => [app.get(NotificationRelayService).relay(), app.get(NotificationRelayService).relay()]),
    );
    // (The worker's own periodic relay may take a share too: never more than all of them.)
    expect(runs.reduce((sum, run) => sum + run.notices, 0)).toBeLessThanOrEqual(30);
    await raise(notice('arrears_notice', 'account-0'));
    await system.api.get(NotificationRelayService).relay();
    await settled();

    expect(await system.prisma.notificationDelivery.count({ where: { notificationId: { in: ids } } })).toBe(90);
    for (const id of ids) {
      expect(byChannel(await deliveries(id))).toEqual([
        'email:fiona@acme.example:sent',
        'email:owner@acme.example:sent',
        'sms:+8613800000001:sent',
      ]);
      expect(mailsFor(id)).toHaveLength(2);
      expect(providerCallsFor(id)).toHaveLength(1);
    }
  }, 60_000);

  it('catches up on its schedule: a notice whose kick was lost and a delivery whose job was lost', async () => {
    const queue = system.api.get<Queue>(getQueueToken('notifications'));
    expect(await queue.getJobScheduler('notifications-relay')).toMatchObject({
      pattern: '*/5 * * * *',
      tz: 'Asia/Shanghai',
      name: 'notifications.tick',
    });

    const lostKick = await raise(notice('balance_alert', 'account-lost-kick'), false);
    // A delivery committed by a relay that died before enqueuing its job, three minutes ago.
    const orphan = await raise(notice('deployment_done', 'app-orphan'), false);
    await system.prisma.notificationRelayQueue.delete({ where: { notificationId: orphan } });
    const threeMinutesAgo = new Date(Date.now() - 3 * 60_000);
    await system.prisma.notificationDelivery.create({
      data: {
        id: '8d0f7c7e-9f43-4f0e-8a8e-1c2f3a4b5c6d',
        notificationId: orphan,
        channel: 'email',
        address: 'owner@acme.example',
        recipientRole: 'creator',
        recipientName: 'Acme',
        createdAt: threeMinutesAgo,
        updatedAt: threeMinutesAgo,
      },
    });

    await queue.add('notifications.tick', { scheduleId: 'notifications-relay', scheduledFor: new Date().toISOString() });
    await settled();
    expect(byChannel(await deliveries(lostKick))).toEqual(['email:fiona@acme.example:sent', 'sms:+8613800000001:sent']);
    expect(byChannel(await deliveries(orphan))).toEqual(['email:owner@acme.example:sent']);
    expect(mailsFor(orphan)).toHaveLength(1);
  }, 30_000);
});

describe('notice delivery with no channel configured', () => {
  let system: TestSystem;
  beforeAll(async () => {
    system = await TestSystem.start({ worker: true, env: { SMTP_URL: '', SMTP_FROM: '', NOTIFY_HTTP_URL: '', NOTIFY_HTTP_SECRET: '' } });
  }, 30_000);
  afterAll(async () => system.stop());

  it('skips email, SMS, WeChat and voice with the reason, and keeps the in-site message', async () => {
    const { id: accountId } = await anAccount(system).withEmail('owner@acme.example').create();
    await system.request('POST', `/v1/accounts/${accountId}/notification-recipients`, {
      role: 'finance',
      name: 'Fiona',
      phone: '+8613800000001',
    });
    const at = system.api.get(Clock).now();
    await system.prisma.$transaction((tx) =>
      system.api
        .get(NotificationRepository)
        .raise(tx, { accountId, type: 'arrears_notice', resourceKey: accountId, day: DAY, title: 'In arrears', body: 'Top up.' }, at),
    );
    await system.api.get(NotificationDispatcher).kick();
    const rows = await eventually(async () => {
      const found = await system.prisma.notificationDelivery.findMany({ orderBy: { channel: 'asc' } });
      return found.length === 2 && found.every((d) => d.status !== 'pending') && found;
    });
    expect(rows.map((d) => [d.channel, d.status, d.attempts, d.lastError])).toEqual([
      ['email', 'skipped', 0, 'email is not configured (SMTP_URL, SMTP_FROM)'],
      ['sms', 'skipped', 0, 'SMS, WeChat and voice are not configured (NOTIFY_HTTP_URL, NOTIFY_HTTP_SECRET)'],
    ]);
    const messages = await system.request('GET', `/v1/accounts/${accountId}/messages`);
    expect(messages.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'arrears_notice', title: 'In arrears' })]));
  }, 30_000);
});
