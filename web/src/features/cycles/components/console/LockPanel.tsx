import { useEffect, useState } from 'react'
import { Alert, App, Button, Form, Input, Modal, Progress } from 'antd'
import { LockOutlined, UnlockOutlined } from '@ant-design/icons'
import { useCyclesT } from '../../i18n'
import { errorMessage, isApiError } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { useLockCandidates, useReopenCandidates } from '../../api/candidates'
import type { Cycle } from '../../api/cycles'
import { ratioToTenThousandths, tenThousandthsToPercent } from '../../lib/numbers'

function ReopenModal({ cycle, onClose }: { cycle: Cycle; onClose: () => void }) {
  const { t } = useCyclesT()
  const [form] = Form.useForm<{ reason: string }>()
  const reopen = useReopenCandidates(cycle.id)
  const [error, setError] = useState<string>()

  async function submit() {
    const { reason } = await form.validateFields()
    setError(undefined)
    try {
      await reopen.mutateAsync(reason.trim())
      notifySuccess(t('candidates.reopened'))
      onClose()
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <Modal
      open
      title={t('candidates.reopenTitle')}
      okText={t('candidates.reopenOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: true }}
      confirmLoading={reopen.isPending}
      onOk={() => void submit().catch(() => {})}
      onCancel={onClose}
      destroyOnHidden
    >
      <p>{t('candidates.reopenText')}</p>
      <div aria-live="assertive">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      </div>
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('candidates.reopenReason')}
          rules={[
            { required: true, whitespace: true, message: t('candidates.reopenReasonRequired') },
            { max: 2000, message: t('candidates.tooLong', { n: 2000 }) },
          ]}
        >
          <Input.TextArea
            rows={4}
            maxLength={2000}
            placeholder={t('candidates.reopenPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/**
 * 审定: how many candidates the margin rule needs and how many there are; the lock button (the
 * API decides, and a MARGIN_NOT_MET refusal is spelled out as required vs actual); once locked,
 * the reopening with a reason.
 */
/** `readOnly`: the count and the rule only, without lock and reopen (a unit's view). */
export function LockPanel({
  cycle,
  count,
  readOnly = false,
}: {
  cycle: Cycle
  count: number
  readOnly?: boolean
}) {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const { modal } = App.useApp()
  const lock = useLockCandidates(cycle.id)
  const [reopening, setReopening] = useState(false)
  const locked = cycle.phase !== 'solicitation' && cycle.phase !== 'screening'
  const canReopen = cycle.phase === 'candidates_locked'
  const required = cycle.requiredCandidates
  const met = count >= required
  const percent = `${tenThousandthsToPercent(ratioToTenThousandths(cycle.marginRatio) ?? 0)}%`
  const refusal = lock.error
  const resetLock = lock.reset
  // A refusal explains the list as it was; once the list changes it no longer does.
  useEffect(() => resetLock(), [count, resetLock])
  const margin = isApiError(refusal, 'MARGIN_NOT_MET')
    ? (refusal.details as { required?: number; actual?: number })
    : undefined

  function confirmLock() {
    lock.reset()
    modal.confirm({
      title: t('candidates.lockTitle'),
      content: t('candidates.lockText', { n: fmt.count(count) }),
      okText: t('candidates.lockOk'),
      cancelText: t('common.cancel'),
      onOk: () =>
        lock.mutateAsync().then(
          () => notifySuccess(t('candidates.lockedOk')),
          () => undefined, // shown in the panel below
        ),
    })
  }

  return (
    <section className="cy-lock" aria-labelledby="lock-title">
      <div className="cy-lock__main">
        <h2 id="lock-title" className="cy-card-title">
          {locked ? t('candidates.lockedTitle') : t('candidates.marginTitle')}
        </h2>
        <p className="cy-lock__rule">
          {t('candidates.marginRule', {
            n: fmt.count(cycle.seats),
            r: percent,
            required: fmt.count(required),
          })}
        </p>
        <div className="cy-lock__count ms-num" data-testid="candidate-count">
          <span className="cy-lock__actual">{fmt.count(count)}</span>
          <span className="cy-lock__of">/ {t('cycles.atLeast', { n: fmt.count(required) })}</span>
        </div>
        <Progress
          percent={Math.min(100, Math.round((count / Math.max(1, required)) * 100))}
          showInfo={false}
          status={met ? 'success' : 'normal'}
          aria-hidden
        />
        {locked && cycle.candidatesLockedAt && (
          <p className="cy-muted">
            {t('candidates.lockedAt', {
              at: fmt.dateTime(cycle.candidatesLockedAt),
              version: cycle.listVersion,
            })}
          </p>
        )}
      </div>
      {!readOnly && (
        <div className="cy-lock__actions">
          {!locked && (
            <Button
              type="primary"
              size="large"
              icon={<LockOutlined />}
              onClick={confirmLock}
              loading={lock.isPending}
              disabled={cycle.phase !== 'screening'}
            >
              {t('candidates.lock')}
            </Button>
          )}
          {!locked && cycle.phase !== 'screening' && (
            <p className="cy-muted">{t('candidates.lockNeedsScreening')}</p>
          )}
          {canReopen && (
            <Button size="large" icon={<UnlockOutlined />} onClick={() => setReopening(true)}>
              {t('candidates.reopen')}
            </Button>
          )}
          {locked && !canReopen && <p className="cy-muted">{t('candidates.voteStartedNote')}</p>}
        </div>
      )}
      <div className="cy-lock__alert" role="alert" aria-live="assertive">
        {refusal && (
          <Alert
            type="error"
            showIcon
            title={errorMessage(refusal)}
            description={
              margin
                ? t('candidates.marginHelp', {
                    required: fmt.count(margin.required ?? required),
                    actual: fmt.count(margin.actual ?? count),
                    missing: fmt.count((margin.required ?? required) - (margin.actual ?? count)),
                  })
                : undefined
            }
            data-testid="lock-error"
          />
        )}
      </div>
      {reopening && <ReopenModal cycle={cycle} onClose={() => setReopening(false)} />}
    </section>
  )
}
