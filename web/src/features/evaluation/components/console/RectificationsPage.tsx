import { useMemo, useState } from 'react'
import { useSearchParams } from 'react-router'
import {
  Alert,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Segmented,
  Select,
  Skeleton,
  Space,
  Tag,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { PageHeader } from '@/components/PageHeader'
import { StatusTag } from '@/components/StatusTag'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useCurrentJurisdiction } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import {
  useActOnRectification,
  useCycles,
  useRectification,
  useRectifications,
  type RectAction,
  type Rectification,
  type RectScope,
} from '../../api/evaluation'
import { useEvaluationT } from '../../i18n'
import '../evaluation.css'

const FILTERS = ['unfinished', 'all', 'open', 'answered', 'verified', 'closed'] as const

/**
 * Rectification items (整改): staff see the year's items and verify, send back, close; a unit
 * (mode "unit") sees its own items and reports its measures. A list with search and Excel
 * export; each item opens a drawer with its requirement, history and the caller's actions.
 */
export function RectificationsView({ mode }: { mode: 'staff' | 'unit' }) {
  const { t } = useEvaluationT()
  const fmt = useFormat()
  const { current } = useCurrentJurisdiction()
  const [params, setParams] = useSearchParams()
  const cycles = useCycles(mode === 'staff' ? current?.id : undefined)
  const cycleOptions = (cycles.data?.items ?? []).filter((c) =>
    ['implementing', 'evaluating', 'closed'].includes(c.phase),
  )
  const cid = params.get('cycle') ?? cycleOptions[0]?.id
  const scope: RectScope | undefined =
    mode === 'unit' ? { kind: 'mine' } : cid ? { kind: 'cycle', cid } : undefined
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('unfinished')
  const list = useRectifications(scope, filter)
  const [open, setOpen] = useState<string>()

  const columns: DataTableColumn<Rectification>[] = useMemo(
    () => [
      { title: t('rect.project'), dataIndex: 'projectTitle', key: 'p' },
      { title: t('rect.unit'), dataIndex: 'responsibleUnit', key: 'u' },
      {
        title: t('rect.reason'),
        key: 'reason',
        exportValue: (r) => reasonText(t, r),
        render: (_, r) => (
          <Space size={4} wrap>
            <StatusTag kind="satisfactionGrade" value={r.grade} />
            <span>{reasonText(t, r)}</span>
          </Space>
        ),
      },
      {
        title: t('rect.state'),
        key: 'state',
        exportValue: (r) => t(`rectState.${r.state}`),
        render: (_, r) => <StatusTag kind="rectificationState" value={r.state} />,
      },
      {
        title: t('rect.deadline'),
        key: 'deadline',
        exportValue: (r) => r.deadline ?? '',
        render: (_, r) => (
          <Space size={4}>
            <span>{fmt.date(r.deadline)}</span>
            {r.overdue && <Tag color="red">{t('rect.overdue')}</Tag>}
          </Space>
        ),
      },
      {
        title: '',
        key: 'open',
        exportValue: false,
        render: (_, r) => (
          <Button
            size="small"
            type={r.actions.length ? 'primary' : 'default'}
            onClick={() => setOpen(r.id)}
          >
            {r.actions.length ? t(`rect.action.${r.actions[0] as RectAction}`) : t('rect.detail')}
          </Button>
        ),
      },
    ],
    [t, fmt],
  )

  return (
    <div>
      <PageHeader
        title={mode === 'unit' ? t('rect.unitTitle') : t('rect.title')}
        description={mode === 'unit' ? t('rect.unitLead') : t('rect.lead')}
      />
      {list.error && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <DataTable
        columns={columns}
        dataSource={list.data?.items}
        loading={list.isPending && !!scope}
        rowKey="id"
        exportName={t('rect.title')}
        filters={
          <>
            {mode === 'staff' && (
              <Select
                aria-label={t('console.cycle')}
                style={{ minWidth: 240 }}
                value={cid}
                options={cycleOptions.map((c) => ({
                  value: c.id,
                  label: `${c.year} · ${c.title}`,
                }))}
                onChange={(v) =>
                  setParams((p) => {
                    p.set('cycle', v)
                    return p
                  })
                }
              />
            )}
            <Segmented
              aria-label={t('rect.state')}
              value={filter}
              onChange={(v) => setFilter(v as (typeof FILTERS)[number])}
              options={FILTERS.map((f) => ({ value: f, label: t(`rect.filter.${f}`) }))}
            />
          </>
        }
      />
      <Drawer
        open={!!open}
        onClose={() => setOpen(undefined)}
        title={t('rect.detail')}
        size="large"
        destroyOnHidden
      >
        {open && <RectificationDetail rid={open} onDone={() => setOpen(undefined)} />}
      </Drawer>
    </div>
  )
}

type T = ReturnType<typeof useEvaluationT>['t']
function reasonText(
  t: T,
  r: Pick<Rectification, 'belowThreshold' | 'gradedDissatisfied' | 'ratePercent'>,
) {
  return [
    r.belowThreshold ? t('rect.reasonBelow', { rate: r.ratePercent }) : null,
    r.gradedDissatisfied ? t('rect.reasonDissatisfied') : null,
  ]
    .filter(Boolean)
    .join('；')
}

function RectificationDetail({ rid, onDone }: { rid: string; onDone: () => void }) {
  const { t } = useEvaluationT()
  const fmt = useFormat()
  const q = useRectification(rid)
  const act = useActOnRectification(rid)
  const [action, setAction] = useState<RectAction>()
  const [form] = Form.useForm<{
    measures?: string
    note?: string
    requirement?: string
    deadline?: Dayjs
  }>()
  const r = q.data
  if (q.isPending) return <Skeleton active />
  if (q.error || !r) return <Alert type="error" showIcon title={errorMessage(q.error)} />
  const chosen = action ?? (r.actions[0] as RectAction | undefined)

  const submit = (values: {
    measures?: string
    note?: string
    requirement?: string
    deadline?: Dayjs
  }) =>
    act.mutate(
      {
        action: chosen!,
        body: {
          measures: values.measures,
          note: values.note,
          requirement: values.requirement,
          deadline: values.deadline ? values.deadline.format('YYYY-MM-DD') : undefined,
        },
      },
      {
        onSuccess: () => {
          notifySuccess(t('console.done'))
          onDone()
        },
      },
    )

  return (
    <div>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('rect.project')}>{r.projectTitle}</Descriptions.Item>
        <Descriptions.Item label={t('rect.unit')}>{r.responsibleUnit}</Descriptions.Item>
        <Descriptions.Item label={t('rect.reason')}>
          <Space size={4} wrap>
            <StatusTag kind="satisfactionGrade" value={r.grade} />
            {reasonText(t, r)}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('rect.state')}>
          <StatusTag kind="rectificationState" value={r.state} />
        </Descriptions.Item>
        <Descriptions.Item label={t('rect.deadline')}>
          {fmt.date(r.deadline)} {r.overdue && <Tag color="red">{t('rect.overdue')}</Tag>}
        </Descriptions.Item>
        {r.requirement && (
          <Descriptions.Item label={t('rect.requirement')}>{r.requirement}</Descriptions.Item>
        )}
        {r.measures && (
          <Descriptions.Item label={t('rect.measures')}>{r.measures}</Descriptions.Item>
        )}
        {r.verificationNote && (
          <Descriptions.Item label={t('rect.verificationNote')}>
            {r.verificationNote}
          </Descriptions.Item>
        )}
      </Descriptions>

      {chosen && (
        <section style={{ marginTop: 20 }} aria-label={t(`rect.action.${chosen}`)}>
          {r.actions.length > 1 && (
            <Segmented
              style={{ marginBottom: 12 }}
              value={chosen}
              onChange={(v) => {
                act.reset()
                setAction(v as RectAction)
              }}
              options={r.actions.map((a) => ({
                value: a,
                label: t(`rect.action.${a as RectAction}`),
              }))}
            />
          )}
          <Form form={form} layout="vertical" onFinish={submit} key={chosen}>
            {chosen === 'answer' && (
              <Form.Item
                name="measures"
                label={t('rect.form.measures')}
                extra={t('rect.form.measuresHint')}
                rules={[{ required: true, whitespace: true, message: t('rect.form.required') }]}
              >
                <Input.TextArea rows={6} maxLength={5000} showCount />
              </Form.Item>
            )}
            {chosen === 'assign' && (
              <Form.Item name="requirement" label={t('rect.form.requirement')}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            )}
            {(chosen === 'verify' || chosen === 'close') && (
              <Form.Item name="note" label={t('rect.form.note')}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            )}
            {(chosen === 'send_back' || chosen === 'reopen') && (
              <Form.Item
                name="note"
                label={t('rect.form.reason')}
                rules={[{ required: true, whitespace: true, message: t('rect.form.required') }]}
              >
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            )}
            {(chosen === 'assign' || chosen === 'send_back' || chosen === 'reopen') && (
              <Form.Item name="deadline" label={t('rect.form.deadline')}>
                <DatePicker />
              </Form.Item>
            )}
            {act.error && (
              <Alert
                type="error"
                showIcon
                role="alert"
                title={errorMessage(act.error)}
                style={{ marginBottom: 12 }}
              />
            )}
            <Button type="primary" htmlType="submit" size="large" loading={act.isPending}>
              {t(`rect.action.${chosen}`)}
            </Button>
          </Form>
        </section>
      )}

      <h3 style={{ marginTop: 24 }}>{t('rect.history')}</h3>
      <ol className="ev-history">
        {r.events.map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{fmt.dateTime(e.at)}</time>
            <strong>
              {t(`rect.action.${e.action as RectAction}`, { defaultValue: e.action })}
            </strong>
            {' · '}
            {e.actorName ?? t(`rect.role.${e.actorRole as 'staff'}`, { defaultValue: e.actorRole })}
            {e.deadline && ` · ${t('rect.deadline')} ${fmt.date(e.deadline)}`}
            {e.note && <div>{e.note}</div>}
          </li>
        ))}
      </ol>
    </div>
  )
}

export default function StaffRectificationsPage() {
  return <RectificationsView mode="staff" />
}
