import { Alert, Descriptions, Form, Input, Modal } from 'antd'
import { useTranslation } from 'react-i18next'
import { errorMessage, isApiError } from '@/lib/api'
import { applyApiIssues } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { useFinalAccount, type ProjectFigures } from '../api/budget'
import { bpText, fenToYuanText, yuanToFen } from '../utils/money'

interface Values {
  amount: string
  explanation?: string
}

/** 决算: the final amount, its variance to the approved budget, and why when it is large. */
export function FinalAccountModal({
  cycleId,
  project,
  thresholdBp,
  onClose,
}: {
  cycleId: string
  project: ProjectFigures | undefined
  thresholdBp: number
  onClose: () => void
}) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [form] = Form.useForm<Values>()
  const submitFinal = useFinalAccount(cycleId)
  const amount = Form.useWatch('amount', form)
  const fen = amount ? yuanToFen(amount) : undefined
  const variance = project && fen !== undefined ? fen - project.budgetedFen : undefined
  const err = submitFinal.error

  async function submit() {
    if (!project) return
    const v = await form.validateFields()
    submitFinal.mutate(
      {
        pid: project.projectId,
        finalAmountFen: yuanToFen(v.amount)!,
        ...(v.explanation?.trim() ? { explanation: v.explanation.trim() } : {}),
      },
      {
        onSuccess: () => {
          notifySuccess(t('budget.finalSaved'))
          onClose()
        },
        onError: (e) => applyApiIssues(form, e),
      },
    )
  }

  return (
    <Modal
      open={!!project}
      title={t('budget.finalTitle', { title: project?.title ?? '' })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={submitFinal.isPending}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (o && project) {
          submitFinal.reset()
          form.setFieldsValue({ amount: fenToYuanText(project.disbursedFen) })
        }
      }}
    >
      {project && (
        <Descriptions size="small" column={2} className="budget-desc">
          <Descriptions.Item label={t('budget.col.budgeted')}>
            {fmt.money(project.budgetedFen)}
          </Descriptions.Item>
          <Descriptions.Item label={t('budget.col.disbursed')}>
            {fmt.money(project.disbursedFen)}
          </Descriptions.Item>
          {project.finalAccount && (
            <Descriptions.Item label={t('budget.finalCurrent')} span={2}>
              {t('budget.finalRevision', {
                amount: fmt.money(project.finalAccount.finalAmountFen),
                revision: project.finalAccount.revision,
              })}
            </Descriptions.Item>
          )}
        </Descriptions>
      )}
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item
          name="amount"
          label={t('budget.form.finalAmount')}
          extra={
            variance !== undefined &&
            t('budget.form.variance', {
              amount: fmt.money(variance),
              threshold: bpText(thresholdBp),
            })
          }
          rules={[
            { required: true, message: t('budget.form.amountRequired') },
            {
              validator: async (_r, value: string) => {
                if (value && (yuanToFen(value) ?? -1) < 0)
                  throw new Error(t('budget.form.amountInvalid'))
              },
            },
          ]}
        >
          <Input suffix={t('budget.yuan')} inputMode="decimal" />
        </Form.Item>
        <Form.Item name="explanation" label={t('budget.form.explanation')}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
      </Form>
      {err && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={
            isApiError(err, 'EXPLANATION_REQUIRED')
              ? t('budget.explanationRequired', {
                  threshold: bpText(Number(err.details.varianceThresholdBp)),
                })
              : errorMessage(err)
          }
        />
      )}
    </Modal>
  )
}
