import { ApiProperty } from '@nestjs/swagger';
import { DomainError } from '../../../core/src/errors/domain-error';
import { PageRequest } from '../../../core/src/pagination/pagination';

/** The position of a list paged by keyset on (createdAt, id), newest first: the API keys. */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

/** The shared cursor (see pagination.ts) of such a list, read back as its position; a forged one is 400 on `cursor`. */
export function positionOf(page: PageRequest): KeysetPosition | null {
  if (!page.after) return null;
  const [at, id] = page.after as [string, string];
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) {
    throw DomainError.validation('cursor', 'cursor is not a cursor of this list');
  }
  return { createdAt, id };
}

/** The cursor key of a row of such a list. */
export const positionKey = (row: KeysetPosition): [string, string] => [row.createdAt.toISOString(), row.id];

export class ListEnvelopeDto {
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
