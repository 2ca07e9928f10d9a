import { useEffect, useState } from 'react'
import {
  Alert,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Radio,
  Select,
  Skeleton,
  Space,
} from 'antd'
import { useCyclesT } from '../../i18n'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { applyApiIssues } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { useCandidates } from '../../api/candidates'
import {
  useInbox,
  useRecordOutcome,
  useSuggestion,
  type OutcomeInput,
  type Suggestion,
} from '../../api/suggestions'

interface Values {
  outcome: OutcomeInput['outcome']
  candidateId?: string
  mergedIntoId?: string
  reply?: string
}

const NO_FILTERS = {}

/** Who sent it: the deputy's or unit's name, or the kind of source. */
export function useSourceLabel() {
  const { t } = useCyclesT()
  return (s: Suggestion) =>
    s.deputy
      ? `${t('suggestions.source.deputy')}·${s.deputy.displayName}`
      : s.unit
        ? `${t('suggestions.source.unit')}·${s.unit.name}`
        : t(`suggestions.source.${s.source}`)
}

/** 办理: a suggestion in full, and its outcome (采纳 → candidate / 合并 / 不予采纳 + reason). */
export function OutcomeDrawer({
  cycleId,
  suggestionId,
  readOnly,
  onClose,
}: {
  cycleId: string
  suggestionId: string | undefined
  readOnly: boolean
  onClose: () => void
}) {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const sourceLabel = useSourceLabel()
  const suggestion = useSuggestion(suggestionId)
  const candidates = useCandidates(suggestionId ? cycleId : undefined)
  const all = useInbox(suggestionId ? cycleId : undefined, NO_FILTERS)
  const record = useRecordOutcome()
  const [form] = Form.useForm<Values>()
  const outcome = Form.useWatch('outcome', form)
  const [error, setError] = useState<string>()
  const s = suggestion.data

  useEffect(() => {
    setError(undefined)
  }, [suggestionId])

  const others = (all.data?.pages.flatMap((p) => p.items) ?? []).filter(
    (o) => o.id !== suggestionId && o.outcome !== 'merged',
  )

  async function submit() {
    if (!suggestionId) return
    const v = await form.validateFields()
    setError(undefined)
    const reply = v.reply?.trim() || undefined
    const input: OutcomeInput =
      v.outcome === 'adopted'
        ? { outcome: 'adopted', candidateId: v.candidateId!, reply }
        : v.outcome === 'merged'
          ? { outcome: 'merged', mergedIntoId: v.mergedIntoId!, reply }
          : { outcome: 'rejected', reply: reply ?? '' }
    try {
      await record.mutateAsync({ sid: suggestionId, input })
      notifySuccess(t('suggestions.outcomeSaved'))
      onClose()
    } catch (e) {
      applyApiIssues(form, e)
      setError(errorMessage(e))
    }
  }

  return (
    <Drawer
      open={!!suggestionId}
      onClose={onClose}
      size="large"
      title={t('suggestions.handleTitle')}
      destroyOnHidden
      footer={
        readOnly ? undefined : (
          <Space>
            <Button
              type="primary"
              onClick={() => void submit().catch(() => {})}
              loading={record.isPending}
            >
              {t('suggestions.saveOutcome')}
            </Button>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
          </Space>
        )
      }
    >
      {suggestion.isPending ? (
        <Skeleton active />
      ) : suggestion.error ? (
        <Alert type="error" showIcon title={errorMessage(suggestion.error)} />
      ) : s ? (
        <>
          <h3 className="cy-drawer-heading">{s.title}</h3>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              {
                key: 'code',
                label: t('suggestions.fields.trackingCode'),
                children: <code>{s.trackingCode}</code>,
              },
              { key: 'source', label: t('suggestions.fields.source'), children: sourceLabel(s) },
              {
                key: 'category',
                label: t('suggestions.fields.category'),
                children: t(`cycles.category.${s.category}`),
              },
              {
                key: 'location',
                label: t('suggestions.fields.location'),
                children: s.location ?? '—',
              },
              {
                key: 'estimate',
                label: t('suggestions.fields.estimate'),
                children: s.estimateFen === null ? '—' : fmt.wan(s.estimateFen, 6),
              },
              {
                key: 'reason',
                label: t('suggestions.fields.reason'),
                children: <div className="cy-prewrap">{s.reason}</div>,
              },
              ...(s.contact !== undefined
                ? [
                    {
                      key: 'contact',
                      label: t('suggestions.fields.contact'),
                      children: s.contact || '—',
                    },
                  ]
                : []),
              {
                key: 'created',
                label: t('suggestions.fields.createdAt'),
                children: fmt.dateTime(s.createdAt),
              },
              {
                key: 'outcome',
                label: t('suggestions.fields.outcome'),
                children: (
                  <Space orientation="vertical" size={4}>
                    <StatusTag kind="suggestionOutcome" value={s.outcome} />
                    {s.candidate && t('suggestions.adoptedInto', { title: s.candidate.title })}
                    {s.mergedInto && t('suggestions.mergedInto', { title: s.mergedInto.title })}
                    {s.reply && <div className="cy-prewrap">{s.reply}</div>}
                  </Space>
                ),
              },
            ]}
          />
          {!readOnly && (
            <>
              <h3 className="cy-drawer-heading cy-drawer-heading--gap">
                {t('suggestions.recordTitle')}
              </h3>
              <div aria-live="assertive">
                {error && (
                  <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />
                )}
              </div>
              <Form<Values>
                form={form}
                layout="vertical"
                preserve={false}
                initialValues={{
                  outcome: s.outcome === 'pending' ? undefined : s.outcome,
                  candidateId: s.candidate?.id,
                  mergedIntoId: s.mergedInto?.id,
                  reply: s.outcome === 'pending' ? '' : (s.reply ?? ''),
                }}
              >
                <Form.Item
                  name="outcome"
                  label={t('suggestions.fields.outcome')}
                  rules={[{ required: true, message: t('suggestions.outcomeRequired') }]}
                >
                  <Radio.Group optionType="button" buttonStyle="solid" size="large">
                    {(['adopted', 'merged', 'rejected'] as const).map((o) => (
                      <Radio.Button key={o} value={o}>
                        {t(`status.suggestionOutcome.${o}`)}
                      </Radio.Button>
                    ))}
                  </Radio.Group>
                </Form.Item>
                {outcome === 'adopted' && (
                  <Form.Item
                    name="candidateId"
                    label={t('suggestions.fields.candidate')}
                    extra={
                      candidates.data && !candidates.data.items.length
                        ? t('suggestions.noCandidates')
                        : undefined
                    }
                    rules={[{ required: true, message: t('suggestions.candidateRequired') }]}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      loading={candidates.isPending}
                      options={(candidates.data?.items ?? []).map((c) => ({
                        value: c.id,
                        label: c.title,
                      }))}
                    />
                  </Form.Item>
                )}
                {outcome === 'merged' && (
                  <Form.Item
                    name="mergedIntoId"
                    label={t('suggestions.fields.mergedInto')}
                    rules={[{ required: true, message: t('suggestions.mergeTargetRequired') }]}
                  >
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      loading={all.isPending}
                      options={others.map((o) => ({
                        value: o.id,
                        label: `${o.title}（${o.trackingCode}）`,
                      }))}
                    />
                  </Form.Item>
                )}
                <Form.Item
                  name="reply"
                  label={t('suggestions.fields.reply')}
                  extra={
                    outcome === 'rejected'
                      ? t('suggestions.replyRequiredHelp')
                      : t('suggestions.replyDefaultHelp')
                  }
                  rules={[
                    {
                      required: outcome === 'rejected',
                      whitespace: true,
                      message: t('suggestions.replyRequired'),
                    },
                    { max: 2000, message: t('suggestions.replyTooLong') },
                  ]}
                >
                  <Input.TextArea rows={4} maxLength={2000} showCount />
                </Form.Item>
              </Form>
            </>
          )}
        </>
      ) : null}
    </Drawer>
  )
}
