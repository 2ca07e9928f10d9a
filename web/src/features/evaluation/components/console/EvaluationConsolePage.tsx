import { useEffect, useMemo, useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Skeleton,
  Space,
  Steps,
} from 'antd'
import {
  DownloadOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  GlobalOutlined,
  PlusOutlined,
  TeamOutlined,
} from '@ant-design/icons'
import { PageHeader } from '@/components/PageHeader'
import { StatusTag } from '@/components/StatusTag'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { errorMessage } from '@/lib/api'
import { notifyError, notifySuccess } from '@/lib/notify'
import { useCurrentJurisdiction } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import {
  download,
  resultXlsxUrl,
  useCheckInAll,
  useCreateEvaluation,
  useCycleEvaluations,
  useCycleProjects,
  useCycles,
  useResult,
  useStep,
  yearEndUrl,
  type Evaluation,
  type ResultRow,
  type Step,
} from '../../api/evaluation'
import { useEvaluationT } from '../../i18n'
import { SatisfactionChart } from '../SatisfactionChart'
import '../evaluation.css'

const LIFECYCLE = ['draft', 'open', 'closed', 'certified', 'published'] as const
const EVALUABLE = ['implementing', 'evaluating', 'closed']

/**
 * The staff console of the satisfaction evaluation: pick the year, create the evaluation, check
 * deputies in (here for everyone at once, or at the ballot feature's check-in desk), open, close,
 * certify, publish; then the result per project as a chart with the threshold and as a table,
 * with Excel exports and the year-end report.
 */
export default function EvaluationConsolePage() {
  const { t } = useEvaluationT()
  const { current } = useCurrentJurisdiction()
  const cycles = useCycles(current?.id)
  const [params, setParams] = useSearchParams()
  const candidates = useMemo(
    () => (cycles.data?.items ?? []).filter((c) => EVALUABLE.includes(c.phase)),
    [cycles.data],
  )
  const cid = params.get('cycle') ?? candidates[0]?.id
  const evaluations = useCycleEvaluations(cid)
  const [creating, setCreating] = useState(false)
  const items = evaluations.data?.items ?? []
  const chosen = items.find((e) => e.id === params.get('evaluation')) ?? items.at(-1)

  return (
    <div>
      <PageHeader title={t('console.title')} description={t('console.lead')} />
      <div className="ev-toolbar">
        <label htmlFor="ev-cycle">{t('console.cycle')}</label>
        <Select
          id="ev-cycle"
          style={{ minWidth: 280 }}
          placeholder={t('console.pickCycle')}
          loading={cycles.isPending}
          value={cid}
          options={candidates.map((c) => ({ value: c.id, label: `${c.year} · ${c.title}` }))}
          onChange={(v) =>
            setParams((p) => {
              p.set('cycle', v)
              p.delete('evaluation')
              return p
            })
          }
        />
        {cid && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('console.create')}
          </Button>
        )}
        {cid && (
          <>
            <Button
              icon={<FilePdfOutlined />}
              onClick={() => download(yearEndUrl(cid, 'pdf'), 'year-end.pdf').catch(notifyError)}
            >
              {t('console.yearEndPdf')}
            </Button>
            <Button
              icon={<FileExcelOutlined />}
              onClick={() => download(yearEndUrl(cid, 'xlsx'), 'year-end.xlsx').catch(notifyError)}
            >
              {t('console.yearEndXlsx')}
            </Button>
          </>
        )}
      </div>
      {cycles.isSuccess && candidates.length === 0 && <Empty description={t('console.noCycle')} />}
      {evaluations.isPending && cid && <Skeleton active />}
      {evaluations.data && items.length === 0 && <Empty description={t('console.noEvaluations')} />}
      {items.length > 1 && (
        <Space wrap style={{ marginBottom: 12 }}>
          {items.map((e) => (
            <Button
              key={e.id}
              type={e.id === chosen?.id ? 'primary' : 'default'}
              ghost={e.id === chosen?.id}
              onClick={() =>
                setParams((p) => {
                  p.set('evaluation', e.id)
                  return p
                })
              }
            >
              {e.title}
            </Button>
          ))}
        </Space>
      )}
      {chosen && <EvaluationCard key={chosen.id} e={chosen} />}
      {cid && creating && <CreateModal cid={cid} onClose={() => setCreating(false)} />}
    </div>
  )
}

