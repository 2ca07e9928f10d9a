import { useState } from 'react'
import { Alert, Form, Input, Modal, Radio } from 'antd'
import { useCyclesT } from '../../i18n'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useMergeSuggestions, type Suggestion } from '../../api/suggestions'

/**
 * 合并重复建议: staff pick which of the selected suggestions stays; the others get the outcome
 * 合并 pointing at it (their own duplicates follow), each with the reply.
 */
export function MergeModal({
  cycleId,
  selected,
  open,
  onClose,
}: {
  cycleId: string
  selected: Suggestion[]
  open: boolean
  onClose: (merged: boolean) => void
}) {
  const { t } = useCyclesT()
  const merge = useMergeSuggestions(cycleId)
  // Mounted when opened: keeps the earliest one by default, the others duplicate it.
  const [intoId, setIntoId] = useState<string | undefined>(
    () => [...selected].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0]?.id,
  )
  const [reply, setReply] = useState('')
  const [error, setError] = useState<string>()

  async function submit() {
    if (!intoId) return
    setError(undefined)
    try {
      const ids = selected.filter((s) => s.id !== intoId).map((s) => s.id)
      await merge.mutateAsync({ intoId, ids, reply: reply.trim() || undefined })
      notifySuccess(t('suggestions.merged', { n: ids.length }))
      onClose(true)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <Modal
      open={open}
      title={t('suggestions.mergeTitle')}
      okText={t('suggestions.mergeOk')}
      cancelText={t('common.cancel')}
      confirmLoading={merge.isPending}
      onOk={() => void submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <div aria-live="assertive">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      </div>
      <Form layout="vertical">
        <Form.Item label={t('suggestions.mergeKeep')} extra={t('suggestions.mergeHelp')}>
          <Radio.Group
            value={intoId}
            onChange={(e) => setIntoId(e.target.value as string)}
            className="cy-radio-list"
          >
            {selected.map((s) => (
              <Radio key={s.id} value={s.id}>
                {s.title} <code className="cy-code">{s.trackingCode}</code>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item
          label={t('suggestions.fields.reply')}
          extra={t('suggestions.replyDefaultHelp')}
          htmlFor="merge-reply"
        >
          <Input.TextArea
            id="merge-reply"
            rows={3}
            maxLength={2000}
            value={reply}
            onChange={(e) => setReply(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}
