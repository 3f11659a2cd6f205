import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { addDays, startOfBillingDay } from '../../apps/core/src/clock/calendar';
import { NotificationRelayService } from '../../apps/core/src/notifications/notification-relay.service';
import { ExpiryLifecycleService } from '../../apps/core/src/subscriptions/expiry-lifecycle.service';
import { PREPAID_JOBS } from '../../apps/core/src/subscriptions/prepaid.jobs';
import { anAccount } from '../support/builders/accounts';
import { anApplication } from '../support/builders/applications';
import { buyPrepaid } from '../support/prepaid';
import { HttpReceiver, ReceivedMail, ReceivedRequest, SmtpReceiver, eventually, signatureOf } from '../support/receivers';
import { TestSystem } from '../support/system';

const TZ = 'Asia/Shanghai';
const PROVIDER_SECRET = 'provider-secret-expiry-0123456789';
const P = '2026-02-01';
/** E = P + 1 month. */
const E = '2026-03-01';
const at = (date: string, time = '08:00') => new Date(`${date}T${time}:00+08:00`).toISOString();
const midnight = (date: string) => startOfBillingDay(date, TZ).toISOString();
const dayOf = (offset: number) => addDays(E, offset);

const CLEO = { email: 'cleo@acme.example', phone: '+8613800000001', wechatId: 'wx_cleo' };
const DEV = { email: 'dev@acme.example', wechatId: 'wx_dev' };
const FIONA = { email: 'fiona@acme.example', phone: '+8613800000002' };

type NoticeType = 'deployment_done' | 'expiry_reminder' | 'expiry_notice' | 'suspension_notice';

/**
 * Where each notice type must go, as `channel:address`, given the account's
 * subscriptions below: the creator (Cleo) chose email and SMS for the expiry
 * notices and voice as well for the suspension; the resource collaborator (Dev)
 * unsubscribed from reminders, chose WeChat for expiry notices and keeps the
 * default (email) for the suspension; the finance collaborator (Fiona) hears
 * of none of them (defaults: money notices only). Cleo's WeChat id and Fiona's
 * addresses must never be used.
 */
const EXPECTED: Record<NoticeType, string[]> = {
  deployment_done: [`email:${CLEO.email}`, `email:${DEV.email}`],
  expiry_reminder: [`email:${CLEO.email}`, `sms:${CLEO.phone}`],
  expiry_notice: [`email:${CLEO.email}`, `sms:${CLEO.phone}`, `wechat:${DEV.wechatId}`],
  suspension_notice: [`email:${CLEO.email}`, `email:${DEV.email}`, `sms:${CLEO.phone}`, `voice:${CLEO.phone}`],
};

/** Provider calls that fail (HTTP 500) on E, before the receiver answers again. */
const FAILURES_ON_E = 3;

/**
 * Issue 6's check on the simulated clock: an expiring prepaid app produces
 * exactly the reminders and notices of SPEC.md 6 on the right days, each
 * delivered once per subscribed channel and recipient to a real local SMTP
 * server and a real local (signed) HTTP provider receiver; a failing receiver
 * gets its notices after retries; running a day again never produces a second
 * notice or delivery.
 */
