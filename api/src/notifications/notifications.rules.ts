/**
 * A notification's kind-specific parameters and the zh-CN text made from them (decision 047).
 * The parameters are stored with the notice (`notification.params`) so the web renders its text
 * in the reader's language; the zh-CN title/body are stored too, for older rows and plain readers.
 * Field names are part of the API: add fields, never rename them.
 */

/** An issue, as a notice names it: its project and its number in the project (`#seq`). */
export interface IssueRef {
  projectTitle: string
  seq: number
}

/** An issue with its handling deadline (a `YYYY-MM-DD` calendar day). */
export interface IssueWithDeadline extends IssueRef {
  deadline: string
}

export interface NotificationParamsByKind {
  issue_raised: IssueRef
  issue_assigned: IssueWithDeadline
  issue_answered: IssueRef
  issue_sent_back: IssueWithDeadline
  issue_reopened: IssueWithDeadline
  issue_closed: IssueRef
  issue_due_soon: IssueWithDeadline
  /** `audience: 'raiser'`: told to the deputy who raised it; otherwise to the unit handling it. */
  issue_overdue: IssueWithDeadline & { audience: 'unit' | 'raiser' }
  /** `period`: the month (`YYYY-MM`) whose progress report is overdue. */
  report_overdue: { projectTitle: string; period: string }
  project_lagging: {
    projectTitle: string
    status: 'lagging' | 'seriously_lagging'
    delayDays: number
    missedMilestones: number
  }
  /**
   * A rectification item (整改) opened for the unit by a published satisfaction evaluation
   * (decision 052): the project's grade, its satisfaction rate in percent with one decimal
   * (`'60.0'`), whether that rate is below the threshold, and the deadline (`YYYY-MM-DD`).
   */
  rectification_opened: {
    projectTitle: string
    grade: 'satisfied' | 'basically' | 'dissatisfied'
    ratePercent: string
    belowThreshold: boolean
    deadline: string
  }
}

export type NotificationKind = keyof NotificationParamsByKind

/** A kind with its parameters: `{ kind: 'issue_assigned', params: { … } }`. */
export type KindWithParams = {
  [K in NotificationKind]: { kind: K; params: NotificationParamsByKind[K] }
}[NotificationKind]

const STATUS_ZH = { lagging: '滞后', seriously_lagging: '严重滞后' } as const
const GRADE_ZH = { satisfied: '满意', basically: '基本满意', dissatisfied: '不满意' } as const

/**
 * The zh-CN title (and, where the kind composes one, the body) of a notice. Issue notices take
 * the issue's own title as their body, which is the user's text and not translated.
 */
export function zhText(n: KindWithParams): { title: string; body?: string } {
  switch (n.kind) {
    case 'issue_raised': {
      const p = n.params
      return { title: `新问题待交办：${p.projectTitle} #${p.seq}` }
    }
    case 'issue_assigned': {
      const p = n.params
      return { title: `问题交办：${p.projectTitle} #${p.seq}，请于${p.deadline}前办理` }
    }
    case 'issue_sent_back': {
      const p = n.params
      return { title: `问题退回重办：${p.projectTitle} #${p.seq}，新期限${p.deadline}` }
    }
    case 'issue_reopened': {
      const p = n.params
      return { title: `问题重新打开：${p.projectTitle} #${p.seq}，期限${p.deadline}` }
    }
    case 'issue_answered': {
      const p = n.params
      return { title: `问题已办理，请核实销号：${p.projectTitle} #${p.seq}` }
    }
    case 'issue_closed': {
      const p = n.params
      return { title: `问题已销号：${p.projectTitle} #${p.seq}` }
    }
    case 'issue_due_soon': {
      const p = n.params
      return { title: `问题办理即将到期（${p.deadline}）：${p.projectTitle} #${p.seq}` }
    }
    case 'issue_overdue': {
      const p = n.params
      return p.audience === 'raiser'
        ? { title: `您提出的问题逾期未办理：${p.projectTitle} #${p.seq}` }
        : { title: `问题办理已逾期（期限${p.deadline}）：${p.projectTitle} #${p.seq}` }
    }
    case 'report_overdue': {
      const p = n.params
      return {
        title: `进度报告逾期：${p.projectTitle}（${p.period}）`,
        body: `${p.period}的月度进度报告尚未报送`,
      }
    }
    case 'project_lagging': {
      const p = n.params
      return {
        title: `项目${STATUS_ZH[p.status]}：${p.projectTitle}`,
        body: `逾期${p.delayDays}天，${p.missedMilestones}个节点未按期完成`,
      }
    }
    case 'rectification_opened': {
      const p = n.params
      return {
        title: `满意度测评整改：${p.projectTitle}，请于${p.deadline}前整改`,
        body: `测评结果${GRADE_ZH[p.grade]}，满意率${p.ratePercent}%${p.belowThreshold ? '，低于满意度标准' : ''}`,
      }
    }
  }
}
