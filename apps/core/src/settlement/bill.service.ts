import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Page, PageRequest } from '../pagination/pagination';
import { BillFilter, BillRepository, PaygBill } from './bill.repository';

/** Reading the daily pay-as-you-go bills. */
@Injectable()
export class BillService {
  constructor(private readonly bills: BillRepository) {}

  /** A page of bills, newest day first. */
  list(filter: BillFilter, page: PageRequest): Promise<Page<PaygBill>> {
    return this.bills.list(filter, page);
  }

  /** The account's bills settled (and charged) in [start, end): a day's bills are settled at 06:00 the next day. */
  settledBetween(accountId: string, start: Date, end: Date): Promise<PaygBill[]> {
    return this.bills.settledBetween(accountId, start, end);
  }

  /** Every matching bill, streamed from a database cursor (for CSV). */
  stream(filter: BillFilter): Promise<Readable> {
    return this.bills.stream(filter);
  }
}
