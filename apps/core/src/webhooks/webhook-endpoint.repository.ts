import { Injectable } from '@nestjs/common';
import type { WebhookEndpoint } from '../../../../generated/prisma/client';
import { PrismaService } from '../prisma/prisma.service';
import type { WebhookEndpointInput, WebhookEndpointView, WebhookEventType } from './webhook.types';

function toView(row: WebhookEndpoint): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    eventTypes: row.eventTypes as WebhookEventType[],
    description: row.description,
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Endpoints as operators see them: the secret never leaves this file except to sign. */
@Injectable()
export class WebhookEndpointRepository {
  constructor(private readonly prisma: PrismaService) {}

  async create(id: string, input: WebhookEndpointInput, secret: string, at: Date): Promise<WebhookEndpointView> {
    return toView(await this.prisma.webhookEndpoint.create({ data: { id, ...input, secret, createdAt: at, updatedAt: at } }));
  }

  async list(): Promise<WebhookEndpointView[]> {
    return (await this.prisma.webhookEndpoint.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(toView);
  }

  async find(id: string): Promise<WebhookEndpointView | null> {
    const row = await this.prisma.webhookEndpoint.findUnique({ where: { id } });
    return row ? toView(row) : null;
  }

  async update(id: string, changes: Partial<WebhookEndpointInput> & { secret?: string }, at: Date): Promise<WebhookEndpointView | null> {
    const { count } = await this.prisma.webhookEndpoint.updateMany({ where: { id }, data: { ...changes, updatedAt: at } });
    return count ? this.find(id) : null;
  }

  /** Its deliveries go with it (pending jobs then find nothing to send). */
  async remove(id: string): Promise<boolean> {
    return (await this.prisma.webhookEndpoint.deleteMany({ where: { id } })).count > 0;
  }
}
