import { Injectable } from '@nestjs/common';
import type { Prisma } from '../../../../generated/prisma/client';
import { dateFromDb } from '../clock/calendar';
import { Page, PageRequest, pageOf } from '../pagination/pagination';
import { PrismaService } from '../prisma/prisma.service';
import type { MessageRecord } from './message.types';

function toMessage(row: Prisma.NotificationGetPayload<object>): MessageRecord {
  return {
    id: row.id,
    type: row.type,
    appId: row.appId,
    resourceKey: row.resourceKey,
    day: dateFromDb(row.day),
    title: row.title,
    body: row.body,
    payload: row.payload,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}

@Injectable()
export class MessageRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Newest first, a page at a time; the cursor is (createdAt, id). */
  async listNewestFirst(accountId: string, page: PageRequest): Promise<Page<MessageRecord>> {
    const after = page.after as [string, string] | null;
    const at = after ? new Date(after[0]) : null;
    const rows = await this.prisma.notification.findMany({
      where: { accountId, ...(at ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: after![1] } }] } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: page.limit + 1,
    });
    return pageOf(rows.map(toMessage), page.limit, (m) => [m.createdAt.toISOString(), m.id]);
  }

  /** Null when the account has no such message. */
  async find(accountId: string, id: string): Promise<MessageRecord | null> {
    const row = await this.prisma.notification.findFirst({ where: { id, accountId } });
    return row ? toMessage(row) : null;
  }
}
