import type { Kysely } from 'kysely'
import type { DB } from '@ms/db'
import type { DemoFoundation } from '@ms/db/seed'
import { demoSteps } from '../demo/index.js'
import type { Ctx, Deps } from '../shared/context.js'
import type { Auth } from '../shared/access.js'
import type { Category } from './cycles.schemas.js'
import * as cycles from './cycles.service.js'
import * as suggestions from '../suggestions/suggestions.service.js'
import * as candidates from '../candidates/candidates.service.js'

/**
 * Demo step for phases 1–4: 示例市's 2026 cycle (N = 10, r = 20 %, fund pool 1000万元, threshold
 * basis: all deputies) in the screening phase, with dozens of suggestions from deputies, the public
 * and units — most answered (采纳/合并/不予采纳), some still pending — and 13 candidates built from
 * project names published by real congresses (../shared/data/published-projects.md), enough to
 * lock at 20 %. Everything goes through the service verbs, on a clock set to the autumn of 2025
 * when the solicitation ran, so the audit log reads like the real sequence of work.
 */

const WAN = 1_000_000 // fen per 万元

interface DemoCandidate {
  key: string
  title: string
  category: Category
  unit: string
  /** Created by the unit's own account where the demo has one. */
  by?: 'unit.edu' | 'unit.health' | 'unit.civil'
  wan: number
  fundingSource: 'local' | 'transfer' | 'social' | 'other'
  description: string
  targets: string
  location: string
  plannedCompletion: string
}

