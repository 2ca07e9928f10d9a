import { useState } from 'react'
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useCyclesT } from '../../i18n'
import { CreateCandidateInput as Schema } from '@ms/api/schemas/candidates/candidates.schemas.js'
import { errorMessage } from '@/lib/api'
import { applyApiIssues, schemaRule } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import {
  useCreateCandidate,
  useUpdateCandidate,
  type Candidate,
  type CreateCandidateInput,
} from '../../api/candidates'
import { useInbox } from '../../api/suggestions'
import { useUnits } from '../../api/units'
import { CATEGORIES, FUNDING_SOURCES, type Category, type FundingSource } from '../../lib/labels'
import { fenToWan, wanToFen } from '../../lib/numbers'

interface Values {
  title: string
  category: Category
  responsibleUnit: string
  estimateWan: string
  fundingSource: FundingSource
  plannedCompletion?: Dayjs | null
  location?: string
  description?: string
  targets?: string
  originSuggestionIds?: string[]
}

const NO_FILTERS = {}

function valuesOf(c: Candidate): Values {
  return {
    title: c.title,
    category: c.category,
    responsibleUnit: c.unitId ?? c.responsibleUnit,
    estimateWan: fenToWan(c.estimateFen),
    fundingSource: c.fundingSource,
    plannedCompletion: c.plannedCompletion ? dayjs(c.plannedCompletion) : null,
    location: c.location ?? '',
    description: c.description,
    targets: c.targets ?? '',
    originSuggestionIds: c.originSuggestionIds,
  }
}

function inputOf(v: Values): CreateCandidateInput {
  return {
    title: v.title.trim(),
    category: v.category,
    responsibleUnit: v.responsibleUnit,
    estimateFen: wanToFen(v.estimateWan)!,
    fundingSource: v.fundingSource,
    plannedCompletion: v.plannedCompletion ? v.plannedCompletion.format('YYYY-MM-DD') : null,
    location: v.location?.trim() || null,
    description: v.description?.trim() ?? '',
    targets: v.targets?.trim() || null,
    originSuggestionIds: v.originSuggestionIds ?? [],
  }
}

/** 新增/编辑候选项目: every field of a candidate, with the suggestions it came from. */
export function CandidateDrawer({
  cycleId,
  jurisdictionId,
  editing,
  open,
  onClose,
  unitIds,
}: {
  cycleId: string
  jurisdictionId: string
  /** The candidate to edit; undefined to add one. */
  editing?: Candidate
  open: boolean
  onClose: () => void
  /** The units the caller may choose (a unit account: its own); undefined = every unit. */
  unitIds?: readonly string[]
}) {
  const { t } = useCyclesT()
  const [form] = Form.useForm<Values>()
  const create = useCreateCandidate(cycleId)
  const update = useUpdateCandidate(cycleId)
  const units = useUnits(open ? jurisdictionId : undefined)
  const suggestions = useInbox(open ? cycleId : undefined, NO_FILTERS)
  const [error, setError] = useState<string>()
  const pending = create.isPending || update.isPending

  async function submit() {
    const values = await form.validateFields()
    setError(undefined)
    try {
      if (editing) {
        await update.mutateAsync({ id: editing.id, input: inputOf(values) })
        notifySuccess(t('candidates.saved'))
      } else {
        await create.mutateAsync(inputOf(values))
        notifySuccess(t('candidates.created'))
      }
      onClose()
    } catch (e) {
      applyApiIssues(form, e)
      setError(errorMessage(e))
    }
  }

  const suggestionOptions = (suggestions.data?.pages.flatMap((p) => p.items) ?? []).map((s) => ({
    value: s.id,
    label: `${s.title}（${s.trackingCode}）`,
  }))

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={720}
      title={editing ? t('candidates.edit') : t('candidates.new')}
      destroyOnHidden
      footer={
        <Space>
          <Button type="primary" loading={pending} onClick={() => void submit().catch(() => {})}>
            {t('common.save')}
          </Button>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
        </Space>
      }
    >
      <div aria-live="assertive">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      </div>
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          editing
            ? valuesOf(editing)
            : {
                fundingSource: 'local',
                originSuggestionIds: [],
                responsibleUnit: unitIds?.length === 1 ? unitIds[0] : undefined,
              }
        }
      >
        <Form.Item
          name="title"
          label={t('candidates.fields.title')}
          rules={[
            { required: true, whitespace: true, message: t('candidates.titleRequired') },
            schemaRule(Schema.entries.title, t('candidates.tooLong', { n: 200 })),
          ]}
        >
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="category"
              label={t('candidates.fields.category')}
              rules={[{ required: true, message: t('candidates.categoryRequired') }]}
            >
              <Select
                options={CATEGORIES.map((c) => ({ value: c, label: t(`cycles.category.${c}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="responsibleUnit"
              label={t('candidates.fields.responsibleUnit')}
              rules={[{ required: true, message: t('candidates.unitRequired') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={units.isPending}
                options={(units.data?.items ?? [])
                  .filter((u) => !unitIds || unitIds.includes(u.id))
                  .map((u) => ({ value: u.id, label: u.name }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="estimateWan"
              label={t('candidates.fields.estimate')}
              rules={[
                { required: true, message: t('candidates.estimateRequired') },
                {
                  validator: async (_, value: string) => {
                    if (
                      value !== undefined &&
                      value !== null &&
                      value !== '' &&
                      wanToFen(value) === null
                    )
                      throw new Error(t('cycles.form.amountRule'))
                  },
                },
              ]}
            >
              <InputNumber<string> stringMode min="0" suffix="万元" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="plannedCompletion" label={t('candidates.fields.plannedCompletion')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="fundingSource"
          label={t('candidates.fields.fundingSource')}
          rules={[{ required: true }]}
        >
          <Radio.Group optionType="button">
            {FUNDING_SOURCES.map((f) => (
              <Radio.Button key={f} value={f}>
                {t(`cycles.fundingSource.${f}`)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="location"
          label={t('candidates.fields.location')}
          rules={[{ max: 200, message: t('candidates.tooLong', { n: 200 }) }]}
        >
          <Input maxLength={200} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('candidates.fields.description')}
          rules={[{ max: 4000, message: t('candidates.tooLong', { n: 4000 }) }]}
        >
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item
          name="targets"
          label={t('candidates.fields.targets')}
          extra={t('candidates.targetsHelp')}
          rules={[{ max: 4000, message: t('candidates.tooLong', { n: 4000 }) }]}
        >
          <Input.TextArea rows={3} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item
          name="originSuggestionIds"
          label={t('candidates.fields.origins')}
          extra={t('candidates.originsHelp')}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            loading={suggestions.isPending}
            options={suggestionOptions}
          />
        </Form.Item>
      </Form>
    </Drawer>
  )
}
