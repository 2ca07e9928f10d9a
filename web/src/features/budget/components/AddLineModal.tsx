import { Alert, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd'
import { useTranslation } from 'react-i18next'
import { CreateLineInput } from '@ms/api/schemas/budget/budget.schemas.js'
import { errorMessage, isApiError } from '@/lib/api'
import { applyApiIssues, schemaRule } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import {
  useCreateLine,
  type BudgetSummary,
  type CreateLineInput as LineInput,
  type ProjectFigures,
} from '../api/budget'
import { yuanToFen } from '../utils/money'

const SOURCES = ['local', 'transfer', 'social', 'other'] as const

interface Values {
  amount: string
  source: LineInput['source']
  fromPool: boolean
  fiscalYear: number
  subjectCode: string
  documentNo: string
  note?: string
}

/** 新增预算指标: a draft line; the pool check is the API's, its refusal shows the overshoot here. */
export function AddLineModal({
  cycleId,
  year,
  project,
  pool,
  onClose,
  onAdded,
}: {
  cycleId: string
  year: number
  project: ProjectFigures | undefined
  pool: BudgetSummary['pool']
  onClose: () => void
  /** Called with the project that got a new line (the table opens its row). */
  onAdded?: (projectId: string) => void
}) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [form] = Form.useForm<Values>()
  const create = useCreateLine(cycleId)
  const fromPool = Form.useWatch('fromPool', form)
  const err = create.error

  async function submit() {
    if (!project) return
    const v = await form.validateFields()
    create.mutate(
      {
        pid: project.projectId,
        json: {
          amountFen: yuanToFen(v.amount)!,
          source: v.source,
          fromPool: v.fromPool,
          fiscalYear: v.fiscalYear,
          subjectCode: v.subjectCode.trim(),
          documentNo: v.documentNo.trim(),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        },
      },
      {
        onSuccess: () => {
          notifySuccess(t('budget.lineAdded'))
          onAdded?.(project.projectId)
          onClose()
        },
        onError: (e) => applyApiIssues(form, e),
      },
    )
  }

  return (
    <Modal
      open={!!project}
      title={t('budget.addLineTitle', { title: project?.title ?? '' })}
      okText={t('budget.addLine')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={create.isPending}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      afterOpenChange={(o) => {
        if (o) {
          create.reset()
          form.setFieldsValue({ source: 'local', fromPool: true, fiscalYear: year })
        }
      }}
    >
      <p className="budget-muted">
        {t('budget.poolAvailable', {
          available: fmt.money(pool.availableFen),
          pool: fmt.money(pool.poolFen),
        })}
      </p>
      <Form
        form={form}
        layout="vertical"
        requiredMark
        onValuesChange={(changed: Partial<Values>) => {
          // 本级财政 draws on the pool by default; the other sources sit beside it.
          if (changed.source) form.setFieldValue('fromPool', changed.source === 'local')
        }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="amount"
              label={t('budget.form.amount')}
              rules={[
                { required: true, message: t('budget.form.amountRequired') },
                {
                  validator: async (_r, value: string) => {
                    if (!value) return
                    const fen = yuanToFen(value)
                    if (fen === undefined) throw new Error(t('budget.form.amountInvalid'))
                    if (fen <= 0) throw new Error(t('budget.form.amountPositive'))
                  },
                },
              ]}
            >
              <Input suffix={t('budget.yuan')} inputMode="decimal" placeholder="1000000.00" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="source" label={t('budget.col.source')} rules={[{ required: true }]}>
              <Select
                options={SOURCES.map((s) => ({ value: s, label: t(`budget.source.${s}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="fromPool"
              label={t('budget.form.fromPool')}
              valuePropName="checked"
              extra={fromPool ? t('budget.form.fromPoolOn') : t('budget.form.fromPoolOff')}
            >
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="fiscalYear"
              label={t('budget.col.fiscalYear')}
              rules={[{ required: true }]}
            >
              <InputNumber min={year - 1} max={year + 4} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="subjectCode"
              label={t('budget.form.subjectCode')}
              rules={[
                { required: true, message: t('budget.form.subjectRequired') },
                schemaRule(CreateLineInput.entries.subjectCode, t('budget.form.subjectInvalid')),
              ]}
            >
              <Input placeholder="2130505" maxLength={12} inputMode="numeric" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="documentNo"
              label={t('budget.form.documentNo')}
              rules={[
                { required: true, whitespace: true, message: t('budget.form.documentRequired') },
              ]}
            >
              <Input placeholder="示财预〔2025〕12号" maxLength={100} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="note" label={t('budget.form.note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {err &&
        (isApiError(err, 'FUND_POOL_EXCEEDED') ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            data-testid="pool-exceeded"
            title={t('budget.poolExceeded.title', {
              overshoot: fmt.money(Number(err.details.overshootFen)),
            })}
            description={t('budget.poolExceeded.detail', {
              pool: fmt.money(Number(err.details.poolFen)),
              committed: fmt.money(Number(err.details.committedFen)),
              requested: fmt.money(Number(err.details.requestedFen)),
            })}
          />
        ) : (
          <Alert type="error" showIcon role="alert" title={errorMessage(err)} />
        ))}
    </Modal>
  )
}
