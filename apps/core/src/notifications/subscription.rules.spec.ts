import type { Recipient } from './delivery.types';
import { defaultChannels, effectiveSubscriptions, planDeliveries, recipientsOf } from './subscription.rules';

const owner: Recipient = { id: null, role: 'creator', name: 'Acme', email: 'owner@acme.example', phone: null, wechatId: null };
const finance: Recipient = {
  id: 'f',
  role: 'finance',
  name: 'Fiona',
  email: 'fiona@acme.example',
  phone: '+8613800000001',
  wechatId: null,
};
const dev: Recipient = { id: 'd', role: 'resource', name: 'Dev', email: 'dev@acme.example', phone: null, wechatId: 'wx_dev' };
const notice = (type: Parameters<typeof defaultChannels>[1]) => ({ id: 'n1', accountId: 'a1', type });
const summary = (planned: ReturnType<typeof planDeliveries>) => planned.map((d) => `${d.recipientRole}:${d.channel}:${d.address}`);

describe('notice subscriptions', () => {
  it('defaults: creator everything by email, resource app notices by email, finance money notices by email and SMS', () => {
    expect(defaultChannels('creator', 'deployment_done')).toEqual(['email']);
    expect(defaultChannels('resource', 'suspension_notice')).toEqual(['email']);
    expect(defaultChannels('resource', 'balance_alert')).toEqual([]);
    expect(defaultChannels('finance', 'arrears_notice')).toEqual(['email', 'sms']);
    expect(defaultChannels('finance', 'expiry_reminder')).toEqual([]);
  });

  it("takes the account's choice over the default, pair by pair", () => {
    const effective = effectiveSubscriptions([{ role: 'finance', type: 'refund_done', channels: ['voice'] }]);
    expect(effective).toHaveLength(33);
    expect(effective.find((s) => s.role === 'finance' && s.type === 'refund_done')).toEqual({
      role: 'finance',
      type: 'refund_done',
      channels: ['voice'],
      source: 'account',
    });
    expect(effective.find((s) => s.role === 'finance' && s.type === 'balance_alert')).toMatchObject({
      channels: ['email', 'sms'],
      source: 'default',
    });
  });

  it('plans one delivery per subscribed channel a recipient has an address for', () => {
    expect(summary(planDeliveries(notice('arrears_notice'), [owner, finance, dev], []))).toEqual([
      'creator:email:owner@acme.example',
      'finance:email:fiona@acme.example',
      'finance:sms:+8613800000001',
    ]);
    const overrides = [{ role: 'resource' as const, type: 'expiry_notice' as const, channels: ['wechat' as const, 'sms' as const] }];
    // Dev has no phone: no SMS for Dev.
    expect(summary(planDeliveries(notice('expiry_notice'), [owner, finance, dev], overrides))).toEqual([
      'creator:email:owner@acme.example',
      'resource:wechat:wx_dev',
    ]);
  });

  it('sends an address a notice once per channel, whatever roles its owner holds', () => {
    const alsoFinance: Recipient = { ...finance, email: 'owner@acme.example' };
    const planned = planDeliveries(notice('balance_alert'), [alsoFinance, owner], []);
    expect(summary(planned)).toEqual(['creator:email:owner@acme.example', 'finance:sms:+8613800000001']);
  });

  it('lets the account stand for its creator until one is configured', () => {
    expect(recipientsOf([finance], { name: 'Acme', email: 'owner@acme.example' })).toEqual([owner, finance]);
    const creator: Recipient = { ...owner, id: 'c', name: 'Boss', email: 'boss@acme.example' };
    expect(recipientsOf([creator, finance], { name: 'Acme', email: 'owner@acme.example' })).toEqual([creator, finance]);
    expect(recipientsOf([], { name: 'Acme', email: null })[0]).toMatchObject({ role: 'creator', email: null });
  });
});
