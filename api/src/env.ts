import * as v from 'valibot'

const Bool = v.pipe(
  v.optional(v.picklist(['true', 'false', '1', '0', '']), ''),
  v.transform((s) => s === 'true' || s === '1'),
)
const Int = (def: number) =>
  v.pipe(v.optional(v.string(), String(def)), v.transform(Number), v.integer(), v.minValue(0))

const EnvSchema = v.object({
  DATABASE_URL: v.optional(v.pipe(v.string(), v.startsWith('postgres'))),
  DATA_DIR: v.optional(v.string(), './data'),
  PORT: Int(3000),
  HOST: v.optional(v.string(), '0.0.0.0'),
  SEED: v.optional(v.picklist(['demo', 'none']), 'demo'),
  ADMIN_USERNAME: v.optional(v.string()),
  ADMIN_PASSWORD: v.optional(v.string()),
  ADMIN_JURISDICTION: v.optional(v.string(), '示例市'),
  /** Behind a reverse proxy: trust X-Forwarded-For / X-Forwarded-Proto. */
  TRUST_PROXY: Bool,
  SESSION_TTL_HOURS: Int(12),
  SESSION_IDLE_MINUTES: Int(120),
  BODY_LIMIT_BYTES: Int(1_048_576),
  WEB_DIST: v.optional(v.string()),
  LOG_LEVEL: v.optional(v.picklist(['debug', 'info', 'warn', 'error', 'silent']), 'info'),
  UPLOAD_DIR: v.optional(v.string()),
  /** A CJK font for printable PDFs (ballot sheets, announcements): a TTC/OTF/TTF and, for a TTC, the face. */
  PDF_FONT: v.optional(v.string(), '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'),
  PDF_FONT_FACE: v.optional(v.string(), 'NotoSansCJKsc-Regular'),
})

export type Env = v.InferOutput<typeof EnvSchema>

/** The one place that reads process.env. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = v.safeParse(EnvSchema, source)
  if (!result.success) {
    const lines = result.issues.map((i) => `${v.getDotPath(i) ?? '?'}: ${i.message}`)
    throw new Error(`Invalid environment:\n${lines.join('\n')}`)
  }
  return result.output
}
