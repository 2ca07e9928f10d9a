import { useState } from 'react'
import { Link, useParams } from 'react-router'
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Progress,
  Result,
  Row,
  Skeleton,
  Space,
} from 'antd'
import { useCyclesT } from '../../i18n'
import { PageHeader } from '@/components/PageHeader'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { applyApiIssues } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { useCycle, useUpdateCycle, type Cycle } from '../../api/cycles'
import { isListLocked } from '../../lib/labels'
import { CycleFormFields, inputOf, valuesOf, type CycleFormValues } from './CycleForm'
import { PhaseBar } from './PhaseBar'
import './console.css'

function SettingsCard({ cycle }: { cycle: Cycle }) {
  const { t } = useCyclesT()
  const [form] = Form.useForm<CycleFormValues>()
  const update = useUpdateCycle(cycle.id)
  const [error, setError] = useState<string>()
  const closed = cycle.phase === 'closed'
  const voteLocked = isListLocked(cycle.phase)
  const evaluationLocked = cycle.phase === 'evaluating' || closed

  async function submit() {
    const values = await form.validateFields()
    setError(undefined)
    try {
      await update.mutateAsync(inputOf(values))
      notifySuccess(t('cycles.saved'))
    } catch (e) {
      applyApiIssues(form, e)
      setError(errorMessage(e))
    }
  }

  return (
    <Card title={<h2 className="cy-card-title">{t('cycles.settingsTitle')}</h2>}>
      <div aria-live="assertive">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      </div>
      {voteLocked && !closed && (
        <Alert
          type="info"
          showIcon
          className="cy-info"
          title={t('cycles.form.voteLockedNote')}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<CycleFormValues>
        // A fresh form whenever the server's copy changes (after a save or a phase change).
        key={cycle.updatedAt}
        form={form}
        layout="vertical"
        initialValues={valuesOf(cycle)}
        disabled={closed}
        onFinish={() => void submit().catch(() => {})}
      >
        <CycleFormFields form={form} voteLocked={voteLocked} evaluationLocked={evaluationLocked} />
        {!closed && (
          <Space>
            <Button type="primary" htmlType="submit" loading={update.isPending}>
              {t('common.save')}
            </Button>
            <Button htmlType="button" onClick={() => form.resetFields()}>
              {t('cycles.form.reset')}
            </Button>
          </Space>
        )}
      </Form>
    </Card>
  )
}

function SummaryCard({ cycle }: { cycle: Cycle }) {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const met = cycle.candidateCount >= cycle.requiredCandidates
  const percent = Math.min(
    100,
    Math.round((cycle.candidateCount / Math.max(1, cycle.requiredCandidates)) * 100),
  )
  return (
    <Card title={<h2 className="cy-card-title">{t('cycles.summaryTitle')}</h2>}>
      <div className="cy-margin">
        <div className="cy-margin__numbers ms-num">
          <strong>{fmt.count(cycle.candidateCount)}</strong>
          <span>/ {t('cycles.atLeast', { n: fmt.count(cycle.requiredCandidates) })}</span>
        </div>
        <Progress
          percent={percent}
          showInfo={false}
          status={met ? 'success' : 'active'}
          aria-label={t('cycles.countOfRequired', {
            actual: fmt.count(cycle.candidateCount),
            required: fmt.count(cycle.requiredCandidates),
          })}
        />
        <p className="cy-muted">
          {met
            ? t('cycles.marginMet')
            : t('cycles.marginShort', {
                n: fmt.count(cycle.requiredCandidates - cycle.candidateCount),
              })}
        </p>
      </div>
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'accepting',
            label: t('cycles.accepting'),
            children: cycle.acceptingSuggestions
              ? t('cycles.acceptingYes')
              : t('cycles.acceptingNo'),
          },
          {
            key: 'deadline',
            label: t('cycles.fields.solicitationDeadline'),
            children: fmt.date(cycle.solicitationDeadline),
          },
          {
            key: 'locked',
            label: t('cycles.lockedAt'),
            children: cycle.candidatesLockedAt
              ? `${fmt.dateTime(cycle.candidatesLockedAt)}（${t('cycles.listVersion', { n: cycle.listVersion })}）`
              : '—',
          },
        ]}
      />
      <Space wrap className="cy-summary-links">
        <Link to={`/console/suggestions?cycle=${cycle.id}`}>{t('cycles.goInbox')}</Link>
        <Link to={`/console/candidates?cycle=${cycle.id}`}>{t('cycles.goCandidates')}</Link>
        <a href={`/public/suggest?j=${cycle.jurisdictionId}`} target="_blank" rel="noreferrer">
          {t('cycles.goPublic')}
        </a>
      </Space>
    </Card>
  )
}

/** 年度设置: one cycle's phase bar, settings (with the implied candidate count) and summary. */
export default function CyclePage() {
  const { t } = useCyclesT()
  const { cid } = useParams()
  const cycle = useCycle(cid)

  if (cycle.isPending) return <Skeleton active />
  if (cycle.error)
    return (
      <Result
        status="warning"
        title={errorMessage(cycle.error)}
        extra={<Link to="/console/cycles">{t('cycles.backToList')}</Link>}
      />
    )
  const c = cycle.data
  return (
    <>
      <PageHeader
        title={
          <span className="cy-title">
            {c.title} <StatusTag kind="cyclePhase" value={c.phase} />
          </span>
        }
        description={t('cycles.pageIntro')}
        extra={<Link to="/console/cycles">{t('cycles.backToList')}</Link>}
      />
      <Card className="cy-gap">
        <PhaseBar cycle={c} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <SettingsCard cycle={c} />
        </Col>
        <Col xs={24} xl={8}>
          <SummaryCard cycle={c} />
        </Col>
      </Row>
    </>
  )
}
