import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { AppError, ErrorCode } from '../common/errors.js';

/** Page size when the client sends no `limit`; larger limits are clamped to MAX_PAGE_SIZE. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** A page of a list that can grow: `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Where the next page starts: the exact sort key (timestamp to the microsecond, id) of the last row. */
export interface Keyset {
  at: string;
  id: string;
}

/** The lists, so that a cursor of one list is refused by another. */
export type ListKind = 'users' | 'sessions' | 'audit';

const MICROSECOND_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function pageSize(limit: number | undefined): number {
  return Math.min(limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
}

/**
 * Builds a page from up to `limit + 1` rows: the extra row only tells that there is a next
 * page, so a client never follows a cursor to an empty page.
 */
export function toPage<R extends { id: string; cursorAt: string }, T>(
  kind: ListKind,
  rows: R[],
  limit: number,
  view: (row: R) => T,
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(view),
    nextCursor: rows.length > limit && last ? encodeCursor(kind, { at: last.cursorAt, id: last.id }) : null,
  };
}

/** Opaque to clients: base64url of JSON, so its shape can change without breaking them. */
export function encodeCursor(kind: ListKind, key: Keyset): string {
  return Buffer.from(JSON.stringify([kind, key.at, key.id])).toString('base64url');
}

/** The keyset of a cursor from `encodeCursor`; anything else is 400 validation_failed. */
export function decodeCursor(kind: ListKind, cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    value[0] === kind &&
    isInstant(value[1]) &&
    typeof value[2] === 'string' &&
    UUID.test(value[2])
  ) {
    return { at: value[1], id: value[2] };
  }
  throw new AppError(ErrorCode.ValidationFailed, 'The cursor is not valid', [
    { field: 'cursor', message: 'cursor must be the nextCursor of a previous page of this list' },
  ]);
}

/**
 * A real UTC instant in the exact form PostgreSQL gave us: 2024-02-30 or year 0 would be a
 * database error (a 500) instead of a 400.
 */
function isInstant(value: unknown): value is string {
  if (typeof value !== 'string' || !MICROSECOND_ISO.test(value)) return false;
  const parsed = new Date(value);
  return parsed.getUTCFullYear() >= 1 && parsed.toISOString().slice(0, 23) === value.slice(0, 23);
}

/** An empty query value (`?userId=`) means "no filter", like an absent one. */
export const EmptyAsAbsent = () => Transform(({ value }) => (value === '' ? undefined : value));
/** Query values arrive as strings; anything but one integer string becomes NaN and fails @IsInt. */
export const QueryInt = () =>
  Transform(({ value }) => (value === '' || value === undefined ? undefined : typeof value === 'string' ? Number(value) : Number.NaN));

/** `limit` (1 or more; above 100 it is clamped to 100) and the `cursor` of a previous page. */
export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'Page size; above 100 it is clamped to 100' })
  @IsOptional()
  @QueryInt()
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  limit?: number;

  @ApiPropertyOptional({ maxLength: 512, description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @EmptyAsAbsent()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}
