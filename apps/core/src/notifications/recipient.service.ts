import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { DomainError } from '../errors/domain-error';
import { isUniqueViolation } from '../prisma/transaction';
import { UnitOfWork } from '../prisma/unit-of-work';
import type { Recipient, SubscriptionOverride } from './delivery.types';
import type { RecipientInput } from './delivery.types';
import { RecipientRecord, RecipientRepository } from './recipient.repository';
import { EffectiveSubscription, effectiveSubscriptions, recipientsOf } from './subscription.rules';

/** A recipient nobody can reach on any channel is a mistake, not a setting. */
function reachable(input: RecipientInput): void {
  if (!input.email && !input.phone && !input.wechatId)
    throw DomainError.validation('email', 'a recipient needs an email, a phone or a WeChat id');
}

/** Recipients and subscriptions of an account, as operators manage them. */
@Injectable()
export class RecipientService {
  constructor(
    private readonly recipients: RecipientRepository,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** The configured recipients, and the account itself as the creator when none is configured. */
  async list(accountId: string): Promise<Recipient[]> {
    const account = await this.accountOrThrow(accountId);
    return recipientsOf(await this.recipients.list(accountId), account);
  }

  async add(accountId: string, input: RecipientInput): Promise<RecipientRecord> {
    await this.accountOrThrow(accountId);
    reachable(input);
    try {
      return await this.recipients.create(accountId, randomUUID(), input, this.clock.now());
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('INVALID_STATE', `account ${accountId} already has a creator recipient`, { field: 'role' });
      throw error;
    }
  }

  async replace(accountId: string, id: string, input: RecipientInput): Promise<RecipientRecord> {
    await this.accountOrThrow(accountId);
    reachable(input);
    try {
      const updated = await this.recipients.replace(accountId, id, input, this.clock.now());
      if (!updated) throw DomainError.notFound('recipient', id);
      return updated;
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DomainError('INVALID_STATE', `account ${accountId} already has a creator recipient`, { field: 'role' });
      throw error;
    }
  }

  async remove(accountId: string, id: string): Promise<void> {
    await this.accountOrThrow(accountId);
    if (!(await this.recipients.remove(accountId, id))) throw DomainError.notFound('recipient', id);
  }

  async subscriptions(accountId: string): Promise<EffectiveSubscription[]> {
    await this.accountOrThrow(accountId);
    return effectiveSubscriptions(await this.recipients.overrides(accountId));
  }

  /** Replaces the account's choices; a (role, type) listed twice is bad input. */
  async replaceSubscriptions(accountId: string, overrides: SubscriptionOverride[]): Promise<EffectiveSubscription[]> {
    await this.accountOrThrow(accountId);
    const keys = overrides.map((o) => `${o.role}/${o.type}`);
    const repeated = keys.find((key, i) => keys.indexOf(key) !== i);
    if (repeated) throw DomainError.validation('subscriptions', `${repeated} is listed twice`);
    const unique = overrides.map((o) => ({ ...o, channels: [...new Set(o.channels)] }));
    await this.uow.run((tx) => this.recipients.replaceOverrides(tx, accountId, unique, this.clock.now()));
    return this.subscriptions(accountId);
  }

  private async accountOrThrow(accountId: string) {
    const account = await this.recipients.accountContact(accountId);
    if (!account) throw DomainError.notFound('account', accountId);
    return account;
  }
}
