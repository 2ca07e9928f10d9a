import { DatePicker, Form, Input, Modal } from 'antd'
import dayjs from 'dayjs'
import { applyApiIssues } from '@/lib/forms'
import { notifyError, notifySuccess } from '@/lib/notify'
import { useAnswerIssue, useAssignIssue, type Issue } from '../api/progress'
import { useProgressT } from '../i18n'

/** 办理: the unit states the measures taken. */
export function AnswerModal({
  issue,
  onClose,
}: {
  issue: Pick<Issue, 'id' | 'title'>
  onClose: () => void
}) {
  const { t } = useProgressT()
  const [form] = Form.useForm<{ answer: string }>()
  const answer = useAnswerIssue()
  return (
    <Modal
      open
      title={t('issue.answerTitle', { title: issue.title })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={answer.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v) => {
          try {
            await answer.mutateAsync({ iid: issue.id, answer: v.answer })
            notifySuccess(t('issue.answered'))
            onClose()
          } catch (e) {
            if (!applyApiIssues(form, e)) notifyError(e)
          }
        }}
      >
        <Form.Item
          name="answer"
          label={t('issue.answerLabel')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={5} maxLength={4000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** 交办: staff assign the issue to the project's unit with a deadline. */
export function AssignModal({
  issue,
  onClose,
}: {
  issue: Pick<Issue, 'id' | 'title'>
  onClose: () => void
}) {
  const { t } = useProgressT()
  const [form] = Form.useForm<{ deadline: dayjs.Dayjs; note?: string }>()
  const assign = useAssignIssue()
  return (
    <Modal
      open
      title={t('issue.assignTitle', { title: issue.title })}
      okText={t('issue.assign')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ deadline: dayjs().add(14, 'day') }}
        onFinish={async (v) => {
          try {
            await assign.mutateAsync({
              iid: issue.id,
              deadline: v.deadline.format('YYYY-MM-DD'),
              ...(v.note ? { note: v.note } : {}),
            })
            notifySuccess(t('issue.assigned'))
            onClose()
          } catch (e) {
            if (!applyApiIssues(form, e)) notifyError(e)
          }
        }}
      >
        <Form.Item name="deadline" label={t('issue.deadline')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <Form.Item name="note" label={t('issue.note')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
