import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

const DEVELOPMENT = 'development';

/** The development signing key: one row, whichever process makes it first. */
@Injectable()
export class SigningKeyRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Keeps the first key offered and returns the one kept: two processes starting at once end with the same key. */
  async keepFirst(offered: { kid: string; privateKeyPem: string }, at: Date): Promise<string> {
    await this.prisma.$executeRaw`
      INSERT INTO statement_signing_keys (slot, kid, private_key_pem, created_at)
      VALUES (${DEVELOPMENT}, ${offered.kid}, ${offered.privateKeyPem}, ${at})
      ON CONFLICT (slot) DO NOTHING`;
    return (await this.find())!;
  }

  /** The kept key's PKCS8 PEM, if one was made. */
  async find(): Promise<string | null> {
    const row = await this.prisma.statementSigningKey.findUnique({ where: { slot: DEVELOPMENT }, select: { privateKeyPem: true } });
    return row?.privateKeyPem ?? null;
  }
}