const CANDIDATES: DemoCandidate[] = [
  {
    key: 'meal',
    title: '老年幸福餐桌',
    category: 'elderly',
    unit: '民政局',
    by: 'unit.civil',
    wan: 150,
    fundingSource: 'local',
    description:
      '依托社区养老服务中心和村级互助站点建设老年助餐点，为高龄、独居、失能老人提供就餐和送餐服务。',
    targets:
      '新建城乡老年助餐点30个；为80周岁以上老年人提供每餐3元的助餐补贴，年服务不少于10万人次。',
    location: '东城区、西江县、南湖区',
    plannedCompletion: '2026-12-31',
  },
  {
    key: 'childcare',
    title: '普惠性托育服务扩容',
    category: 'childcare',
    unit: '卫生健康委员会',
    by: 'unit.health',
    wan: 120,
    fundingSource: 'transfer',
    description: '支持社区嵌入式托育点和幼儿园托班建设，降低婴幼儿托育费用。',
    targets: '新增普惠性托育托位600个；建成社区嵌入式托育点12个；普惠托位收费不高于每月1500元。',
    location: '中心城区',
    plannedCompletion: '2026-11-30',
  },
  {
    key: 'drainage',
    title: '城区排水提质增效',
    category: 'environment',
    unit: '水务局',
    wan: 260,
    fundingSource: 'local',
    description: '开展城区雨污分流改造和管网修复，治理易涝积水点。',
    targets: '改造雨污混接点位45处；新建雨水管网3.2公里；消除城区内涝积水点8处。',
    location: '老城区',
    plannedCompletion: '2026-10-31',
  },
  {
    key: 'oldhousing',
    title: '老旧小区改造',
    category: 'housing',
    unit: '住房和城乡建设局',
    wan: 300,
    fundingSource: 'transfer',
    description: '对2000年前建成的老旧小区实施水电气管网、屋面防水、加装电梯和环境整治等改造。',
    targets: '完成老旧小区改造18个，惠及居民2400户；同步加装电梯20部。',
    location: '东城区、南湖区',
    plannedCompletion: '2027-06-30',
  },
  {
    key: 'schoolgate',
    title: '中小学校门口防冲撞设施建设',
    category: 'education',
    unit: '教育局',
    by: 'unit.edu',
    wan: 45,
    fundingSource: 'local',
    description: '在校门口上下学通道设置防冲撞隔离设施，配套警示标志。',
    targets: '在27所学校门口安装防冲撞设施；设置交通警示标志54块。',
    location: '全市中小学',
    plannedCompletion: '2026-08-31',
  },
  {
    key: 'aircon',
    title: '公办中小学教室空调配置',
    category: 'education',
    unit: '教育局',
    by: 'unit.edu',
    wan: 180,
    fundingSource: 'local',
    description: '为未配置空调的公办中小学普通教室和功能室安装空调，同步进行电力增容。',
    targets: '为46所公办中小学1150间教室配置空调；完成12所学校电力增容改造。',
    location: '城区及乡镇公办中小学',
    plannedCompletion: '2026-09-30',
  },
  {
    key: 'agefriendly',
    title: '困难老人家庭适老化改造',
    category: 'elderly',
    unit: '民政局',
    by: 'unit.civil',
    wan: 72,
    fundingSource: 'local',
    description: '为特殊困难老年人家庭实施地面防滑、安装扶手、配置辅具等居家适老化改造。',
    targets: '为600户特殊困难老年人家庭完成适老化改造，户均不低于1200元。',
    location: '全市',
    plannedCompletion: '2026-12-31',
  },
  {
    key: 'mental',
    title: '精神障碍患者社区康复服务',
    category: 'health',
    unit: '卫生健康委员会',
    by: 'unit.health',
    wan: 60,
    fundingSource: 'local',
    description: '建设社区精神康复服务站，开展生活技能训练、职业康复和家属支持。',
    targets: '建成精神障碍社区康复服务站6个，服务患者不少于300人。',
    location: '各区县',
    plannedCompletion: '2026-12-31',
  },
  {
    key: 'outdoor',
    title: '户外劳动者服务站（工会驿站）建设',
    category: 'employment',
    unit: '人力资源和社会保障局',
    wan: 40,
    fundingSource: 'social',
    description: '为环卫工人、快递员、外卖骑手等户外劳动者提供歇脚、饮水、充电、加热餐食等服务。',
    targets: '新建户外劳动者服务站40个，每站配备饮水机、微波炉、充电设施和应急药箱。',
    location: '中心城区主干道沿线',
    plannedCompletion: '2026-09-30',
  },
  {
    key: 'ruralroads',
    title: '改善农村出行条件',
    category: 'transport',
    unit: '交通运输局',
    wan: 280,
    fundingSource: 'transfer',
    description: '实施农村公路提档升级和农村客运站点建设。',
    targets: '新改建农村公路35公里；新增农村客运招呼站60个；实现具备条件的建制村通客车率100%。',
    location: '西江县、高新区',
    plannedCompletion: '2026-12-31',
  },
  {
    key: 'market',
    title: '菜市场提升改造',
    category: 'other',
    unit: '市场监督管理局',
    wan: 96,
    fundingSource: 'social',
    description: '对老旧农贸市场进行排水、通风、摊位和食品安全快检室改造。',
    targets: '改造提升农贸市场8个；每个市场建成食品安全快检室1间。',
    location: '东城区、南湖区',
    plannedCompletion: '2026-10-31',
  },
  {
    key: 'fitness',
    title: '全民健身设施补短板',
    category: 'culture',
    unit: '文化广电旅游体育局',
    wan: 88,
    fundingSource: 'local',
    description: '在社区和公园新建、更新健身路径和多功能运动场。',
    targets: '新建更新社区健身路径50条；建成多功能运动场6片。',
    location: '全市',
    plannedCompletion: '2026-11-30',
  },
  {
    key: 'firstaid',
    title: '村社急救能力提升',
    category: 'health',
    unit: '卫生健康委员会',
    by: 'unit.health',
    wan: 75,
    fundingSource: 'local',
    description: '在村（社区）配置自动体外除颤仪（AED），开展群众急救技能培训。',
    targets: '为120个村（社区）配置AED；培训持证急救员600名。',
    location: '全市村（社区）',
    plannedCompletion: '2027-03-31',
  },
]

