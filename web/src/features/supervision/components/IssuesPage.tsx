import { useMemo, useState } from 'react'
import { Link } from 'react-router'
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Modal, Select, Space } from 'antd'
import { DownloadOutlined } from '@ant-design/icons'
import dayjs from 'dayjs'
import { PageHeader } from '@/components/PageHeader'
import { pickCycle } from '@/components/CyclePicker'
import { StatusTag } from '@/components/StatusTag'
import { FlagChip } from '@/components/FlagChip'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useCurrentJurisdiction } from '@/lib/session'
import { statusLabelKey } from '@/lib/status'
import { useFormat } from '@/lib/use-format'
import {
  issuesXlsxUrl,
  useAssign,
  useCycleIssues,
  useCycles,
  usePublish,
  type CycleIssues,
  type IssueQuery,
} from '../api/supervision'
import { useSupervisionT } from '../i18n'
import './supervision.css'

type Row = CycleIssues['items'][number]
const STATES = ['raised', 'assigned', 'answered', 'verified', 'closed'] as const
const SOURCES = {
  deputy: '代表提出',
  inspection: '视察发现',
  public: '群众反映',
  staff: '工作人员',
} as const

/** 问题清单 (staff): every issue of a cycle with filters, 交办, 公示 and the Excel export. */
export default function IssuesPage() {
  const { t } = useSupervisionT()
  const fmt = useFormat()
  const { current } = useCurrentJurisdiction()
  const cycles = useCycles(current?.id)
  const items = useMemo(() => cycles.data?.items ?? [], [cycles.data])
  const [cid, setCid] = useState<string>()
  const cycle = pickCycle(items, cid, ['implementing', 'evaluating'])
  const [state, setState] = useState<IssueQuery['state']>('open')
  const [flag, setFlag] = useState<IssueQuery['flag']>()
  const query: IssueQuery = { ...(state ? { state } : {}), ...(flag ? { flag } : {}) }
  const issues = useCycleIssues(cycle?.id, query)
  const publish = usePublish()
  const assign = useAssign()
  const [assigning, setAssigning] = useState<Row>()
  const [form] = Form.useForm<{ deadline: dayjs.Dayjs; note?: string }>()

  const columns: DataTableColumn<Row>[] = [
    {
      title: t('list.project'),
      dataIndex: 'projectTitle',
      render: (v: string, r) => <Link to={`/projects/${r.projectId}`}>{v}</Link>,
    },
    { title: t('list.seq'), dataIndex: 'seq', width: 64, render: (n: number) => `#${n}` },
    { title: t('list.issueTitle'), dataIndex: 'title' },
    {
      title: t('list.state'),
      dataIndex: 'state',
      render: (s: Row['state']) => <StatusTag kind="issueState" value={s} />,
      exportValue: (r) => t(statusLabelKey('issueState', r.state), { ns: 'translation' }),
    },
    { title: t('list.unit'), dataIndex: ['unit', 'name'], render: (v?: string) => v ?? '—' },
    {
      title: t('list.deadline'),
      dataIndex: 'deadline',
      render: (d: string | null, r) => (
        <Space size={4} wrap>
          {d ?? '—'}
          {r.deadlineFlag && (
            <FlagChip danger={r.deadlineFlag !== 'due_soon'}>
              {t(`list.flags.${r.deadlineFlag}`)}
            </FlagChip>
          )}
        </Space>
      ),
      exportValue: (r) =>
        [r.deadline ?? '', r.deadlineFlag ? t(`list.flags.${r.deadlineFlag}`) : '']
          .join(' ')
          .trim(),
    },
    {
      title: t('list.raised'),
      dataIndex: 'createdAt',
      render: (d: string, r) =>
        `${fmt.date(d)} · ${SOURCES[r.source]}${r.raisedBy.name ? ` · ${r.raisedBy.name}` : ''}`,
    },
    {
      title: t('list.answer'),
      dataIndex: 'answer',
      render: (a: string | null) => a ?? '—',
      ellipsis: true,
    },
    {
      title: '',
      key: 'act',
      exportValue: false,
      render: (_, r) => (
        <Space wrap>
          {r.actions.includes('assign') && (
            <Button
              size="small"
              type={r.state === 'raised' ? 'primary' : 'default'}
              onClick={() => setAssigning(r)}
            >
              {r.state === 'raised' ? t('issue.assign') : t('issue.reassign')}
            </Button>
          )}
          <Button
            size="small"
            onClick={async () => {
              await publish.mutateAsync({ iid: r.id, published: !r.published })
              notifySuccess(t('issue.published'))
            }}
          >
            {r.published ? t('issue.unpublish') : t('issue.publish')}
          </Button>
        </Space>
      ),
    },
  ]

  return (
    <>
      <PageHeader
        title={t('list.title')}
        description={`${current?.name ?? ''} · ${t('list.intro')}`}
        extra={
          <Space wrap>
            <Select
              aria-label={t('list.cycle')}
              style={{ minWidth: 220 }}
              value={cycle?.id}
              onChange={setCid}
              loading={cycles.isPending}
              options={items.map((c) => ({ value: c.id, label: `${c.year} · ${c.title}` }))}
            />
            {cycle && (
              <Button
                type="primary"
                icon={<DownloadOutlined />}
                href={issuesXlsxUrl(cycle.id, state)}
              >
                {t('list.exportXlsx')}
              </Button>
            )}
          </Space>
        }
      />
      {cycles.isSuccess && !cycle && <Empty />}
      {issues.isError && <Alert type="error" showIcon message={errorMessage(issues.error)} />}
      {cycle && (
        <Card>
          <DataTable
            columns={columns}
            dataSource={issues.data?.items}
            loading={issues.isFetching}
            rowKey="id"
            exportName={t('list.title')}
            filters={
              <Space wrap>
                <Select
                  allowClear
                  aria-label={t('list.state')}
                  placeholder={t('list.state')}
                  style={{ width: 130 }}
                  value={state}
                  onChange={setState}
                  options={[
                    { value: 'open', label: t('list.open') },
                    ...STATES.map((s) => ({
                      value: s,
                      label: t(statusLabelKey('issueState', s), { ns: 'translation' }),
                    })),
                  ]}
                />
                <Select
                  allowClear
                  aria-label={t('list.flag')}
                  placeholder={t('list.flag')}
                  style={{ width: 150 }}
                  value={flag}
                  onChange={setFlag}
                  options={(['due_soon', 'overdue', 'escalated', 'late'] as const).map((f) => ({
                    value: f,
                    label: t(`list.flags.${f}`),
                  }))}
                />
              </Space>
            }
          />
        </Card>
      )}
      <Modal
        open={!!assigning}
        title={`${t('issue.assign')} · ${assigning?.title ?? ''}`}
        onCancel={() => setAssigning(undefined)}
        onOk={() => form.submit()}
        confirmLoading={assign.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ deadline: dayjs().add(14, 'day') }}
          onFinish={async (v) => {
            await assign.mutateAsync({
              iid: assigning!.id,
              deadline: v.deadline.format('YYYY-MM-DD'),
              ...(v.note ? { note: v.note } : {}),
            })
            notifySuccess(t('issue.assigned'))
            setAssigning(undefined)
          }}
        >
          <Form.Item name="deadline" label={t('list.deadline')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="note" label={t('issue.assignNote')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  )
}
