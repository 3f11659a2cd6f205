import { PrismaService } from '../prisma/prisma.service';
import { Clock } from './clock';

const ROW_ID = 'simulated';

export class SimulatedClock extends Clock {
  readonly simulated = true;
  private current: Date;

  constructor(private readonly prisma: PrismaService) {
    super();
  }

  /**
   * The stored time survives restarts. A different CLOCK_START from the one the
   * stored time began at means a new simulation: the clock is reset to it.
   */
  async init(start: string | undefined, realNow: Date): Promise<void> {
    const origin = start ?? 'system';
    const initial = start ? new Date(start) : realNow;
    await this.prisma.$executeRaw`
      INSERT INTO clock_state (id, now, origin) VALUES (${ROW_ID}, ${initial}, ${origin})
      ON CONFLICT (id) DO UPDATE SET now = EXCLUDED.now, origin = EXCLUDED.origin, updated_at = now()
      WHERE clock_state.origin <> EXCLUDED.origin`;
    await this.sync();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  async sync(): Promise<void> {
    const row = await this.prisma.clockState.findUniqueOrThrow({ where: { id: ROW_ID } });
    this.current = row.now;
  }

  /** Moves the shared time forward (never back). */
  async set(to: Date): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE clock_state SET now = ${to}, updated_at = now() WHERE id = ${ROW_ID} AND now <= ${to}`;
    await this.sync();
  }
}