type Plan =
  { adopt: string; reply?: string } | { merge: string } | { reject: string } | { pending: true }

interface DemoSuggestion {
  key: string
  from:
    | { deputy: number }
    | { unit: 'unit.edu' | 'unit.health' | 'unit.civil' }
    | { public: string | null }
  title: string
  category: Category
  location: string | null
  reason: string
  wan?: number
  plan: Plan
}

const SUGGESTIONS: DemoSuggestion[] = [
  // ——— deputies (代表建议) ———
  {
    key: 'd-meal',
    from: { deputy: 0 },
    title: '建设社区老年食堂，解决高龄老人吃饭难',
    category: 'elderly',
    location: '东城区各街道',
    reason:
      '辖区80岁以上独居老人较多，子女不在身边，做饭困难。建议依托社区养老服务中心开办老年食堂，并对高龄老人给予就餐补贴。',
    wan: 200,
    plan: { adopt: 'meal' },
  },
  {
    key: 'd-drain',
    from: { deputy: 3 },
    title: '治理老城区雨季内涝',
    category: 'environment',
    location: '老城区解放路、人民路一带',
    reason:
      '每逢暴雨，解放路下穿通道和人民路低洼路段积水严重，车辆熄火、商铺进水。建议实施雨污分流和管网改造。',
    wan: 500,
    plan: { adopt: 'drainage' },
  },
  {
    key: 'd-housing',
    from: { deputy: 5 },
    title: '加快老旧小区改造并加装电梯',
    category: 'housing',
    location: '南湖区纺织厂宿舍等小区',
    reason: '上世纪九十年代建成的单位宿舍楼管网老化、无电梯，老年住户上下楼困难。',
    wan: 400,
    plan: { adopt: 'oldhousing' },
  },
  {
    key: 'd-gate',
    from: { deputy: 8 },
    title: '在学校门口设置防冲撞隔离设施',
    category: 'education',
    location: '城区中小学',
    reason: '上下学高峰期校门口人车混行，存在安全隐患。建议在校门口设置隔离桩和防冲撞设施。',
    plan: { adopt: 'schoolgate' },
  },
  {
    key: 'd-aircon',
    from: { deputy: 12 },
    title: '为公办学校教室安装空调',
    category: 'education',
    location: '乡镇中小学',
    reason: '夏季教室温度超过35度，学生上课注意力难以集中。城区部分学校已配置，乡镇学校普遍没有。',
    wan: 300,
    plan: { adopt: 'aircon' },
  },
  {
    key: 'd-ruralbus',
    from: { deputy: 17 },
    title: '解决偏远村群众坐车难',
    category: 'transport',
    location: '西江县石桥乡',
    reason: '石桥乡部分行政村距离乡政府超过15公里，至今未通客车，群众赶集看病要步行或搭乘摩托车。',
    plan: { adopt: 'ruralroads' },
  },
  {
    key: 'd-aed',
    from: { deputy: 21 },
    title: '在人员密集场所和村社区配置AED',
    category: 'health',
    location: '全市',
    reason:
      '心脏骤停黄金抢救时间只有4分钟，农村地区急救车到达时间长，建议在村（社区）配置AED并培训急救人员。',
    wan: 100,
    plan: { adopt: 'firstaid' },
  },
  {
    key: 'd-outdoor',
    from: { deputy: 26 },
    title: '为环卫工人和快递小哥建设爱心驿站',
    category: 'employment',
    location: '中心城区',
    reason: '户外劳动者夏季酷暑、冬季严寒无处歇脚，吃饭喝水不方便。',
    plan: { adopt: 'outdoor' },
  },
  {
    key: 'd-meal2',
    from: { deputy: 31 },
    title: '推广农村老年助餐服务',
    category: 'elderly',
    location: '西江县',
    reason: '农村留守老人多，建议在村级互助养老站点开设助餐服务。',
    plan: { merge: 'd-meal' },
  },
  {
    key: 'd-parking',
    from: { deputy: 34 },
    title: '建设市人民医院立体停车场',
    category: 'health',
    location: '市人民医院',
    reason: '医院周边停车位严重不足，就医车辆排队造成交通拥堵。',
    wan: 3000,
    plan: {
      reject:
        '该项目投资规模大，已列入市人民医院新院区建设规划统筹实施，不纳入本年度民生实事项目。',
    },
  },
  {
    key: 'd-stadium',
    from: { deputy: 40 },
    title: '新建市级体育中心',
    category: 'culture',
    location: '高新区',
    reason: '我市缺少能承办省级赛事的体育场馆。',
    wan: 50000,
    plan: {
      reject:
        '项目投资超出民生实事项目资金规模，建议通过市重点项目渠道申报；本年度以社区健身设施补短板为重点。',
    },
  },
  {
    key: 'd-mental',
    from: { deputy: 44 },
    title: '加强精神障碍患者社区康复',
    category: 'health',
    location: '各区县',
    reason: '精神障碍患者出院后缺少社区康复场所，家庭照护压力大，容易复发。',
    plan: { adopt: 'mental' },
  },
  {
    key: 'd-market',
    from: { deputy: 47 },
    title: '改造提升老旧农贸市场',
    category: 'other',
    location: '东城区城北菜市场',
    reason: '市场地面湿滑、排水不畅、异味重，群众反映强烈。',
    plan: { adopt: 'market' },
  },
  {
    key: 'd-library',
    from: { deputy: 52 },
    title: '建设城市书房',
    category: 'culture',
    location: '南湖区',
    reason: '建议在社区建设24小时自助城市书房，方便群众阅读。',
    plan: { pending: true },
  },
  {
    key: 'd-elderuni',
    from: { deputy: 57 },
    title: '扩大老年大学招生规模',
    category: 'elderly',
    location: '市老年大学',
    reason: '老年大学热门课程一座难求，建议增设分校和线上课程。',
    plan: { pending: true },
  },
  // ——— the public (群众建议) ———
  {
    key: 'p-toddler',
    from: { public: '刘女士 139****5621' },
    title: '家门口的托育机构太少太贵',
    category: 'childcare',
    location: '东城区滨江街道',
    reason: '双职工家庭孩子2岁多没人带，附近的私立托育每月要三四千元，希望政府建一些普惠托育点。',
    plan: { adopt: 'childcare' },
  },
  {
    key: 'p-toddler2',
    from: { public: null },
    title: '建议幼儿园开设2—3岁托班',
    category: 'childcare',
    location: '南湖区',
    reason: '利用幼儿园富余学位开设托班，收费便宜、家长放心。',
    plan: { merge: 'p-toddler' },
  },
  {
    key: 'p-flood',
    from: { public: '赵先生' },
    title: '人民路下穿通道一下雨就积水',
    category: 'environment',
    location: '人民路下穿通道',
    reason: '今年汛期多次积水没过车轮，希望彻底治理。',
    plan: { merge: 'd-drain' },
  },
  {
    key: 'p-elevator',
    from: { public: '老住户 王大爷' },
    title: '老楼加装电梯',
    category: 'housing',
    location: '东城区建设新村',
    reason: '住六楼，腿脚不好，一个月下不了几次楼。',
    plan: { merge: 'd-housing' },
  },
  {
    key: 'p-handrail',
    from: { public: null },
    title: '给困难老人家里装扶手、防滑垫',
    category: 'elderly',
    location: '全市',
    reason: '老人在卫生间摔倒的很多，装个扶手花钱不多但很管用。',
    plan: { adopt: 'agefriendly' },
  },
  {
    key: 'p-fitness',
    from: { public: '跑步爱好者' },
    title: '小区附近缺少健身场地',
    category: 'culture',
    location: '高新区锦绣社区',
    reason: '新建小区周边没有篮球场和健身器材，居民只能在马路上锻炼。',
    plan: { adopt: 'fitness' },
  },
  {
    key: 'p-bus',
    from: { public: null },
    title: '增开工业园区通勤公交',
    category: 'transport',
    location: '高新区工业园',
    reason: '园区上下班时段公交车太少，很多工人要等半小时以上。',
    plan: {
      reject:
        '已转市交通运输局按常规工作优化线路，2026年3月起工业园区早晚高峰加密班次，不再单独列项。',
    },
  },
  {
    key: 'p-lights',
    from: { public: '夜跑市民' },
    title: '滨江公园步道增设路灯',
    category: 'environment',
    location: '滨江公园',
    reason: '晚上步道太黑，散步不安全。',
    plan: { reject: '已纳入市城市管理局2026年度公园设施维护计划实施，无需列为民生实事项目。' },
  },
  {
    key: 'p-dog',
    from: { public: null },
    title: '整治小区流浪狗',
    category: 'other',
    location: '南湖区',
    reason: '小区流浪狗多，晚上吠叫，担心咬人。',
    plan: { reject: '属于日常管理事项，已转交属地街道和城市管理部门办理。' },
  },
  {
    key: 'p-school',
    from: { public: '家长' },
    title: '学校门口接送孩子太危险',
    category: 'education',
    location: '实验小学',
    reason: '放学时车辆乱停，孩子过马路险象环生，希望装护栏、设隔离。',
    plan: { merge: 'd-gate' },
  },
  {
    key: 'p-aircon',
    from: { public: null },
    title: '乡下学校夏天太热',
    category: 'education',
    location: '西江镇中心小学',
    reason: '孩子说教室里像蒸笼，希望装空调。',
    plan: { merge: 'd-aircon' },
  },
  {
    key: 'p-rural',
    from: { public: '石桥乡村民' },
    title: '村里到乡上的路坑坑洼洼',
    category: 'rural',
    location: '石桥乡大坪村',
    reason: '路面破损多年，雨天泥泞，农产品运不出去。',
    plan: { merge: 'd-ruralbus' },
  },
  {
    key: 'p-toilet',
    from: { public: null },
    title: '景区和公园增建公共厕所',
    category: 'culture',
    location: '城区公园',
    reason: '周末人多，厕所排长队。',
    plan: { pending: true },
  },
  {
    key: 'p-ev',
    from: { public: '新能源车主' },
    title: '老旧小区建设充电桩',
    category: 'housing',
    location: '东城区',
    reason: '老小区没有充电桩，电动车只能飞线充电，有安全隐患。',
    plan: { pending: true },
  },
  {
    key: 'p-water',
    from: { public: '村民代表' },
    title: '解决农村自来水水压不足',
    category: 'rural',
    location: '西江县西江镇',
    reason: '用水高峰期水压低，高处住户经常停水。',
    plan: { pending: true },
  },
  {
    key: 'p-clinic',
    from: { public: null },
    title: '社区卫生服务中心延长服务时间',
    category: 'health',
    location: '东城区',
    reason: '上班族下班后看不上病，希望晚上和周末开诊。',
    plan: { pending: true },
  },
  {
    key: 'p-ad',
    from: { public: null },
    title: '免费发布广告',
    category: 'other',
    location: '无',
    reason: '与民生实事无关的推广信息。',
    plan: { reject: '与民生实事项目征集无关，不予采纳。' },
  },
  // ——— units (部门建议) ———
  {
    key: 'u-edu',
    from: { unit: 'unit.edu' },
    title: '中小学教室空调配置及电力增容',
    category: 'education',
    location: '全市公办中小学',
    reason: '经摸排，全市尚有46所学校1150间教室未配置空调，其中12所学校需电力增容。',
    wan: 180,
    plan: { merge: 'd-aircon' },
  },
  {
    key: 'u-health',
    from: { unit: 'unit.health' },
    title: '社区嵌入式普惠托育点建设',
    category: 'childcare',
    location: '中心城区',
    reason: '全市每千人口托位数2.6个，低于省定目标4.5个。',
    wan: 120,
    plan: { merge: 'p-toddler' },
  },
  {
    key: 'u-civil',
    from: { unit: 'unit.civil' },
    title: '特殊困难老年人家庭适老化改造',
    category: 'elderly',
    location: '全市',
    reason: '全市登记特殊困难老年人家庭约1800户，拟分三年完成改造。',
    wan: 72,
    plan: { merge: 'p-handrail' },
  },
  {
    key: 'u-health2',
    from: { unit: 'unit.health' },
    title: '基层医疗机构中医馆建设',
    category: 'health',
    location: '乡镇卫生院',
    reason: '部分乡镇卫生院尚未设置中医馆。',
    wan: 90,
    plan: {
      reject: '已列入省级基层中医药能力提升工程，由上级专项资金保障，不纳入本年度民生实事项目。',
    },
  },
]

