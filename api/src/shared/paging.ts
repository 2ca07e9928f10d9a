import * as v from 'valibot'

/** `?limit=&cursor=` → `{ items, nextCursor }` (API.md). Cursors are opaque base64url strings. */
export const PageQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'limit must be a whole number'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(500),
    ),
    '50',
  ),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(500))),
})

export const encodeCursor = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url')

export function decodeCursor<T>(cursor: string | undefined): T | undefined {
  if (!cursor) return undefined
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as T
  } catch {
    return undefined
  }
}

/** Given limit+1 rows, returns the page and the cursor of its last row. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (row: T) => unknown) {
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(cursorOf(last)) : null }
}

export const pageOf = <S extends v.GenericSchema>(item: S) =>
  v.object({ items: v.array(item), nextCursor: v.nullable(v.string()) })
