/**
 * A minimal structured logger. What it must never receive: ballot choices, receipts,
 * passwords, tokens. Request logs carry method, route pattern, status and duration only —
 * never bodies.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent'
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export function createLogger(
  level: Level,
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const log = (lv: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (order[lv] < order[level]) return
    write(JSON.stringify({ t: new Date().toISOString(), level: lv, msg, ...fields }))
  }
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') }
}