/** A service context acting as the given user, with their grants as a session would carry. */
async function as(deps: Deps, db: Kysely<DB>, userId: string): Promise<Ctx> {
  const user = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  const grants = await db
    .selectFrom('role_grant')
    .innerJoin('jurisdiction', 'jurisdiction.id', 'role_grant.jurisdiction_id')
    .select(['role_grant.jurisdiction_id', 'role_grant.role', 'jurisdiction.path'])
    .where('role_grant.user_id', '=', userId)
    .execute()
  const auth: Auth = {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    sessionId: 'demo-seed',
    via: 'bearer',
    grants: grants.map((g) => ({ jurisdictionId: g.jurisdiction_id, role: g.role, path: g.path })),
  }
  return { deps, auth, requestId: 'demo-seed' }
}

export async function seedCycleDemo(realDeps: Deps, f: DemoFoundation) {
  const { db } = realDeps.database
  // Beijing office hours in the autumn of 2025, advancing a little with every action.
  let clock = new Date('2025-10-09T01:30:00Z')
  const deps: Deps = { ...realDeps, now: () => clock }
  const at = (iso: string) => {
    clock = new Date(iso)
  }
  const tick = (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * 60_000)
  }

  const staff = await as(deps, db, f.users['staff']!)
  const units = {
    'unit.edu': await as(deps, db, f.users['unit.edu']!),
    'unit.health': await as(deps, db, f.users['unit.health']!),
    'unit.civil': await as(deps, db, f.users['unit.civil']!),
  }
  const deputyUsers = await db
    .selectFrom('deputy')
    .select(['id', 'user_id'])
    .where('id', 'in', f.deputyIds)
    .execute()
  const userOfDeputy = new Map(deputyUsers.map((d) => [d.id, d.user_id!]))

  // Phase 1: settings (年度票决工作方案).
  const cycle = await cycles.createCycle(staff, f.cityId, {
    year: 2026,
    title: '2026年度民生实事项目',
    seats: 10,
    marginRatio: 0.2,
    fundPoolFen: 1000 * WAN,
    fundPoolDoc: '示财预〔2025〕86号',
    thresholdBasis: 'all',
    ballotForm: 'for_against_abstain',
    satisfactionThreshold: 0.8,
    solicitationDeadline: '2025-11-15',
    solicitationNotice:
      '为进一步增进民生福祉，根据市人大常委会关于实施民生实事项目人大代表票决制的决定，现面向全市人大代表、社会各界和市直部门公开征集2026年度民生实事项目建议。\n' +
      '征集范围：教育、医疗卫生、养老、托育、交通、住房、环境、文体、就业、农村等领域，受益面广、群众关注度高、当年能够基本完成的项目。\n' +
      '征集时间：2025年10月9日至11月15日。\n' +
      '每条建议请写明项目名称、实施地点、理由和大致投资。所有建议均将在筛选后公示办理结果。',
  })

  // Phase 2: solicitation (征集), spread over five weeks.
  const ids = new Map<string, string>()
  let n = 0
  for (const s of SUGGESTIONS) {
    at(
      new Date(
        Date.UTC(2025, 9, 10) +
          Math.floor((n++ * 36 * 86_400_000) / SUGGESTIONS.length) +
          2 * 3_600_000,
      ).toISOString(),
    )
    const common = {
      title: s.title,
      category: s.category,
      reason: s.reason,
      estimateFen: s.wan === undefined ? null : s.wan * WAN,
    }
    if ('public' in s.from) {
      const { trackingCode } = await suggestions.submitPublicSuggestion(
        deps,
        cycle.id,
        {
          ...common,
          location: s.location ?? '全市',
          contact: s.from.public,
          website: '',
          fillMs: 90_000,
        },
        `demo-visitor-${n}`,
      )
      const row = await db
        .selectFrom('suggestion')
        .select('id')
        .where('tracking_code', '=', trackingCode)
        .executeTakeFirstOrThrow()
      ids.set(s.key, row.id)
    } else {
      const ctx =
        'deputy' in s.from
          ? await as(deps, db, userOfDeputy.get(f.deputyIds[s.from.deputy]!)!)
          : units[s.from.unit]
      const out = await suggestions.submitSuggestion(ctx, cycle.id, {
        ...common,
        location: s.location,
        as: 'deputy' in s.from ? 'deputy' : 'unit',
      })
      ids.set(s.key, out.id)
    }
  }

  // Phase 3: screening (筛选论证) — candidates built from the suggestions.
  at('2025-11-17T01:00:00Z')
  await cycles.changePhase(staff, cycle.id, 'screening')
  const origins = new Map<string, string[]>()
  for (const s of SUGGESTIONS)
    if ('adopt' in s.plan)
      origins.set(s.plan.adopt, [...(origins.get(s.plan.adopt) ?? []), ids.get(s.key)!])
  const candidateIds = new Map<string, string>()
  at('2025-11-18T02:00:00Z')
  for (const c of CANDIDATES) {
    tick(47)
    const out = await candidates.createCandidate(c.by ? units[c.by] : staff, cycle.id, {
      title: c.title,
      description: c.description,
      category: c.category,
      responsibleUnit: c.unit,
      estimateFen: c.wan * WAN,
      fundingSource: c.fundingSource,
      targets: c.targets,
      location: c.location,
      plannedCompletion: c.plannedCompletion,
      originSuggestionIds: origins.get(c.key) ?? [],
    })
    candidateIds.set(c.key, out.id)
  }

  // Replies (答复): adopted first, then duplicates merged into them, then rejections.
  at('2025-12-08T01:00:00Z')
  const order = [...SUGGESTIONS].sort((a, b) => rank(a.plan) - rank(b.plan))
  for (const s of order) {
    tick(6)
    const sid = ids.get(s.key)!
    if ('adopt' in s.plan)
      await suggestions.recordOutcome(staff, sid, {
        outcome: 'adopted',
        candidateId: candidateIds.get(s.plan.adopt)!,
        reply: s.plan.reply,
      })
    else if ('merge' in s.plan)
      await suggestions.recordOutcome(staff, sid, {
        outcome: 'merged',
        mergedIntoId: ids.get(s.plan.merge)!,
      })
    else if ('reject' in s.plan)
      await suggestions.recordOutcome(staff, sid, { outcome: 'rejected', reply: s.plan.reject })
  }
}

const rank = (p: Plan) => ('adopt' in p ? 0 : 'merge' in p ? 1 : 'reject' in p ? 2 : 3)

demoSteps.push({ name: 'cycles: 2026 cycle, suggestions, candidates', run: seedCycleDemo })
