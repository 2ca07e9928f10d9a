import { useState } from 'react'
import { useNavigate, useParams } from 'react-router'
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
} from 'antd'
import { ArrowLeftOutlined, GlobalOutlined, PlusOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import { PageHeader } from '@/components/PageHeader'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { notifyError, notifySuccess } from '@/lib/notify'
import { useCurrentJurisdiction } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import {
  useCreateMilestone,
  useDeputies,
  useDismissFeedback,
  useFeedback,
  useGroup,
  useProjectIssues,
  useProjectProgress,
  usePublishIssue,
  useRaiseFromFeedback,
  useSetGroup,
  useTimeline,
  useUpdateMilestone,
  type Issue,
  type Milestone,
  type ProjectProgress,
} from '../api/progress'
import { useProgressT } from '../i18n'
import { Deadline, Flags, Percent } from './bits'
import { AnswerModal, AssignModal } from './IssueModals'
import { ReportModal } from './ReportModal'
import { Timeline } from './Timeline'
import './progress.css'

/** A project's page: overview, timeline, milestones, reports, issues, group and feedback. */
export default function ProjectPage() {
  const { pid } = useParams()
  const { t } = useProgressT()
  const fmt = useFormat()
  const navigate = useNavigate()
  const progress = useProjectProgress(pid)
  const timeline = useTimeline(pid)
  const [tab, setTab] = useState('timeline')
  const [reporting, setReporting] = useState(false)

  if (progress.isPending) return <Skeleton active />
  if (progress.isError)
    return <Alert type="error" showIcon message={errorMessage(progress.error)} />
  const { project, summary, can } = progress.data

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span>{project.title}</span>
            <StatusTag kind="projectStatus" value={summary.status} />
          </Space>
        }
        description={`${project.responsibleUnit} · ${t(`category.${project.category}`, { defaultValue: project.category })}`}
        extra={
          <Space wrap>
            <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
              {t('project.back')}
            </Button>
            <Button
              icon={<GlobalOutlined />}
              href={`/public/projects/${project.id}`}
              target="_blank"
            >
              {t('project.publicPage')}
            </Button>
            {can.fileReports && (
              <Button type="primary" onClick={() => setReporting(true)}>
                {t('report.file')}
              </Button>
            )}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('project.percent')}>
            <Percent value={summary.percentComplete} />
          </Descriptions.Item>
          <Descriptions.Item label={t('project.milestones')}>
            {summary.milestonesDone}/{summary.milestonesTotal}
          </Descriptions.Item>
          <Descriptions.Item label={t('project.delay')}>
            {summary.delayDays ? t('project.days', { n: summary.delayDays }) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('project.latestPeriod')}>
            {summary.latestPeriod ?? '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('project.investment')}>
            {summary.investmentToDateFen === null ? '—' : fmt.wan(summary.investmentToDateFen)}
          </Descriptions.Item>
          <Descriptions.Item label={t('project.estimate')}>
            {fmt.wan(project.estimateFen)}
          </Descriptions.Item>
          <Descriptions.Item label={t('project.plannedCompletion')}>
            {project.plannedCompletion ? fmt.date(project.plannedCompletion) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('col.flags')}>
            <Flags flags={summary.flags} />
          </Descriptions.Item>
          {project.targets && (
            <Descriptions.Item label={t('project.targets')} span={4}>
              {project.targets}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'timeline',
              label: t('project.tabs.timeline'),
              children: timeline.isPending ? (
                <Skeleton active />
              ) : (
                <Timeline items={timeline.data?.items ?? []} />
              ),
            },
            {
              key: 'milestones',
              label: t('project.tabs.milestones'),
              children: <Milestones data={progress.data} />,
            },
            {
              key: 'reports',
              label: t('project.tabs.reports'),
              children: <Reports data={progress.data} />,
            },
            {
              key: 'issues',
              label: t('project.tabs.issues'),
              children: <Issues pid={project.id} />,
            },
            {
              key: 'group',
              label: t('project.tabs.group'),
              children: (
                <GroupPanel
                  pid={project.id}
                  jid={project.jurisdictionId}
                  canEdit={can.manageGroup}
                />
              ),
            },
            ...(can.manageGroup
              ? [
                  {
                    key: 'feedback',
                    label: t('project.tabs.feedback'),
                    children: <FeedbackPanel pid={project.id} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {reporting && (
        <ReportModal
          project={project}
          nextPeriod={summary.nextPeriod}
          lastPercent={summary.percentComplete}
          lastInvestmentFen={summary.investmentToDateFen}
          onClose={() => setReporting(false)}
        />
      )}
    </>
  )
}

function Milestones({ data }: { data: ProjectProgress }) {
  const { t } = useProgressT()
  const fmt = useFormat()
  const create = useCreateMilestone(data.project.id)
  const update = useUpdateMilestone()
  const [adding, setAdding] = useState(false)
  const [done, setDone] = useState<Milestone>()
  const [form] = Form.useForm()
  const [doneForm] = Form.useForm()
  return (
    <>
      {data.can.editMilestones && (
        <Button
          icon={<PlusOutlined />}
          onClick={() => setAdding(true)}
          style={{ marginBottom: 12 }}
        >
          {t('milestone.add')}
        </Button>
      )}
      <Table
        rowKey="id"
        size="middle"
        pagination={false}
        dataSource={data.milestones}
        columns={[
          { title: t('milestone.name'), dataIndex: 'name' },
          {
            title: t('milestone.planned'),
            dataIndex: 'plannedDate',
            render: (d: string) => fmt.date(d),
          },
          {
            title: t('milestone.actual'),
            dataIndex: 'actualDate',
            render: (d: string | null, m) =>
              d ? (
                <Space>
                  {fmt.date(d)}
                  {m.lateDays > 0 && (
                    <span className="pg-muted">{t('milestone.late', { n: m.lateDays })}</span>
                  )}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('col.status'),
            dataIndex: 'state',
            render: (s: Milestone['state'], m) => (
              <Tag color={s === 'done' ? 'green' : s === 'missed' ? 'red' : 'default'}>
                {t(`milestone.state.${s}`)}
                {s === 'missed' ? ` · ${t('project.days', { n: m.lateDays })}` : ''}
              </Tag>
            ),
          },
          {
            title: t('milestone.evidence'),
            dataIndex: 'evidence',
            render: (e: string | null) => e ?? '—',
          },
          ...(data.can.editMilestones
            ? [
                {
                  title: '',
                  key: 'act',
                  render: (_: unknown, m: Milestone) =>
                    !m.actualDate && (
                      <Button size="small" onClick={() => setDone(m)}>
                        {t('milestone.markDone')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={adding}
        title={t('milestone.add')}
        onCancel={() => setAdding(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: { name: string; plannedDate: dayjs.Dayjs }) => {
            await create.mutateAsync({
              name: v.name,
              plannedDate: v.plannedDate.format('YYYY-MM-DD'),
            })
            notifySuccess(t('milestone.saved'))
            setAdding(false)
          }}
        >
          <Form.Item
            name="name"
            label={t('milestone.name')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="plannedDate" label={t('milestone.planned')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!done}
        title={`${t('milestone.doneTitle')} · ${done?.name ?? ''}`}
        onCancel={() => setDone(undefined)}
        onOk={() => doneForm.submit()}
        confirmLoading={update.isPending}
        destroyOnHidden
      >
        <Form
          form={doneForm}
          layout="vertical"
          initialValues={{ actualDate: dayjs() }}
          onFinish={async (v: { actualDate: dayjs.Dayjs; evidence?: string }) => {
            await update.mutateAsync({
              mid: done!.id,
              actualDate: v.actualDate.format('YYYY-MM-DD'),
              ...(v.evidence ? { evidence: v.evidence } : {}),
            })
            notifySuccess(t('milestone.saved'))
            setDone(undefined)
          }}
        >
          <Form.Item name="actualDate" label={t('milestone.actual')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="evidence" label={t('milestone.evidence')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}

function Reports({ data }: { data: ProjectProgress }) {
  const { t } = useProgressT()
  const fmt = useFormat()
  if (!data.reports.length) return <Empty description={t('report.empty')} />
  return (
    <div>
      {data.reports.map((r) => (
        <article key={r.id} className="pg-report">
          <div className="pg-report__head">
            <strong>{r.period}</strong>
            <Percent value={r.percentComplete} />
            <span className="pg-muted">
              {t('col.investment')} {fmt.wan(r.investmentToDateFen)}
            </span>
            <span className="pg-muted">
              {fmt.dateTime(r.submittedAt)}
              {r.submitter ? ` · ${t('report.by', { name: r.submitter })}` : ''}
            </span>
          </div>
          <p>{r.narrative}</p>
          {r.photos.length > 0 && (
            <div className="pg-photos">
              {r.photos.map((p) => (
                <a key={p.id} href={p.url} target="_blank" rel="noreferrer">
                  <img src={p.thumbUrl} alt={p.caption ?? r.period} loading="lazy" />
                </a>
              ))}
            </div>
          )}
        </article>
      ))}
    </div>
  )
}

function Issues({ pid }: { pid: string }) {
  const { t } = useProgressT()
  const fmt = useFormat()
  const issues = useProjectIssues(pid)
  const publish = usePublishIssue()
  const [assigning, setAssigning] = useState<Issue>()
  const [answering, setAnswering] = useState<Issue>()
  return (
    <>
      <Table
        rowKey="id"
        size="middle"
        loading={issues.isPending}
        dataSource={issues.data?.items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('issue.empty') }}
        expandable={{
          expandedRowRender: (i) => (
            <div>
              <p style={{ margin: 0 }}>{i.description}</p>
              {i.answer && (
                <p style={{ margin: '8px 0 0' }}>
                  <strong>{t('issue.answer')}：</strong>
                  {i.answer}
                </p>
              )}
            </div>
          ),
        }}
        columns={[
          { title: t('issue.seq'), dataIndex: 'seq', width: 64, render: (n: number) => `#${n}` },
          { title: t('issue.title'), dataIndex: 'title' },
          {
            title: t('issue.state'),
            dataIndex: 'state',
            render: (s: Issue['state']) => <StatusTag kind="issueState" value={s} />,
          },
          {
            title: t('issue.deadline'),
            dataIndex: 'deadline',
            render: (_: unknown, i: Issue) => (
              <Deadline deadline={i.deadline} daysLeft={i.daysLeft} flag={i.deadlineFlag} />
            ),
          },
          {
            title: t('issue.raisedBy'),
            dataIndex: 'createdAt',
            render: (d: string, i: Issue) => (
              <span>
                {fmt.date(d)} · {t(`issue.source.${i.source}`)}
                {i.raisedBy.name ? ` · ${i.raisedBy.name}` : ''}
              </span>
            ),
          },
          {
            title: t('issue.published'),
            dataIndex: 'published',
            render: (p: boolean) => (p ? <Tag color="blue">{t('issue.published')}</Tag> : '—'),
          },
          {
            title: '',
            key: 'act',
            render: (_: unknown, i: Issue) => (
              <Space wrap>
                {i.actions.includes('assign') && (
                  <Button
                    size="small"
                    type={i.state === 'raised' ? 'primary' : 'default'}
                    onClick={() => setAssigning(i)}
                  >
                    {i.state === 'raised' ? t('issue.assign') : t('issue.reassign')}
                  </Button>
                )}
                {i.actions.includes('answer') && (
                  <Button size="small" type="primary" onClick={() => setAnswering(i)}>
                    {t('issue.answerBtn')}
                  </Button>
                )}
                {i.actions.includes('publish') && (
                  <Button
                    size="small"
                    loading={publish.isPending && publish.variables?.iid === i.id}
                    onClick={async () => {
                      await publish.mutateAsync({ iid: i.id, published: !i.published })
                      notifySuccess(t('issue.publishedOk'))
                    }}
                  >
                    {i.published ? t('issue.unpublish') : t('issue.publish')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {assigning && <AssignModal issue={assigning} onClose={() => setAssigning(undefined)} />}
      {answering && <AnswerModal issue={answering} onClose={() => setAnswering(undefined)} />}
    </>
  )
}

function GroupPanel({ pid, jid, canEdit }: { pid: string; jid: string; canEdit: boolean }) {
  const { t } = useProgressT()
  const group = useGroup(pid)
  const [editing, setEditing] = useState(false)
  const deputies = useDeputies(jid, editing)
  const setGroup = useSetGroup(pid)
  const [form] = Form.useForm<{ leaderDeputyId: string; memberDeputyIds: string[] }>()
  const { hasRole } = useCurrentJurisdiction()
  if (group.isPending) return <Skeleton active />
  const g = group.data
  const options = (deputies.data?.items ?? []).map((d) => ({
    value: d.id,
    label: `${d.displayName}${d.delegation ? `（${d.delegation}）` : ''}`,
  }))
  return (
    <>
      {!g?.leader ? (
        <Empty description={t('group.none')} />
      ) : (
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('group.leader')}>{g.leader.displayName}</Descriptions.Item>
          <Descriptions.Item label={t('group.members')}>
            {g.members.map((m) => m.displayName).join('、') || '—'}
          </Descriptions.Item>
        </Descriptions>
      )}
      {canEdit && hasRole('staff') && (
        <Button style={{ marginTop: 12 }} onClick={() => setEditing(true)}>
          {t('group.edit')}
        </Button>
      )}
      <Modal
        open={editing}
        title={t('group.edit')}
        onCancel={() => setEditing(false)}
        onOk={() => form.submit()}
        confirmLoading={setGroup.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            leaderDeputyId: g?.leader?.deputyId,
            memberDeputyIds: g?.members.map((m) => m.deputyId) ?? [],
          }}
          onFinish={async (v) => {
            try {
              await setGroup.mutateAsync(v)
              notifySuccess(t('group.saved'))
              setEditing(false)
            } catch (e) {
              notifyError(e)
            }
          }}
        >
          <Form.Item name="leaderDeputyId" label={t('group.leader')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              options={options}
              loading={deputies.isPending}
            />
          </Form.Item>
          <Form.Item name="memberDeputyIds" label={t('group.members')}>
            <Select mode="multiple" showSearch optionFilterProp="label" options={options} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}

function FeedbackPanel({ pid }: { pid: string }) {
  const { t } = useProgressT()
  const fmt = useFormat()
  const feedback = useFeedback(pid, true)
  const raise = useRaiseFromFeedback(pid)
  const dismiss = useDismissFeedback()
  return (
    <Table
      rowKey="id"
      size="middle"
      loading={feedback.isPending}
      dataSource={feedback.data?.items}
      locale={{ emptyText: t('feedback.empty') }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      columns={[
        {
          title: t('col.latest'),
          dataIndex: 'createdAt',
          width: 120,
          render: (d: string) => fmt.date(d),
        },
        { title: t('public.content'), dataIndex: 'content' },
        {
          title: t('feedback.contact'),
          dataIndex: 'contact',
          render: (c: string | null) => c ?? '—',
        },
        {
          title: t('col.status'),
          dataIndex: 'status',
          render: (s: 'new' | 'converted' | 'dismissed') => t(`feedback.status.${s}`),
        },
        {
          title: '',
          key: 'act',
          render: (_: unknown, f: { id: string; content: string; status: string }) =>
            f.status === 'new' && (
              <Space wrap size={4}>
                <Button
                  size="small"
                  onClick={async () => {
                    await raise.mutateAsync({
                      title: `群众反映：${f.content.slice(0, 40)}`,
                      description: f.content,
                      feedbackId: f.id,
                    })
                    notifySuccess(t('issue.fromFeedback'))
                  }}
                >
                  {t('issue.fromFeedback')}
                </Button>
                <Popconfirm
                  title={t('feedback.dismissConfirm')}
                  okText={t('feedback.dismiss')}
                  onConfirm={async () => {
                    await dismiss.mutateAsync(f.id)
                    notifySuccess(t('feedback.dismissed'))
                  }}
                >
                  <Button size="small" loading={dismiss.isPending && dismiss.variables === f.id}>
                    {t('feedback.dismiss')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
        },
      ]}
    />
  )
}
