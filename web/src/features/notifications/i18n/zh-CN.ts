/** 站内通知 strings (namespace `notifications`). */
export const zhCN = {
  bell: {
    label: '通知（{{n}} 条未读）',
    labelNone: '通知（没有未读）',
    title: '通知',
    recent: '最近的通知',
    empty: '暂无通知。',
    viewAll: '查看全部通知',
    announce: '有 {{n}} 条新通知',
  },
  page: {
    title: '通知',
    intro:
      '与您有关的问题交办、办理答复、办理期限临近或逾期、进度报告逾期、项目滞后、测评整改等提醒。期限和逾期类提醒在您打开通知时按当日情况生成，每项只提醒一次。',
    filter: '显示',
    all: '全部',
    unread: '未读',
    more: '加载更多',
    exportName: '通知',
  },
  col: {
    time: '时间',
    kind: '类别',
    title: '标题',
    body: '内容',
    state: '状态',
    open: '操作',
  },
  state: { unread: '未读', read: '已读' },
  action: {
    markAllRead: '全部标为已读',
    markedAll: '已将 {{n}} 条通知标为已读',
    markRead: '标为已读',
    open: '查看',
    openTitle: '查看：{{title}}',
  },
  /**
   * A notice's text from its parameters (decision 047): `title.<kind>`, and `body.<kind>` where
   * the kind composes its body (issue notices show the issue's own title as written).
   */
  text: {
    title: {
      issue_raised: '新问题待交办：{{project}} #{{seq}}',
      issue_assigned: '问题交办：{{project}} #{{seq}}，请于{{deadline}}前办理',
      issue_answered: '问题已办理，请核实销号：{{project}} #{{seq}}',
      issue_sent_back: '问题退回重办：{{project}} #{{seq}}，新期限{{deadline}}',
      issue_reopened: '问题重新打开：{{project}} #{{seq}}，期限{{deadline}}',
      issue_closed: '问题已销号：{{project}} #{{seq}}',
      issue_due_soon: '问题办理即将到期（{{deadline}}）：{{project}} #{{seq}}',
      issue_overdue: '问题办理已逾期（期限{{deadline}}）：{{project}} #{{seq}}',
      issue_overdue_raiser: '您提出的问题逾期未办理：{{project}} #{{seq}}',
      report_overdue: '进度报告逾期：{{project}}（{{period}}）',
      project_lagging: '项目{{status}}：{{project}}',
      rectification_opened: '满意度测评整改：{{project}}，请于{{deadline}}前整改',
    },
    body: {
      report_overdue: '{{period}}的月度进度报告尚未报送',
      project_lagging: '逾期{{days}}，{{missed}}未按期完成',
      rectification_opened: '测评结果{{grade}}，满意率{{rate}}%',
      rectification_opened_below: '测评结果{{grade}}，满意率{{rate}}%，低于满意度标准',
    },
    /** Counted words inside the texts (i18next plurals: Chinese uses only `_other`). */
    days_one: '{{count}}天',
    days_other: '{{count}}天',
    milestones_one: '{{count}}个节点',
    milestones_other: '{{count}}个节点',
    /** A month (`YYYY-MM`). */
    period: '{{year}}年{{month}}月',
  },
  kind: {
    issue_raised: '新问题',
    issue_assigned: '问题交办',
    issue_answered: '办理答复',
    issue_sent_back: '问题退回',
    issue_reopened: '问题重新办理',
    issue_closed: '问题销号',
    issue_due_soon: '即将到期',
    issue_overdue: '办理逾期',
    report_overdue: '报告逾期',
    project_lagging: '项目滞后',
    rectification_opened: '测评整改',
    other: '通知',
  },
}
export type NotificationStrings = typeof zhCN
