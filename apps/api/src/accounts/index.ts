/** Controllers of accounts, wallets and the ledger. */
export const ACCOUNT_CONTROLLERS: any[] = [];
