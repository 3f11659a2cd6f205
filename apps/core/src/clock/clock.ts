/**
 * The only source of "now". Services and processors take it by injection;
 * rules take `now` as an argument. In simulated mode every process shares one
 * time kept in Postgres, moved only by `POST /v1/clock/advance`.
 */
export abstract class Clock {
  abstract readonly simulated: boolean;
  abstract now(): Date;
  /** Reloads the shared time (a no-op for the system clock). Called before each request and job. */
  abstract sync(): Promise<void>;
}

export class SystemClock extends Clock {
  readonly simulated = false;
  now(): Date {
    return new Date();
  }
  async sync(): Promise<void> {}
}
