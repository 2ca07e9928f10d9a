import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import { NS } from '../i18n'
import { zhCN } from '../i18n/zh-CN'
import { en } from '../i18n/en'
import { KINDS } from './link'
import { notificationText, type NotificationLike } from './text'

const tIn = (lang: 'zh-CN' | 'en') => i18n.getFixedT(lang, [NS, 'translation'])
const render = (n: NotificationLike, lang: 'zh-CN' | 'en') => notificationText(n, tIn(lang), lang)

const issue = { projectTitle: '社区食堂建设', seq: 3 }
const n = (kind: string, params: Record<string, unknown> | null, title = '存储的标题') => ({
  kind,
  title,
  body: '食堂排烟管道噪声大',
  params,
})

describe('notification text from parameters', () => {
  it('renders every kind in Chinese and in English, dates and months per language', () => {
    const cases: [ReturnType<typeof n>, string, string][] = [
      [
        n('issue_raised', issue),
        '新问题待交办：社区食堂建设 #3',
        'New issue to assign: 社区食堂建设 #3',
      ],
      [
        n('issue_assigned', { ...issue, deadline: '2026-12-31' }),
        '问题交办：社区食堂建设 #3，请于2026年12月31日前办理',
        'Issue assigned: 社区食堂建设 #3, to be handled by 2026-12-31',
      ],
      [
        n('issue_answered', issue),
        '问题已办理，请核实销号：社区食堂建设 #3',
        'Issue answered, please verify and close: 社区食堂建设 #3',
      ],
      [
        n('issue_sent_back', { ...issue, deadline: '2027-01-05' }),
        '问题退回重办：社区食堂建设 #3，新期限2027年1月5日',
        'Issue sent back: 社区食堂建设 #3, new deadline 2027-01-05',
      ],
      [
        n('issue_reopened', { ...issue, deadline: '2027-02-01' }),
        '问题重新打开：社区食堂建设 #3，期限2027年2月1日',
        'Issue reopened: 社区食堂建设 #3, deadline 2027-02-01',
      ],
      [n('issue_closed', issue), '问题已销号：社区食堂建设 #3', 'Issue closed: 社区食堂建设 #3'],
      [
        n('issue_due_soon', { ...issue, deadline: '2026-11-24' }),
        '问题办理即将到期（2026年11月24日）：社区食堂建设 #3',
        'Issue due soon (2026-11-24): 社区食堂建设 #3',
      ],
      [
        n('issue_overdue', { ...issue, deadline: '2026-11-24', audience: 'unit' }),
        '问题办理已逾期（期限2026年11月24日）：社区食堂建设 #3',
        'Issue overdue (deadline 2026-11-24): 社区食堂建设 #3',
      ],
      [
        n('issue_overdue', { ...issue, deadline: '2026-11-24', audience: 'raiser' }),
        '您提出的问题逾期未办理：社区食堂建设 #3',
        'An issue you raised is overdue: 社区食堂建设 #3',
      ],
    ]
    for (const [notice, zh, english] of cases) {
      // Issue notices keep the issue's own title as their body.
      expect(render(notice, 'zh-CN')).toEqual({ title: zh, body: notice.body })
      expect(render(notice, 'en')).toEqual({ title: english, body: notice.body })
    }
    const report = n('report_overdue', { projectTitle: '社区食堂建设', period: '2026-09' })
    expect(render(report, 'zh-CN')).toEqual({
      title: '进度报告逾期：社区食堂建设（2026年9月）',
      body: '2026年9月的月度进度报告尚未报送',
    })
    expect(render(report, 'en')).toEqual({
      title: 'Progress report overdue: 社区食堂建设 (2026-09)',
      body: 'The monthly progress report for 2026-09 has not been submitted',
    })
  })

  it('renders a rectification notice with the grade, rate and deadline in both languages', () => {
    const rect = (grade: string, ratePercent: string, belowThreshold: boolean) =>
      n('rectification_opened', {
        projectTitle: '社区食堂建设',
        grade,
        ratePercent,
        belowThreshold,
        deadline: '2027-02-20',
      })
    expect(render(rect('basically', '60.0', true), 'zh-CN')).toEqual({
      title: '满意度测评整改：社区食堂建设，请于2027年2月20日前整改',
      body: '测评结果基本满意，满意率60.0%，低于满意度标准',
    })
    expect(render(rect('basically', '60.0', true), 'en')).toEqual({
      title: 'Rectification after the satisfaction evaluation: 社区食堂建设, due by 2027-02-20',
      body: 'Grade: Basically satisfied; satisfaction rate 60.0%, below the satisfaction threshold',
    })
    // Graded 不满意 but not below a threshold set lower than the rate.
    expect(render(rect('dissatisfied', '40.0', false), 'zh-CN').body).toBe(
      '测评结果不满意，满意率40.0%',
    )
    expect(render(rect('dissatisfied', '40.0', false), 'en').body).toBe(
      'Grade: Dissatisfied; satisfaction rate 40.0%',
    )
  })

  it('names the project status with the app’s own labels, and counts in words', () => {
    const lag = (status: string, delayDays: number, missedMilestones: number) =>
      n('project_lagging', { projectTitle: '老旧小区改造', status, delayDays, missedMilestones })
    expect(render(lag('seriously_lagging', 45, 2), 'zh-CN')).toEqual({
      title: '项目严重滞后：老旧小区改造',
      body: '逾期45天，2个节点未按期完成',
    })
    expect(render(lag('seriously_lagging', 45, 2), 'en')).toEqual({
      title: 'Seriously lagging: 老旧小区改造',
      body: '45 days behind schedule; 2 milestones not completed on time',
    })
    expect(render(lag('lagging', 1, 1), 'zh-CN').title).toBe('项目进度滞后：老旧小区改造')
    expect(render(lag('lagging', 1, 1), 'en')).toEqual({
      title: 'Lagging: 老旧小区改造',
      body: '1 day behind schedule; 1 milestone not completed on time',
    })
    // Every project status has a label in both languages (the five of the progress board).
    for (const status of ['not_started', 'on_track', 'lagging', 'seriously_lagging', 'completed']) {
      const zh = render(lag(status, 0, 0), 'zh-CN').title
      const english = render(lag(status, 0, 0), 'en').title
      expect(zh).not.toContain('status')
      expect(english).not.toContain('status')
      expect(zh).not.toBe(english)
    }
  })

  it('falls back to the stored text without parameters, for unknown kinds and unfit parameters', () => {
    const stored = (x: ReturnType<typeof n>) => ({ title: x.title, body: x.body })
    const cases = [
      n('issue_assigned', null, '问题交办：旧通知'),
      n('something_new', { projectTitle: '某项目', seq: 1 }),
      n('issue_assigned', { ...issue }), // no deadline
      n('issue_assigned', { ...issue, deadline: '31/12/2026' }),
      n('issue_raised', { projectTitle: '某项目', seq: '3' }),
      n('issue_closed', { seq: 3 }),
      n('report_overdue', { projectTitle: '某项目', period: '2026' }),
      n('project_lagging', {
        projectTitle: '某项目',
        status: 'toString',
        delayDays: 3,
        missedMilestones: 1,
      }),
      n('project_lagging', { projectTitle: '某项目', status: 'lagging', delayDays: -1 }),
      n('rectification_opened', {
        projectTitle: '某项目',
        grade: 'toString',
        ratePercent: '60.0',
        belowThreshold: true,
        deadline: '2027-02-20',
      }),
      n('rectification_opened', {
        projectTitle: '某项目',
        grade: 'basically',
        ratePercent: '60%',
        belowThreshold: true,
        deadline: '2027-02-20',
      }),
      n('rectification_opened', {
        projectTitle: '某项目',
        grade: 'basically',
        ratePercent: '60.0',
        deadline: '2027-02-20',
      }),
      n('rectification_opened', {
        projectTitle: '某项目',
        grade: 'basically',
        ratePercent: '60.0',
        belowThreshold: false,
      }),
    ]
    for (const x of cases)
      for (const lang of ['zh-CN', 'en'] as const) expect(render(x, lang)).toEqual(stored(x))
  })

  it('has a text for every kind in both languages, with the same keys', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
      )
    expect(keys(en.text).sort()).toEqual(keys(zhCN.text).sort())
    for (const k of KINDS) expect(zhCN.text.title[k]).toBeTruthy()
  })
})
