import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { DomainError } from '../errors/domain-error';
import type { Page, PageRequest } from '../pagination/pagination';
import { outboundUrlRefusal } from '../outbound/outbound.rules';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import type { WebhookDeliveryView, WebhookEndpointInput, WebhookEndpointView } from './webhook.types';

/** Webhook endpoints as operators manage them. */
@Injectable()
export class WebhookEndpointService {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The secret is in this answer only; one is generated when none is given. */
  async create(input: WebhookEndpointInput, secret: string | undefined): Promise<WebhookEndpointView & { secret: string }> {
    this.checkUrl(input.url);
    const key = secret ?? `whsec_${randomBytes(24).toString('hex')}`;
    const endpoint = await this.endpoints.create(randomUUID(), input, key, this.clock.now());
    return { ...endpoint, secret: key };
  }

  list(page: PageRequest): Promise<Page<WebhookEndpointView>> {
    return this.endpoints.list(page);
  }

  async get(id: string): Promise<WebhookEndpointView> {
    return (await this.endpoints.find(id)) ?? this.notFound(id);
  }

  async update(id: string, changes: Partial<WebhookEndpointInput> & { secret?: string }): Promise<WebhookEndpointView> {
    if (changes.url !== undefined) this.checkUrl(changes.url);
    return (await this.endpoints.update(id, changes, this.clock.now())) ?? this.notFound(id);
  }

  /** A target in the private network is refused when saved (and its name checked again at every send). */
  private checkUrl(url: string): void {
    const refusal = outboundUrlRefusal(url, this.config.security.outboundAllowPrivate);
    if (refusal) throw DomainError.validation('url', `url: ${refusal}`);
  }

  async remove(id: string): Promise<void> {
    if (!(await this.endpoints.remove(id))) this.notFound(id);
  }

  /** Newest first, a page at a time. */
  async deliveriesOf(id: string, page: PageRequest): Promise<Page<WebhookDeliveryView>> {
    await this.get(id);
    return this.deliveries.listForEndpoint(id, page);
  }

  private notFound(id: string): never {
    throw DomainError.notFound('webhook endpoint', id);
  }
}
