import { Alert, Descriptions, Form, Input, Modal, Radio } from 'antd'
import { useTranslation } from 'react-i18next'
import { errorMessage, isApiError } from '@/lib/api'
import { applyApiIssues } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { useAdjustLine, type BudgetLine } from '../api/budget'
import { yuanToFen } from '../utils/money'

interface Values {
  direction: 'up' | 'down'
  amount: string
  reason: string
}

/** 指标调整: an approved line changes only by an adjustment with a reason (kept, never edited). */
export function AdjustModal({
  cycleId,
  line,
  title,
  onClose,
}: {
  cycleId: string
  line: BudgetLine | undefined
  title: string
  onClose: () => void
}) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [form] = Form.useForm<Values>()
  const adjust = useAdjustLine(cycleId)
  const err = adjust.error

  async function submit() {
    if (!line) return
    const v = await form.validateFields()
    const fen = yuanToFen(v.amount)!
    adjust.mutate(
      { lid: line.id, deltaFen: v.direction === 'up' ? fen : -fen, reason: v.reason.trim() },
      {
        onSuccess: () => {
          notifySuccess(t('budget.adjusted'))
          onClose()
        },
        onError: (e) => applyApiIssues(form, e),
      },
    )
  }

  return (
    <Modal
      open={!!line}
      title={t('budget.adjustTitle', { title })}
      okText={t('budget.adjust')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={adjust.isPending}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (o) {
          adjust.reset()
          form.setFieldsValue({ direction: 'up' })
        }
      }}
    >
      {line && (
        <Descriptions size="small" column={2} className="budget-desc">
          <Descriptions.Item label={t('budget.col.documentNo')}>
            {line.documentNo}
          </Descriptions.Item>
          <Descriptions.Item label={t('budget.col.source')}>
            {t(`budget.source.${line.source}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('budget.col.amount')}>
            {fmt.money(line.amountFen)}
          </Descriptions.Item>
          <Descriptions.Item label={t('budget.col.disbursed')}>
            {fmt.money(line.disbursedFen)}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="direction" label={t('budget.form.direction')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'up', label: t('budget.form.up') },
              { value: 'down', label: t('budget.form.down') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('budget.form.adjustAmount')}
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
          <Input suffix={t('budget.yuan')} inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('budget.form.reason')}
          rules={[{ required: true, whitespace: true, message: t('budget.form.reasonRequired') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t('budget.form.adjustReasonHint')}
          />
        </Form.Item>
      </Form>
      {err && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={
            isApiError(err, 'FUND_POOL_EXCEEDED')
              ? t('budget.poolExceeded.title', {
                  overshoot: fmt.money(Number(err.details.overshootFen)),
                })
              : isApiError(err, 'LINE_BELOW_DISBURSED')
                ? t('budget.belowDisbursed', {
                    disbursed: fmt.money(Number(err.details.disbursedFen)),
                  })
                : errorMessage(err)
          }
        />
      )}
    </Modal>
  )
}
