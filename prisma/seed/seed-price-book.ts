import type { Client } from 'pg';
import type { PriceBook, Region } from '../../apps/core/src/pricing/price-book';

/**
 * Publishes a price-book version. A published version is immutable (charges
 * name it), so seeding again leaves an existing version exactly as it is.
 * Returns true when this call published it.
 */
export async function seedPriceBook(client: Client, book: PriceBook): Promise<boolean> {
  await client.query('BEGIN');
  try {
    const inserted = await client.query(
      `INSERT INTO price_book_versions
         (id, effective_from, sales_stop_after, prepaid_months_on_sale, prepaid_min_units, unit_dau,
          partial_month_policy, no_questions_refund_days, entitlements)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO NOTHING`,
      [
        book.version,
        book.effectiveFrom,
        book.salesStopAfter,
        book.prepaidMonthsOnSale,
        book.prepaidMinUnits,
        book.unitDau,
        book.partialMonthPolicy,
        book.noQuestionsRefundDays,
        JSON.stringify(book.entitlements),
      ],
    );
    if (inserted.rowCount === 0) {
      await client.query('ROLLBACK');
      return false;
    }
    for (const region of Object.keys(book.regions) as Region[]) {
      const prices = book.regions[region];
      await client.query(
        `INSERT INTO price_book_regions
           (version_id, region, market, prepaid_unit_price, payg_free_max_dau, payg_fixed_max_dau,
            payg_fixed_daily_fee, payg_per_dau_fee)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          book.version,
          region,
          prices.market,
          prices.prepaidUnitPrice.toString(),
          prices.paygFreeMaxDau,
          prices.paygFixedMaxDau,
          prices.paygFixedDailyFee.toString(),
          prices.paygPerDauFee.toString(),
        ],
      );
      for (const tier of prices.prepaidDiscounts) {
        await client.query(
          `INSERT INTO price_book_prepaid_discounts (version_id, region, min_units, min_months, discount)
           VALUES ($1, $2, $3, $4, $5)`,
          [book.version, region, tier.minUnits, tier.minMonths, tier.discount.toString()],
        );
      }
      for (const tier of prices.loyaltyDiscounts) {
        await client.query(
          `INSERT INTO price_book_loyalty_discounts (version_id, region, from_charged_day, discount)
           VALUES ($1, $2, $3, $4)`,
          [book.version, region, tier.fromChargedDay, tier.discount.toString()],
        );
      }
    }
    await client.query('COMMIT');
    return true;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
