import { openDatabase } from './client.js'
import { migrateToLatest } from './migrate.js'

const database = await openDatabase({
  databaseUrl: process.env.DATABASE_URL,
  dataDir: process.env.DATA_DIR,
})
const done = await migrateToLatest(database.db)
console.log(done.length ? `Applied: ${done.join(', ')}` : 'Database is up to date.')
await database.close()
