import { openDatabase, migrateToLatest } from '@ms/db'
import { loadEnv } from '../env.js'
import { createLogger } from '../shared/logger.js'
import { DEMO_PASSWORD, seedDemo } from './index.js'
import './steps.js'

const env = loadEnv()
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR })
await migrateToLatest(database.db)
const logins = await seedDemo({
  database,
  env,
  logger: createLogger(env.LOG_LEVEL),
  now: () => new Date(),
})
if (!logins) console.log('The database already holds data; nothing seeded.')
else {
  console.log(`Seeded the demo. Logins (password ${DEMO_PASSWORD}):`)
  for (const l of logins) console.log(`  ${l.username}\t${l.role}\t${l.jurisdiction}\t${l.note}`)
}
await database.close()
