import { Injectable } from '@nestjs/common';
import { BillFilter, BillRepository, PaygBill } from './bill.repository';

/** At most this many bills a call: narrow by app, account or dates for more. */
const BILLS_LIMIT = 1000;

/** Reading the daily pay-as-you-go bills. */
@Injectable()
export class BillService {
  constructor(private readonly bills: BillRepository) {}

  /** Newest first. */
  list(filter: BillFilter): Promise<PaygBill[]> {
    return this.bills.list(filter, BILLS_LIMIT);
  }
}
