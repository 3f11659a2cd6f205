/** An in-site message: a row of the notice outbox, as the account reads it. */
export interface MessageRecord {
  id: string;
  type: string;
  appId: string | null;
  resourceKey: string;
  day: string;
  title: string;
  body: string;
  payload: unknown;
  createdAt: Date;
  readAt: Date | null;
}
