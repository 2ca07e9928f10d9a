import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { usePortalHat } from './hat'
import { Alert, Button, Form, Input, InputNumber, Result, Select, Skeleton } from 'antd'
import { useCyclesT } from '../../i18n'
import { SubmitSuggestionInput as Schema } from '@ms/api/schemas/suggestions/suggestions.schemas.js'
import { errorMessage } from '@/lib/api'
import { applyApiIssues, schemaRule } from '@/lib/forms'
import { useCurrentJurisdiction } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import { useCycles } from '../../api/cycles'
import { useSubmitSuggestion, type Suggestion } from '../../api/suggestions'
import { CATEGORIES, type Category } from '../../lib/labels'
import { wanToFen } from '../../lib/numbers'
import './deputy.css'

interface Values {
  title: string
  category: Category
  location?: string
  reason: string
  estimateWan?: string | null
}

function SubmitForm({
  cycleId,
  as,
  onDone,
}: {
  cycleId: string
  as: 'deputy' | 'unit'
  onDone: (s: Suggestion) => void
}) {
  const { t } = useCyclesT()
  const [form] = Form.useForm<Values>()
  const submit = useSubmitSuggestion(cycleId)
  const [error, setError] = useState<string>()

  async function onFinish(v: Values) {
    setError(undefined)
    try {
      const created = await submit.mutateAsync({
        title: v.title.trim(),
        category: v.category,
        location: v.location?.trim() || null,
        reason: v.reason.trim(),
        estimateFen: v.estimateWan ? wanToFen(v.estimateWan) : null,
        as,
      })
      onDone(created)
    } catch (e) {
      applyApiIssues(form, e)
      setError(errorMessage(e))
    }
  }

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      size="large"
      onFinish={(v) => void onFinish(v)}
      className="dp-form"
    >
      <div aria-live="assertive">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      </div>
      <Form.Item
        name="title"
        label={t('suggestions.fields.title')}
        extra={t('suggestions.form.titleHelp')}
        rules={[
          { required: true, whitespace: true, message: t('suggestions.form.titleRequired') },
          schemaRule(Schema.entries.title, t('candidates.tooLong', { n: 200 })),
        ]}
      >
        <Input maxLength={200} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="category"
        label={t('suggestions.fields.category')}
        rules={[{ required: true, message: t('suggestions.form.categoryRequired') }]}
      >
        <Select
          placeholder={t('suggestions.form.categoryPlaceholder')}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`cycles.category.${c}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="location"
        label={t('suggestions.fields.location')}
        rules={[{ max: 200, message: t('candidates.tooLong', { n: 200 }) }]}
      >
        <Input maxLength={200} autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('suggestions.fields.reason')}
        extra={t('suggestions.form.reasonHelp')}
        rules={[
          { required: true, whitespace: true, message: t('suggestions.form.reasonRequired') },
          schemaRule(Schema.entries.reason, t('candidates.tooLong', { n: 4000 })),
        ]}
      >
        <Input.TextArea rows={6} maxLength={4000} showCount />
      </Form.Item>
      <Form.Item
        name="estimateWan"
        label={t('suggestions.fields.estimateOptional')}
        rules={[
          {
            validator: async (_, value: string | null | undefined) => {
              if (value && wanToFen(value) === null) throw new Error(t('cycles.form.amountRule'))
            },
          },
        ]}
      >
        <InputNumber<string>
          stringMode
          min="0"
          suffix="万元"
          style={{ width: '100%' }}
          inputMode="decimal"
        />
      </Form.Item>
      <Button
        type="primary"
        htmlType="submit"
        block
        loading={submit.isPending}
        className="dp-submit"
      >
        {t('suggestions.form.submit')}
      </Button>
    </Form>
  )
}

/**
 * 提出建议 (deputy portal, phone-first; also a unit's 部门建议 under /unit): one column, large
 * fields, into the open cycle.
 */
export default function SubmitSuggestionPage() {
  const { t } = useCyclesT()
  const hat = usePortalHat()
  const fmt = useFormat()
  const { current } = useCurrentJurisdiction()
  const cycles = useCycles(current?.id)
  const open = cycles.data?.items.find((c) => c.acceptingSuggestions)
  const [done, setDone] = useState<Suggestion>()
  const navigate = useNavigate()

  return (
    <div className="dp-page">
      <header className="dp-head">
        <p className="dp-back">
          <Link to={`${hat.base}/suggestions`}>‹ {t('suggestions.mine.title')}</Link>
        </p>
        <h1>{t('suggestions.form.title')}</h1>
        {open && (
          <p>
            {open.title}
            {open.solicitationDeadline &&
              ` · ${t('suggestions.form.deadline', { date: fmt.date(open.solicitationDeadline) })}`}
          </p>
        )}
      </header>
      {cycles.isPending ? (
        <Skeleton active />
      ) : done ? (
        <Result
          status="success"
          title={t('suggestions.form.done')}
          subTitle={
            <span role="status">
              {t('suggestions.form.doneText')} <code className="dp-code">{done.trackingCode}</code>
            </span>
          }
          extra={[
            <Button
              key="mine"
              type="primary"
              size="large"
              onClick={() => void navigate(`${hat.base}/suggestions`)}
            >
              {t('suggestions.form.toMine')}
            </Button>,
            <Button key="again" size="large" onClick={() => setDone(undefined)}>
              {t('suggestions.form.again')}
            </Button>,
          ]}
        />
      ) : open ? (
        <SubmitForm cycleId={open.id} as={hat.as} onDone={setDone} />
      ) : (
        <Alert type="info" showIcon className="cy-info" title={t('suggestions.mine.closed')} />
      )}
    </div>
  )
}
