import { sql, type Kysely } from 'kysely'
import type { DB, JurisdictionLevel, Role } from '../src/schema/index.js'
import { chineseNames } from './names.js'

/**
 * The demo city: 示例市 with two districts/counties and a few townships, ~150 city deputies in
 * delegations, and staff, finance, unit and teller accounts. Fictional: it presents no real
 * jurisdiction's record.
 */
export const DEMO_PASSWORD = 'Demo@2026'

export interface DemoLogin {
  username: string
  role: string
  jurisdiction: string
  note: string
}

export interface DemoFoundation {
  cityId: string
  countyIds: string[]
  townshipIds: string[]
  units: Record<string, string>
  deputyIds: string[]
  users: Record<string, string>
  logins: DemoLogin[]
}

const CITY_UNITS = [
  '教育局',
  '卫生健康委员会',
  '民政局',
  '交通运输局',
  '住房和城乡建设局',
  '生态环境局',
  '水务局',
  '文化广电旅游体育局',
  '人力资源和社会保障局',
  '农业农村局',
  '市场监督管理局',
  '城市管理局',
]
const COUNTY_UNITS = [
  '教育局',
  '卫生健康局',
  '民政局',
  '交通运输局',
  '住房和城乡建设局',
  '农业农村局',
]
const TOWN_UNITS = ['镇村建设办公室', '社会事务办公室', '农业农村办公室']
const DELEGATIONS = ['东城区代表团', '西江县代表团', '南湖区代表团', '高新区代表团', '解放军代表团']

export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  const r = await db
    .selectFrom('jurisdiction')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(r.n) === 0
}

