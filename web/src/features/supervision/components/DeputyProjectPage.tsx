import { useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  Select,
  Skeleton,
  Space,
  Upload,
} from 'antd'
import { ArrowLeftOutlined, CameraOutlined, EyeOutlined, FlagOutlined } from '@ant-design/icons'
import type { UploadFile } from 'antd'
import dayjs from 'dayjs'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { applyApiIssues } from '@/lib/forms'
import { notifyError, notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import {
  uploadInspectionPhoto,
  useClose,
  useGroup,
  useInspections,
  useProject,
  useProjectIssues,
  useRaiseIssue,
  useRecordInspection,
  useVerify,
  type Issue,
} from '../api/supervision'
import { useSupervisionT } from '../i18n'
import './supervision.css'

/** A supervised project on the phone: record an inspection, raise issues, verify and close them. */
export default function DeputyProjectPage() {
  const { pid } = useParams()
  const { t } = useSupervisionT()
  const fmt = useFormat()
  const project = useProject(pid)
  const issues = useProjectIssues(pid)
  const inspections = useInspections(pid)
  const [drawer, setDrawer] = useState<'inspect' | 'raise'>()
  if (project.isPending) return <Skeleton active />
  if (project.isError) return <Alert type="error" showIcon message={errorMessage(project.error)} />
  const { project: p, summary, can } = project.data
  return (
    <div className="sv">
      <Link to="/deputy/supervision">
        <ArrowLeftOutlined /> {t('project.back')}
      </Link>
      <h1>{p.title}</h1>
      <div className="sv-row">
        <StatusTag kind="projectStatus" value={summary.status} />
        <span>{p.responsibleUnit}</span>
      </div>
      <Card size="small" style={{ marginTop: 12 }}>
        <div className="sv-row">
          <span className="sv-bar" aria-hidden="true">
            <span style={{ width: `${summary.percentComplete ?? 0}%` }} />
          </span>
          <span>
            {t('project.percent')}{' '}
            {summary.percentComplete === null ? '—' : `${summary.percentComplete}%`}
          </span>
          <span>
            {t('project.milestones')} {summary.milestonesDone}/{summary.milestonesTotal}
          </span>
          {summary.missedMilestones > 0 && (
            <span className="sv-alert">
              {t('project.missed')} {summary.missedMilestones}
            </span>
          )}
        </div>
      </Card>
      {(can.recordInspections || can.raiseIssues) && (
        <div className="sv-actions">
          <Button
            type="primary"
            icon={<EyeOutlined />}
            onClick={() => setDrawer('inspect')}
            disabled={!can.recordInspections}
          >
            {t('project.inspect')}
          </Button>
          <Button
            icon={<FlagOutlined />}
            onClick={() => setDrawer('raise')}
            disabled={!can.raiseIssues}
          >
            {t('project.raise')}
          </Button>
        </div>
      )}

      <h2 className="sv-section">{t('project.issues')}</h2>
      {issues.isPending ? (
        <Skeleton active />
      ) : issues.data?.items.length ? (
        <ul className="sv-cards">
          {issues.data.items.map((i) => (
            <li key={i.id}>
              <IssueCard issue={i} />
            </li>
          ))}
        </ul>
      ) : (
        <Empty description={t('project.noIssues')} />
      )}

      <h2 className="sv-section">{t('project.inspections')}</h2>
      {inspections.data?.items.length ? (
        <ul className="sv-cards">
          {inspections.data.items.map((i) => (
            <li key={i.id} className="sv-card">
              <span className="sv-row">
                <strong>{fmt.date(i.date)}</strong>
                <span>{i.participants.map((d) => d.displayName).join('、')}</span>
              </span>
              <span>{i.findings}</span>
              {i.photos.length > 0 && (
                <span className="sv-photos">
                  {i.photos.map((ph) => (
                    <a key={ph.id} href={ph.url} target="_blank" rel="noreferrer">
                      <img src={ph.thumbUrl} alt={ph.caption ?? fmt.date(i.date)} />
                    </a>
                  ))}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Empty description={t('project.noInspections')} />
      )}

      <Drawer
        open={drawer === 'inspect'}
        onClose={() => setDrawer(undefined)}
        title={t('inspection.title')}
        placement="bottom"
        height="88%"
        destroyOnHidden
      >
        <InspectionForm pid={p.id} onDone={() => setDrawer(undefined)} />
      </Drawer>
      <Drawer
        open={drawer === 'raise'}
        onClose={() => setDrawer(undefined)}
        title={t('raise.title')}
        placement="bottom"
        height="80%"
        destroyOnHidden
      >
        <RaiseForm
          pid={p.id}
          inspections={(inspections.data?.items ?? []).map((i) => ({
            id: i.id,
            label: `${fmt.date(i.date)} ${i.findings.slice(0, 20)}`,
          }))}
          onDone={() => setDrawer(undefined)}
        />
      </Drawer>
    </div>
  )
}

function IssueCard({ issue: i }: { issue: Issue }) {
  const { t } = useSupervisionT()
  const verify = useVerify()
  const close = useClose()
  const [sending, setSending] = useState(false)
  const [form] = Form.useForm<{ note: string; deadline: dayjs.Dayjs }>()
  const canClose = i.actions.includes('close')
  const canSendBack = i.actions.includes('send_back')
  return (
    <div className="sv-card sv-issue" data-testid={`issue-${i.seq}`}>
      <span className="sv-row">
        <strong>
          #{i.seq} {i.title}
        </strong>
        <StatusTag kind="issueState" value={i.state} />
      </span>
      <p>{i.description}</p>
      {i.unit && (
        <span className="sv-row">
          {t('issue.unit')}：{i.unit.name}
          {i.deadline && i.state === 'assigned' && (
            <span>{t('issue.deadline', { date: i.deadline })}</span>
          )}
        </span>
      )}
      {i.answer && i.state !== 'assigned' && (
        <p className="sv-answer">
          <strong>{t('issue.answer')}：</strong>
          {i.answer}
        </p>
      )}
      {(canClose || canSendBack) && !sending && (
        <div className="sv-issue__buttons">
          {canClose && (
            <Button
              type="primary"
              loading={close.isPending}
              onClick={async () => {
                await close.mutateAsync({ iid: i.id })
                notifySuccess(t('issue.closed'))
              }}
            >
              {t('issue.verifyClose')}
            </Button>
          )}
          {canSendBack && <Button onClick={() => setSending(true)}>{t('issue.sendBack')}</Button>}
        </div>
      )}
      {sending && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 10 }}
          initialValues={{ deadline: dayjs().add(14, 'day') }}
          onFinish={async (v) => {
            await verify.mutateAsync({
              iid: i.id,
              accepted: false,
              note: v.note,
              deadline: v.deadline.format('YYYY-MM-DD'),
            })
            notifySuccess(t('issue.sentBack'))
            setSending(false)
          }}
        >
          <Form.Item
            name="note"
            label={t('issue.note')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="deadline" label={t('issue.newDeadline')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={verify.isPending}>
              {t('issue.sendBack')}
            </Button>
            <Button onClick={() => setSending(false)}>{t('common.cancel')}</Button>
          </Space>
        </Form>
      )}
    </div>
  )
}

function InspectionForm({ pid, onDone }: { pid: string; onDone: () => void }) {
  const { t } = useSupervisionT()
  const group = useGroup(pid)
  const record = useRecordInspection(pid)
  const [form] = Form.useForm<{ date: dayjs.Dayjs; participants: string[]; findings: string }>()
  const [files, setFiles] = useState<UploadFile[]>([])
  const [busy, setBusy] = useState(false)
  const members = group.data ? [group.data.leader, ...group.data.members].filter((m) => !!m) : []
  if (group.isPending) return <Skeleton active />
  return (
    <Form
      form={form}
      layout="vertical"
      size="large"
      initialValues={{ date: dayjs(), participants: members.map((m) => m!.deputyId) }}
      onFinish={async (v) => {
        setBusy(true)
        try {
          const r = await record.mutateAsync({
            date: v.date.format('YYYY-MM-DD'),
            participants: v.participants,
            findings: v.findings,
          })
          for (const f of files)
            if (f.originFileObj) await uploadInspectionPhoto(r.id, f.originFileObj)
          notifySuccess(t('inspection.saved'))
          onDone()
        } catch (e) {
          if (!applyApiIssues(form, e)) notifyError(e)
        } finally {
          setBusy(false)
        }
      }}
    >
      <Form.Item name="date" label={t('inspection.date')} rules={[{ required: true }]}>
        <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} style={{ width: '100%' }} />
      </Form.Item>
      <Form.Item
        name="participants"
        label={t('inspection.participants')}
        rules={[{ required: true }]}
      >
        <Checkbox.Group
          options={members.map((m) => ({ value: m!.deputyId, label: m!.displayName }))}
          style={{ display: 'grid', gap: 8 }}
        />
      </Form.Item>
      <Form.Item
        name="findings"
        label={t('inspection.findings')}
        extra={t('inspection.findingsHelp')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input.TextArea rows={5} maxLength={4000} />
      </Form.Item>
      <Form.Item label={t('inspection.photo')}>
        <Upload
          accept="image/jpeg,image/png,image/webp"
          listType="picture"
          maxCount={9}
          multiple
          fileList={files}
          beforeUpload={() => false}
          onChange={({ fileList }) => setFiles(fileList)}
        >
          <Button icon={<CameraOutlined />}>{t('inspection.photo')}</Button>
        </Upload>
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('inspection.save')}
      </Button>
    </Form>
  )
}

function RaiseForm({
  pid,
  inspections,
  onDone,
}: {
  pid: string
  inspections: { id: string; label: string }[]
  onDone: () => void
}) {
  const { t } = useSupervisionT()
  const raise = useRaiseIssue(pid)
  const [form] = Form.useForm<{ title: string; description: string; inspectionId?: string }>()
  return (
    <Form
      form={form}
      layout="vertical"
      size="large"
      initialValues={{ inspectionId: inspections[0]?.id }}
      onFinish={async (v) => {
        try {
          await raise.mutateAsync({
            title: v.title,
            description: v.description,
            ...(v.inspectionId ? { inspectionId: v.inspectionId } : {}),
          })
          notifySuccess(t('raise.saved'))
          onDone()
        } catch (e) {
          if (!applyApiIssues(form, e)) notifyError(e)
        }
      }}
    >
      <Form.Item
        name="title"
        label={t('raise.issueTitle')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('raise.description')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input.TextArea rows={5} maxLength={4000} />
      </Form.Item>
      {inspections.length > 0 && (
        <Form.Item name="inspectionId" label={t('raise.fromInspection')}>
          <Select
            allowClear
            placeholder={t('raise.none')}
            options={inspections.map((i) => ({ value: i.id, label: i.label }))}
          />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" block loading={raise.isPending}>
        {t('raise.submit')}
      </Button>
    </Form>
  )
}
