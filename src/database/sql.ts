/**
 * `column` (a timestamptz) to the microsecond as ISO text, aliased "cursorAt": the sort key of
 * a keyset page. A JS Date keeps milliseconds, too coarse to resume after a row exactly.
 */
export function cursorAt(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "cursorAt"`;
}