describe('expiry reminders and notices delivered to people, day by day', () => {
  let system: TestSystem;
  let smtp: SmtpReceiver;
  let provider: HttpReceiver;
  let secondWorker: INestApplicationContext;
  let accountId: string;
  let appId: string;
  const recipientIds = {} as Record<'creator' | 'resource' | 'finance', string>;

  const settled = () =>
    eventually(
      async () =>
        (await system.prisma.notificationRelayQueue.count()) === 0 &&
        (await system.prisma.notificationDelivery.count({ where: { status: 'pending' } })) === 0,
      20_000,
      'every notice relayed and every delivery settled',
    );
  const advanceTo = async (instant: string) => {
    const reply = await system.request('POST', '/v1/clock/advance', { to: instant });
    expect(reply.status).toBe(200);
    return reply.body;
  };
  const noticeIdOfMail = (mail: ReceivedMail) => /^x-pushbilling-notice: *(\S+)\s*$/im.exec(mail.raw)?.[1];
  const isNoticeCall = (request: ReceivedRequest) => Boolean(request.json?.notice?.id);

  beforeAll(async () => {
    smtp = await SmtpReceiver.start();
    provider = await HttpReceiver.start();
    system = await TestSystem.start({
      clockStart: at(P, '09:00'),
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
    secondWorker = await system.startWorker();

    accountId = (await anAccount(system).named('Acme').withEmail('owner@acme.example').withCash('800.00').create()).id;
    const recipients = `/v1/accounts/${accountId}/notification-recipients`;
    for (const [role, body] of [
      ['creator', { role: 'creator', name: 'Cleo', ...CLEO }],
      ['resource', { role: 'resource', name: 'Dev', ...DEV }],
      ['finance', { role: 'finance', name: 'Fiona', ...FIONA }],
    ] as const) {
      const reply = await system.request('POST', recipients, body);
      expect(reply.status).toBe(201);
      recipientIds[role] = reply.body.id;
    }
    const subscriptions = await system.request('PUT', `/v1/accounts/${accountId}/notification-subscriptions`, {
      subscriptions: [
        { role: 'creator', type: 'expiry_reminder', channels: ['email', 'sms'] },
        { role: 'creator', type: 'expiry_notice', channels: ['email', 'sms'] },
        { role: 'creator', type: 'suspension_notice', channels: ['email', 'sms', 'voice'] },
        { role: 'resource', type: 'expiry_reminder', channels: [] },
        { role: 'resource', type: 'expiry_notice', channels: ['wechat'] },
      ],
    });
    expect(subscriptions.status).toBe(200);

    appId = (await anApplication(system).forAccount(accountId).named('Expiring app').create()).id;
    const order = await buyPrepaid(system, { accountId, appId, units: 1, months: 1, autoRenew: false });
    expect(order.status).toBe(201);
    await eventually(async () => (await system.request('GET', `/v1/apps/${appId}`)).body.state === 'active', 15_000, 'the app provisioned');
    expect((await system.request('GET', `/v1/apps/${appId}`)).body.subscription).toMatchObject({ expiresOn: E, autoRenew: false });
    await settled();
  }, 60_000);

  afterAll(async () => {
    await system?.stop();
    await Promise.all([smtp?.stop(), provider?.stop()]);
  });

  /** Everything delivered so far that the checks of a day have not looked at yet. */
  let seenNotices = 0;
  let seenMails = 0;
  let seenCalls = 0;

  /**
   * The notices raised since the last check are exactly `types` of `day`, and
   * each was delivered exactly once per expected channel and address: the
   * delivery rows, the mails the SMTP server took and the provider calls the
   * HTTP receiver answered 200 all say the same, and nothing else arrived.
   * Returns the provider calls of the day (failed ones included).
   */
  const checkDay = async (day: string, types: NoticeType[], options: { providerFailures?: number } = {}) => {
    await settled();
    const raised = await system.prisma.notification.findMany({ where: { accountId }, orderBy: [{ createdAt: 'asc' }, { type: 'asc' }] });
    const fresh = raised.slice(seenNotices);
    expect({ day, notices: fresh.map((n) => [n.type, n.day.toISOString().slice(0, 10), n.appId]) }).toEqual({
      day,
      notices: types.map((type) => [type, day, appId]),
    });
    seenNotices = raised.length;

    const mails = smtp.mails.slice(seenMails);
    const calls = provider.requests.slice(seenCalls);
    seenMails += mails.length;
    seenCalls += calls.length;
    expect(calls.every(isNoticeCall)).toBe(true);

    let expectedMails = 0;
    let expectedCalls = 0;
    for (const notice of fresh) {
      const type = notice.type as NoticeType;
      const reply = await system.request('GET', `/v1/notifications/${notice.id}/deliveries`);
      expect(reply.status).toBe(200);
      const deliveries = reply.body.items as any[];
      expect({ day, type, deliveries: deliveries.map((d) => `${d.channel}:${d.address}:${d.status}`).sort() }).toEqual({
        day,
        type,
        deliveries: EXPECTED[type].map((target) => `${target}:sent`),
      });
      for (const delivery of deliveries) {
        expect(delivery).toMatchObject({ lastError: null, sentAt: expect.any(String) });
        const recipient = delivery.address === DEV.email || delivery.address === DEV.wechatId ? 'resource' : 'creator';
        expect(delivery).toMatchObject({ recipientRole: recipient, recipientId: recipientIds[recipient] });

        if (delivery.channel === 'email') {
          expectedMails += 1;
          expect(delivery.attempts).toBe(1);
          const received = mails.filter((m) => noticeIdOfMail(m) === notice.id && m.to.includes(delivery.address));
          expect(received).toHaveLength(1);
          const [mail] = received;
          expect(mail.to).toEqual([delivery.address]);
          expect(mail.from).toBe('billing@push.example');
          expect(mail.raw).toContain(`Subject: ${notice.title}`);
          expect(mail.raw).toMatch(new RegExp(`^X-PushBilling-Notice-Type: ${type}\\s*$`, 'im'));
          expect(mail.raw).toContain(`<${delivery.id}@push-billing>`);
        } else {
          const attempts = calls.filter((c) => c.json.deliveryId === delivery.id);
          expectedCalls += attempts.length;
          // Every attempt of one delivery is the same signed request body, under the delivery's idempotency key.
          expect(attempts.map((c) => c.answered).slice(-1)).toEqual([200]);
          expect(attempts.slice(0, -1).every((c) => c.answered === 500)).toBe(true);
          expect(delivery.attempts).toBe(attempts.length);
          expect(delivery.providerMessageId).toMatch(/^msg-/);
          for (const call of attempts) {
            expect(call.path).toBe('/notify');
            expect(call.headers['idempotency-key']).toBe(delivery.id);
            expect(call.headers['x-pushbilling-signature']).toBe(signatureOf(PROVIDER_SECRET, call));
            expect(Math.abs(Number(call.headers['x-pushbilling-timestamp']) - Date.now() / 1000)).toBeLessThan(120);
            expect(call.json).toMatchObject({
              deliveryId: delivery.id,
              channel: delivery.channel,
              to: delivery.address,
              recipientName: delivery.recipientName,
              notice: { id: notice.id, type, accountId, appId, day, title: notice.title },
            });
          }
        }
      }
    }
    // Nothing arrived besides the deliveries above: no mail or call on a channel nobody subscribed to.
    expect(mails).toHaveLength(expectedMails);
    expect(calls).toHaveLength(expectedCalls);
    expect(calls.filter((c) => c.answered !== 200)).toHaveLength(options.providerFailures ?? 0);
    return calls;
  };

  const snapshot = async () => ({
    notices: await system.prisma.notification.count(),
    deliveries: await system.prisma.notificationDelivery.count(),
    sent: await system.prisma.notificationDelivery.count({ where: { status: 'sent' } }),
    mails: smtp.mails.length,
    calls: provider.requests.length,
  });

  /**
   * The same day again: the daily tick replayed through the real queue and
   * worker, and the day's lifecycle run twice at once on two processes; then
   * the relay runs. Nothing new may be raised, relayed or delivered.
   */
  const runDayAgain = async (day: string) => {
    const before = await snapshot();
    const queue = system.api.get<Queue>(getQueueToken('prepaid'), { strict: false });
    const tick = await queue.add(
      PREPAID_JOBS.dailyTick,
      { scheduleId: 'prepaid-daily', scheduledFor: midnight(day) },
      { jobId: `again__${day}`, attempts: 1 },
    );
    await eventually(async () => (await tick.getState()) === 'completed', 15_000, `the replayed daily tick of ${day}`);
    await eventually(
      async () => Object.values(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every((n) => n === 0),
      15_000,
      'the prepaid queue idle',
    );
    await Promise.all([system.api.get(ExpiryLifecycleService).runDay(day), secondWorker.get(ExpiryLifecycleService).runDay(day)]);
    await system.api.get(NotificationRelayService).relay();
    await settled();
    expect({ day, ...(await snapshot()) }).toEqual({ day, ...before });
  };

  it('delivers the deployment notice on the defaults the account did not override', async () => {
    await checkDay(P, ['deployment_done']);
  });

  it('raises nothing between the purchase and E-8', async () => {
    await advanceTo(at(dayOf(-8)));
    await checkDay(dayOf(-8), []);
  }, 120_000);

  it('delivers one reminder a day from E-7 to E-1, one expiry notice a day from E to E+7 (through a failing receiver on E) and the suspension notice at E+8', async () => {
    const expected = new Map<string, NoticeType[]>();
    for (let k = -7; k <= -1; k += 1) expected.set(dayOf(k), ['expiry_reminder']);
    for (let k = 0; k <= 7; k += 1) expected.set(dayOf(k), ['expiry_notice']);
    expected.set(dayOf(8), ['suspension_notice']);
    expected.set(dayOf(9), []);

    for (let day = dayOf(-7); day <= dayOf(9); day = addDays(day, 1)) {
      // On E the provider answers HTTP 500 to its first calls: SMS and WeChat must still arrive, after retries.
      if (day === E) provider.failNext(FAILURES_ON_E, 500);
      await advanceTo(at(day));
      const calls = await checkDay(day, expected.get(day)!, { providerFailures: day === E ? FAILURES_ON_E : 0 });
      if (day === E) {
        expect(calls.map((c) => c.answered).sort()).toEqual([200, 200, 500, 500, 500]);
        expect(new Set(calls.map((c) => c.json.deliveryId)).size).toBe(2);
      }

      const state = (await system.request('GET', `/v1/apps/${appId}/capabilities`)).body.state;
      expect({ day, state }).toEqual({ day, state: day < E ? 'active' : day < dayOf(8) ? 'grace' : 'suspended' });

      await runDayAgain(day);
    }

    // The clock refuses to go back over days already run, and advancing to now runs nothing.
    expect(await system.request('POST', '/v1/clock/advance', { to: midnight(dayOf(9)) })).toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED' },
    });
    expect((await advanceTo(at(dayOf(9)))).ran).toEqual([]);
    await checkDay(dayOf(9), []);

    // The in-site messages hold the same notices, one per type and day.
    const messages = (await system.request('GET', `/v1/accounts/${accountId}/messages`)).body.items as any[];
    const byType = (type: string) =>
      messages
        .filter((m) => m.appId === appId && m.type === type)
        .map((m) => m.day)
        .sort();
    expect(byType('expiry_reminder')).toEqual([-7, -6, -5, -4, -3, -2, -1].map(dayOf));
    expect(byType('expiry_notice')).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map(dayOf));
    expect(byType('suspension_notice')).toEqual([dayOf(8)]);
    // Fiona (finance) and Cleo's WeChat were never used.
    expect(smtp.to(FIONA.email)).toEqual([]);
    expect(provider.requests.filter((r) => [FIONA.phone, CLEO.wechatId].includes(r.json.to))).toEqual([]);
  }, 240_000);
});