function EvaluationCard({ e }: { e: Evaluation }) {
  const { t } = useEvaluationT()
  const fmt = useFormat()
  const { modal } = App.useApp()
  const step = useStep(e.id)
  const checkInAll = useCheckInAll(e.id)
  const counted = ['closed', 'certified', 'published'].includes(e.state)
  const result = useResult(e.id, counted)
  const threshold = e.rules.satisfactionThreshold
    ? (Number(e.rules.satisfactionThreshold) * 100).toFixed(1)
    : '80.0'

  const run = (s: Step) =>
    modal.confirm({
      title: t(`console.${s}`),
      content: t(`console.${s}Confirm`),
      okText: t(`console.${s}`),
      cancelText: t('common.cancel'),
      onOk: () =>
        step.mutateAsync(s).then(
          () => notifySuccess(t('console.done')),
          (err) => notifyError(err),
        ),
    })

  const actions = (() => {
    switch (e.state) {
      case 'draft':
        return (
          <>
            <Button
              icon={<TeamOutlined />}
              loading={checkInAll.isPending}
              onClick={() =>
                modal.confirm({
                  title: t('console.checkInAll'),
                  content: t('console.checkInAllConfirm'),
                  cancelText: t('common.cancel'),
                  onOk: () => checkInAll.mutateAsync().catch(notifyError),
                })
              }
            >
              {t('console.checkInAll')}
            </Button>
            <Button type="primary" onClick={() => run('open')}>
              {t('console.open')}
            </Button>
          </>
        )
      case 'open':
        return (
          <Button type="primary" danger onClick={() => run('close')}>
            {t('console.close')}
          </Button>
        )
      case 'closed':
        return (
          <Button type="primary" onClick={() => run('certify')}>
            {t('console.certify')}
          </Button>
        )
      case 'certified':
        return (
          <Button type="primary" onClick={() => run('publish')}>
            {t('console.publish')}
          </Button>
        )
      case 'published':
        return (
          <>
            <Link to={`/public/year-end/${e.cycleId}`}>
              <GlobalOutlined aria-hidden="true" /> {t('console.publicLink')}
            </Link>
            <Link to={`/console/rectifications?cycle=${e.cycleId}`}>
              {t('console.rectificationsLink')}
            </Link>
          </>
        )
    }
  })()

  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="evaluation-title">{e.title}</span>
          <StatusTag kind="voteStatus" value={e.state} />
        </Space>
      }
    >
      <Steps
        size="small"
        current={LIFECYCLE.indexOf(e.state)}
        items={LIFECYCLE.map((s) => ({ title: t(`state.${s}`) }))}
        style={{ marginBottom: 16 }}
      />
      <p className="ev-figures" data-testid="evaluation-turnout">
        {t('console.turnout', {
          entitled: fmt.count(e.turnout.entitled),
          present: fmt.count(e.turnout.present),
          voted: fmt.count(e.turnout.voted),
        })}
      </p>
      <p className="ev-rules">
        {t('console.rules', {
          comparison: t(`comparison.${e.rules.comparison ?? 'reach'}`),
          basis: t(`basis.${e.rules.basis === 'valid' ? 'valid' : 'all'}`),
          threshold,
        })}{' '}
        {e.rules.frozen && t('console.rulesFrozen')}
      </p>
      <Space wrap style={{ margin: '12px 0' }}>
        {(e.state === 'draft' || e.state === 'open') && (
          <>
            <Link to={`/console/votes/${e.id}?tab=checkin`}>{t('console.checkInDesk')}</Link>
            <Link to={`/console/votes/${e.id}?tab=roster`}>{t('console.roster')}</Link>
          </>
        )}
        {actions}
      </Space>
      {step.error && <Alert type="error" showIcon title={errorMessage(step.error)} />}
      {!counted && <Alert type="info" showIcon title={t('console.sealed')} />}
      {counted && result.isPending && <Skeleton active />}
      {result.error && <Alert type="error" showIcon title={errorMessage(result.error)} />}
      {counted && result.data && <ResultView eid={e.id} r={result.data} />}
    </Card>
  )
}

