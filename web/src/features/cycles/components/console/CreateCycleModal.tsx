import { useState } from 'react'
import { Alert, Form, Modal } from 'antd'
import { useCyclesT } from '../../i18n'
import { errorMessage } from '@/lib/api'
import { applyApiIssues } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import { useCreateCycle, type Cycle } from '../../api/cycles'
import { CycleFormFields, defaultValues, inputOf, type CycleFormValues } from './CycleForm'

/** 新建年度票决工作: the settings of phase 1, with the implied candidate count shown live. */
export function CreateCycleModal({
  open,
  jurisdictionId,
  nextYear,
  onClose,
}: {
  open: boolean
  jurisdictionId: string
  nextYear: number
  onClose: (created?: Cycle) => void
}) {
  const { t } = useCyclesT()
  const [form] = Form.useForm<CycleFormValues>()
  const create = useCreateCycle(jurisdictionId)
  const [error, setError] = useState<string>()

  async function submit() {
    const values = await form.validateFields()
    setError(undefined)
    try {
      const created = await create.mutateAsync(inputOf(values))
      notifySuccess(t('cycles.created'))
      onClose(created)
    } catch (e) {
      applyApiIssues(form, e)
      setError(errorMessage(e))
    }
  }

  return (
    <Modal
      open={open}
      title={t('cycles.new')}
      width={820}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => void submit().catch(() => {})}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      <div aria-live="assertive">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      </div>
      <Form<CycleFormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={defaultValues(nextYear)}
        requiredMark
      >
        <CycleFormFields form={form} />
      </Form>
    </Modal>
  )
}
