import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../../../core/src/errors/domain-error';

/**
 * `?limit&cursor` of a list that pages by keyset on (createdAt, id), newest
 * first (SPEC 12.1). Small on purpose: a shared pagination helper can replace
 * it without touching the callers' SQL.
 */
export class KeysetQueryDto {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

export function decodeCursor(cursor: string | undefined): KeysetPosition | null {
  if (cursor === undefined) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const createdAt = new Date(at);
    if (Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad cursor');
    return { createdAt, id };
  } catch {
    throw DomainError.validation('cursor', 'cursor is not a cursor of this list');
  }
}

/** One more row than the page is read: its presence alone says there is a next page. */
export function page<T extends KeysetPosition, J>(
  rows: T[],
  limit: number,
  json: (row: T) => J,
): { items: J[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url') : null;
  return { items: items.map(json), nextCursor };
}

export class ListEnvelopeDto {
  @ApiProperty({ nullable: true, type: String, description: 'pass as ?cursor for the next page; null on the last page' })
  nextCursor: string | null;
}
