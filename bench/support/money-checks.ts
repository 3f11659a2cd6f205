import type { Client } from 'pg';

/**
 * The money invariants every run must keep, whatever was killed or cut:
 * each wallet equals the sum of its ledger entries, and every ledger
 * transaction balances.
 */
export async function moneyChecks(client: Client): Promise<{ walletsNotEqualToLedger: number; unbalancedTransactions: number }> {
  const walletDrift = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM wallets w
       LEFT JOIN (SELECT account_id, sum(amount) FILTER (WHERE book = 'customer_cash') AS cash,
                         coalesce(sum(amount) FILTER (WHERE book = 'customer_gift'), 0) AS gift
                    FROM ledger_entries WHERE account_id IS NOT NULL GROUP BY account_id) l ON l.account_id = w.account_id
      WHERE w.cash <> coalesce(l.cash, 0) OR w.gift <> coalesce(l.gift, 0)`,
  );
  const unbalanced = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT transaction_id FROM ledger_entries GROUP BY 1 HAVING sum(amount) <> 0) x`,
  );
  return { walletsNotEqualToLedger: walletDrift.rows[0].n, unbalancedTransactions: unbalanced.rows[0].n };
}