export async function seedFoundation(
  db: Kysely<DB>,
  passwordHash: string,
): Promise<DemoFoundation> {
  return db.transaction().execute(async (trx) => {
    const mkJ = async (
      name: string,
      level: JurisdictionLevel,
      parent?: { id: string; path: string },
    ) => {
      const { id } = await trx
        .insertInto('jurisdiction')
        .values({
          name,
          level,
          parent_id: parent?.id ?? null,
          path: `tmp:${name}:${Math.random()}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const path = `${parent?.path ?? '/'}${id}/`
      await trx.updateTable('jurisdiction').set({ path }).where('id', '=', id).execute()
      return { id, path, name }
    }
    const city = await mkJ('示例市', 'city')
    const dongcheng = await mkJ('东城区', 'county', city)
    const xijiang = await mkJ('西江县', 'county', city)
    const towns = [
      await mkJ('城关街道', 'township', dongcheng),
      await mkJ('东湖镇', 'township', dongcheng),
      await mkJ('西江镇', 'township', xijiang),
      await mkJ('石桥乡', 'township', xijiang),
    ]

    const units: Record<string, string> = {}
    const addUnits = async (j: { id: string; name: string }, names: string[]) => {
      for (const name of names) {
        const u = await trx
          .insertInto('gov_unit')
          .values({ jurisdiction_id: j.id, name })
          .returning('id')
          .executeTakeFirstOrThrow()
        units[`${j.name}/${name}`] = u.id
      }
    }
    await addUnits(city, CITY_UNITS)
    await addUnits(dongcheng, COUNTY_UNITS)
    await addUnits(xijiang, COUNTY_UNITS)
    for (const t of towns) await addUnits(t, TOWN_UNITS)

    const users: Record<string, string> = {}
    const logins: DemoLogin[] = []
    const addUser = async (
      username: string,
      displayName: string,
      j: { id: string; name: string },
      roles: Role[],
      note: string,
      unitKey?: string,
    ) => {
      const u = await trx
        .insertInto('app_user')
        .values({
          username,
          password_hash: passwordHash,
          display_name: displayName,
          jurisdiction_id: j.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .insertInto('role_grant')
        .values(roles.map((role) => ({ user_id: u.id, jurisdiction_id: j.id, role })))
        .execute()
      if (unitKey)
        await trx
          .insertInto('unit_account')
          .values({ user_id: u.id, unit_id: units[unitKey]!, jurisdiction_id: j.id })
          .execute()
      users[username] = u.id
      logins.push({ username, role: roles.join('+'), jurisdiction: j.name, note })
      return u.id
    }
    await addUser('admin', '系统管理员', city, ['admin'], '系统管理员：辖区、账号、授权')
    await addUser(
      'staff',
      '周明（人大代表工委）',
      city,
      ['staff'],
      '市人大常委会工作人员：年度票决全流程',
    )
    await addUser('finance', '林晓（市财政局）', city, ['finance'], '财政部门：预算衔接与拨付')
    await addUser(
      'unit.edu',
      '陈静（市教育局）',
      city,
      ['unit'],
      '承办单位：市教育局',
      '示例市/教育局',
    )
    await addUser(
      'unit.health',
      '黄涛（市卫健委）',
      city,
      ['unit'],
      '承办单位：市卫生健康委员会',
      '示例市/卫生健康委员会',
    )
    await addUser(
      'unit.civil',
      '吴敏（市民政局）',
      city,
      ['unit'],
      '承办单位：市民政局',
      '示例市/民政局',
    )
    await addUser('teller1', '计票员甲', city, ['teller'], '计票员：纸质选票第一遍录入')
    await addUser('teller2', '计票员乙', city, ['teller'], '计票员：纸质选票第二遍录入')
    await addUser(
      'staff.dc',
      '郑洁（东城区人大）',
      dongcheng,
      ['staff'],
      '东城区人大工作人员（县区级）',
    )
    await addUser(
      'staff.dh',
      '孙伟（东湖镇人大主席团）',
      towns[1]!,
      ['staff'],
      '东湖镇人大工作人员（乡镇级）',
    )

    // ~150 city deputies across delegations; the first 150 have phone logins deputy001…deputy150.
    const names = chineseNames(150 + 40 + 30)
    const deputyIds: string[] = []
    for (let i = 0; i < 150; i++) {
      const username = `deputy${String(i + 1).padStart(3, '0')}`
      const displayName = names[i]!
      const u = await trx
        .insertInto('app_user')
        .values({
          username,
          password_hash: passwordHash,
          display_name: displayName,
          jurisdiction_id: city.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await trx
        .insertInto('role_grant')
        .values({ user_id: u.id, jurisdiction_id: city.id, role: 'deputy' })
        .execute()
      const d = await trx
        .insertInto('deputy')
        .values({
          jurisdiction_id: city.id,
          user_id: u.id,
          display_name: displayName,
          delegation: DELEGATIONS[i % DELEGATIONS.length]!,
          constituency: `第${(i % 30) + 1}选区`,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      deputyIds.push(d.id)
      if (i < 3)
        logins.push({
          username,
          role: 'deputy',
          jurisdiction: city.name,
          note: `市人大代表 ${displayName}（deputy001–deputy150 同一密码）`,
        })
    }
    // County and township congresses (deputies without logins, for rosters and roll-ups).
    for (let i = 0; i < 40; i++) {
      await trx
        .insertInto('deputy')
        .values({
          jurisdiction_id: dongcheng.id,
          user_id: null,
          display_name: names[150 + i]!,
          delegation: `${towns[i % 2]!.name}代表组`,
          constituency: null,
        })
        .execute()
    }
    for (let i = 0; i < 30; i++) {
      await trx
        .insertInto('deputy')
        .values({
          jurisdiction_id: towns[1]!.id,
          user_id: null,
          display_name: names[190 + i]!,
          delegation: null,
          constituency: `第${(i % 6) + 1}选区`,
        })
        .execute()
    }
    await sql`select 1`.execute(trx)
    return {
      cityId: city.id,
      countyIds: [dongcheng.id, xijiang.id],
      townshipIds: towns.map((t) => t.id),
      units,
      deputyIds,
      users,
      logins,
    }
  })
}