function ResultView({
  eid,
  r,
}: {
  eid: string
  r: NonNullable<ReturnType<typeof useResult>['data']>
}) {
  const { t } = useEvaluationT()
  const fmt = useFormat()
  const columns: DataTableColumn<ResultRow>[] = [
    { title: t('console.project'), dataIndex: 'title', key: 'title' },
    { title: t('console.unitCol'), dataIndex: 'responsibleUnit', key: 'unit' },
    { title: t('console.satisfied'), dataIndex: 'satisfied', key: 's', align: 'right' },
    { title: t('console.basically'), dataIndex: 'basically', key: 'b', align: 'right' },
    { title: t('console.dissatisfied'), dataIndex: 'dissatisfied', key: 'd', align: 'right' },
    { title: t('console.abstain'), dataIndex: 'abstain', key: 'a', align: 'right' },
    {
      title: t('console.rate'),
      key: 'rate',
      align: 'right',
      sorter: (a, b) => Number(a.ratePercent ?? -1) - Number(b.ratePercent ?? -1),
      exportValue: (row) => (row.ratePercent === null ? '' : Number(row.ratePercent)),
      render: (_, row) => (
        <span className={row.belowThreshold ? 'ev-below' : undefined}>
          {row.ratePercent === null ? '—' : `${row.ratePercent}%`}
        </span>
      ),
    },
    {
      title: t('console.exact'),
      key: 'exact',
      exportValue: (row) => (row.rate ? `${row.rate.numerator}/${row.rate.denominator}` : ''),
      render: (_, row) => (row.rate ? `${row.rate.numerator}/${row.rate.denominator}` : '—'),
    },
    {
      title: t('console.gradeCol'),
      key: 'grade',
      exportValue: (row) => (row.grade ? t(`grade.${row.grade}`) : ''),
      render: (_, row) =>
        row.grade ? <StatusTag kind="satisfactionGrade" value={row.grade} /> : t('grade.none'),
    },
    {
      title: t('console.rectify'),
      key: 'rectify',
      exportValue: (row) => (row.rectify ? t('console.rectifyYes') : ''),
      render: (_, row) => (row.rectify ? t('console.rectifyYes') : t('console.rectifyNo')),
    },
  ]
  return (
    <section aria-label={t('console.result')} style={{ marginTop: 16 }}>
      <p className="ev-figures">
        <span data-testid="result-summary">{t('console.summary', r.summary)}</span>
        <span>
          {t('console.ballots', {
            valid: fmt.count(r.ballots.valid),
            invalid: fmt.count(r.ballots.invalid),
          })}
        </span>
      </p>
      <SatisfactionChart
        title={t('console.chartTitle')}
        rows={r.rows}
        thresholdPercent={r.rule.thresholdPercent}
      />
      <p className="ev-rules">{t('console.rounding')}</p>
      <DataTable
        columns={columns}
        dataSource={r.rows}
        rowKey="candidateId"
        exportName={r.title}
        searchable={false}
        toolbar={
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              download(resultXlsxUrl(eid), 'evaluation-result.xlsx').catch(notifyError)
            }
          >
            {t('console.exportExcel')}
          </Button>
        }
      />
      {r.chainHead && (
        <p className="ev-muted">
          {t('console.chainHead')}：<code>{r.chainHead}</code>
        </p>
      )}
    </section>
  )
}

function CreateModal({ cid, onClose }: { cid: string; onClose: () => void }) {
  const { t } = useEvaluationT()
  const projects = useCycleProjects(cid)
  const create = useCreateEvaluation(cid)
  const [form] = Form.useForm<{ title?: string; projectIds: string[] }>()
  const all = projects.data?.items ?? []
  useEffect(() => {
    if (all.length)
      form.setFieldValue(
        'projectIds',
        all.map((p) => p.id),
      )
  }, [all, form])
  return (
    <Modal
      open
      title={t('console.createTitle')}
      onCancel={onClose}
      okText={t('console.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() =>
        form.validateFields().then((v) =>
          create.mutate(
            {
              ...(v.title ? { title: v.title } : {}),
              ...(v.projectIds.length !== all.length ? { projectIds: v.projectIds } : {}),
            },
            { onSuccess: onClose },
          ),
        )
      }
    >
      <p className="ev-muted">{t('console.createHint')}</p>
      <Form form={form} layout="vertical">
        <Form.Item name="title" label={t('console.titleLabel')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="projectIds"
          label={t('console.projectsLabel')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Checkbox.Group
            style={{ display: 'grid', gap: 6 }}
            options={all.map((p) => ({ value: p.id, label: p.title }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
