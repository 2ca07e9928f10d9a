import { useId, useState, type FormEvent } from 'react'
import { Alert, Button, InputNumber } from 'antd'
import { notifySuccess } from '@/lib/notify'
import { useRecordPaperCount } from '../../api/paper'
import type { Vote } from '../../api/votes'
import { useBallotsT } from '../../i18n'

/**
 * 发出与收回张数: recorded by staff after the box is opened. More returned than issued (or more
 * ballots than voters) voids the vote, as the Election Law does; the form says so at once.
 */
export function PaperCountForm({
  vote,
  initial,
}: {
  vote: Vote
  initial?: { issued: number | null; returned: number | null }
}) {
  const { t } = useBallotsT()
  const id = useId()
  const record = useRecordPaperCount(vote.id)
  const [issued, setIssued] = useState<number | null>(initial?.issued ?? null)
  const [returned, setReturned] = useState<number | null>(initial?.returned ?? null)
  const closed = vote.state === 'closed'

  function submit(e: FormEvent) {
    e.preventDefault()
    if (issued === null || returned === null) return
    record.mutate(
      { issued, returned },
      { onSuccess: (r) => !r.void && notifySuccess(t('paper.countSaved')) },
    )
  }

  return (
    <form onSubmit={submit} aria-labelledby={`${id}-title`} className="bt-paper-count">
      <h3 id={`${id}-title`} className="bt-section-title">
        {t('paper.countTitle')}
      </h3>
      <p className="bt-muted">{t('paper.countHelp')}</p>
      <div className="bt-paper-form__head">
        <div>
          <label htmlFor={`${id}-issued`} className="bt-field-label">
            {t('paper.issued')}
          </label>
          <InputNumber
            id={`${id}-issued`}
            min={0}
            max={100_000}
            precision={0}
            value={issued}
            disabled={!closed}
            onChange={(v) => setIssued(typeof v === 'number' ? v : null)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-returned`} className="bt-field-label">
            {t('paper.returned')}
          </label>
          <InputNumber
            id={`${id}-returned`}
            min={0}
            max={100_000}
            precision={0}
            value={returned}
            disabled={!closed}
            onChange={(v) => setReturned(typeof v === 'number' ? v : null)}
          />
        </div>
        <Button
          type="primary"
          htmlType="submit"
          loading={record.isPending}
          disabled={!closed || issued === null || returned === null}
        >
          {t('paper.countSave')}
        </Button>
      </div>
      {issued !== null && returned !== null && returned > issued && (
        <Alert type="warning" showIcon className="bt-block-gap" title={t('paper.moreReturned')} />
      )}
      {record.data?.void && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="bt-block-gap"
          title={t('result.status.void')}
          description={record.data.voidReason ?? undefined}
        />
      )}
    </form>
  )
}
