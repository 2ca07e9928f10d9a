/** Request generators driven by the OpenAPI document, shared by the fuzz and tenant-matrix suites. */
import fc from 'fast-check'

export type Schema = {
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  minimum?: number
  maximum?: number
  format?: string
  const?: unknown
}
export type Operation = {
  method: string
  path: string
  params: string[]
  query: string[]
  body?: Schema
  multipart: boolean
}

export function operationsOf(doc: {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[]
        requestBody?: { content?: Record<string, { schema?: Schema }> }
      }
    >
  >
}): Operation[] {
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (path.endsWith('/stream')) continue // server-sent events never end
      const content = op.requestBody?.content ?? {}
      ops.push({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: content['application/json']?.schema,
        multipart: !!content['multipart/form-data'],
      })
    }
  }
  return ops
}

/** Error bodies must be { error: { code: SCREAMING_SNAKE, message, requestId } }. */
export function isErrorShape(text: string): boolean {
  try {
    const b = JSON.parse(text) as {
      error?: { code?: unknown; message?: unknown; requestId?: unknown }
    }
    return (
      typeof b.error?.code === 'string' &&
      /^[A-Z][A-Z0-9_]*$/.test(b.error.code) &&
      typeof b.error.message === 'string' &&
      typeof b.error.requestId === 'string'
    )
  } catch {
    return false
  }
}

export const ids: { pool: string[] } = { pool: [] }

export const hugeString = fc.constantFrom(
  'x'.repeat(10_000),
  '中'.repeat(5000),
  '\u0000\u0001',
  "'; drop table vote; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '\ud800',
)
export const weird = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(Number.MAX_SAFE_INTEGER * 4),
  fc.constant(-1),
  fc.string(),
  hugeString,
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant({}),
  fc.constant([]),
)

/** A value that fits the schema (so requests get past validation and reach the services). */
export function valid(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 4) return fc.constant(null)
  if (s.const !== undefined) return fc.constant(s.const)
  if (s.enum) return fc.constantFrom(...s.enum)
  const alts = s.anyOf ?? s.oneOf
  if (alts?.length) return fc.oneof(...alts.map((a) => valid(a, depth + 1)))
  // JSON Schema's type is an open string here (not a union), so a default branch covers the rest.
  const type: string = (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type) ?? ''
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return ids.pool.length ? fc.constantFrom(...ids.pool) : fc.uuid()
      if (s.format === 'date') return fc.constantFrom('2026-01-15', '2026-06-30', '2027-12-31')
      return fc.oneof(
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.constantFrom('测试', '2026-03-01', '教育', 'local', 'for'),
      )
    case 'integer':
      return fc.integer({
        min: Math.max(s.minimum ?? -5, -1e9),
        max: Math.min(s.maximum ?? 1e9, 1e12),
      })
    case 'number':
      return fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }))
    case 'boolean':
      return fc.boolean()
    case 'array':
      return fc.array(valid(s.items, depth + 1), { maxLength: 4 })
    case 'object': {
      const props = s.properties ?? {}
      const rec: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, v] of Object.entries(props)) rec[k] = valid(v, depth + 1)
      return fc.record(rec, { requiredKeys: (s.required ?? []).filter((k) => k in props) })
    }
    default:
      return weird
  }
}

/** A body that is usually wrong in one way: a mutated field, a missing or extra one, the wrong shape. */
export function body(s: Schema | undefined): fc.Arbitrary<{ raw: string; type: string }> {
  const json = (a: fc.Arbitrary<unknown>) =>
    a.map((v) => ({ raw: JSON.stringify(v) ?? 'null', type: 'application/json' }))
  const mutated = valid(s).chain((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return fc.constant(v)
    const keys = Object.keys(v)
    return fc.oneof(
      fc.constant(v),
      keys.length
        ? fc.tuple(fc.constantFrom(...keys), weird).map(([k, w]) => ({ ...v, [k]: w }))
        : fc.constant(v),
      keys.length
        ? fc
            .constantFrom(...keys)
            .map((k) => Object.fromEntries(Object.entries(v).filter(([kk]) => kk !== k)))
        : fc.constant(v),
      fc.constant({ ...v, unexpectedField: 1 }),
    )
  })
  return fc.oneof(
    { weight: 6, arbitrary: json(mutated) },
    { weight: 1, arbitrary: json(weird) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('{"a":', '{{}', '', 'null', '[1,2', '\u0000')
        .map((raw) => ({ raw, type: 'application/json' })),
    },
    { weight: 1, arbitrary: json(mutated).map((b) => ({ raw: b.raw, type: 'text/plain' })) },
    {
      weight: 1,
      arbitrary: fc.constant({ raw: 'a=1&b=2', type: 'application/x-www-form-urlencoded' }),
    },
  )
}
