import { Injectable } from '@nestjs/common';
import type { WebhookEndpoint } from '../../../../generated/prisma/client';
import { Page, PageRequest, pageOf } from '../pagination/pagination';
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

  /** Oldest first, a page at a time (the key: created at, then id). */
  async list(page: PageRequest): Promise<Page<WebhookEndpointView>> {
    const after = page.after as [string, string] | null;
    const at = after ? new Date(after[0]) : null;
    const rows = await this.prisma.webhookEndpoint.findMany({
      where: at ? { OR: [{ createdAt: { gt: at } }, { createdAt: at, id: { gt: after![1] } }] } : {},
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: page.limit + 1,
    });
    return pageOf(rows.map(toView), page.limit, (e) => [e.createdAt.toISOString(), e.id]);
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
