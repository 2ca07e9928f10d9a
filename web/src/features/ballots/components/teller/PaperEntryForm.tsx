import { useId, useRef, useState, type FormEvent } from 'react'
import { Alert, Button, Checkbox, InputNumber, Radio } from 'antd'
import { SaveOutlined } from '@ant-design/icons'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useEnterPaperBallot } from '../../api/paper'
import type { Vote } from '../../api/votes'
import { useBallotsT } from '../../i18n'
import { countApprovals, type Marks } from '../../lib/ballot-form'
import { PaperChoicesGrid, type PaperGridHandle } from './PaperChoicesGrid'

const ROUND_KEY = 'ms.paper.round'

/**
 * 纸质选票录入 (双人背靠背录入): the sheet number, then a row per candidate typed with digits,
 * then Enter. Each sheet is typed twice, by two different tellers (round 1 and round 2); an
 * over-marked sheet is typed as it is (it counts as invalid), a spoiled one is ticked 废票.
 */
export function PaperEntryForm({ vote }: { vote: Vote }) {
  const { t } = useBallotsT()
  const id = useId()
  const enter = useEnterPaperBallot(vote.id)
  const [round, setRound] = useState<1 | 2>(() =>
    sessionStorage.getItem(ROUND_KEY) === '2' ? 2 : 1,
  )
  const [sheetNo, setSheetNo] = useState<number | null>(1)
  const [marks, setMarks] = useState<Marks>({})
  const [invalid, setInvalid] = useState(false)
  const sheetRef = useRef<HTMLInputElement & { nativeElement: HTMLElement }>(null)
  const grid = useRef<PaperGridHandle>(null)
  const closed = vote.state === 'closed'
  const over =
    vote.rules.ballotForm !== 'satisfaction' && countApprovals(marks) > vote.rules.maxApprovals

  function save(e?: FormEvent) {
    e?.preventDefault()
    if (!sheetNo || enter.isPending) return
    const saved = sheetNo
    enter.mutate(invalid ? { sheetNo, round, invalid: true } : { sheetNo, round, choices: marks }, {
      onSuccess: () => {
        notifySuccess(t('paper.saved', { sheetNo: saved, round }))
        setMarks({})
        setInvalid(false)
        setSheetNo(saved + 1)
        // Next sheet: the number is filled in and selected, ready to check against the paper.
        requestAnimationFrame(() => {
          sheetRef.current?.focus()
          sheetRef.current?.select()
        })
      },
    })
  }

  return (
    <form onSubmit={save} className="bt-paper-form" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="bt-section-title">
        {t('paper.entryTitle')}
      </h3>
      <p className="bt-muted">{t('paper.entryHelp')}</p>
      <div className="bt-paper-form__head">
        <div>
          <span className="bt-field-label" id={`${id}-round`}>
            {t('paper.round')}
          </span>
          <Radio.Group
            aria-labelledby={`${id}-round`}
            optionType="button"
            buttonStyle="solid"
            value={round}
            disabled={!closed}
            onChange={(e) => {
              const r = e.target.value as 1 | 2
              setRound(r)
              sessionStorage.setItem(ROUND_KEY, String(r))
            }}
            options={[
              { value: 1, label: t('paper.round1') },
              { value: 2, label: t('paper.round2') },
            ]}
          />
        </div>
        <div>
          <label htmlFor={`${id}-sheet`} className="bt-field-label">
            {t('paper.sheetNo')}
          </label>
          <InputNumber
            id={`${id}-sheet`}
            ref={sheetRef}
            min={1}
            max={1_000_000}
            precision={0}
            value={sheetNo}
            disabled={!closed}
            onChange={(v) => setSheetNo(typeof v === 'number' ? v : null)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                if (invalid) save()
                else grid.current?.focusFirst()
              }
            }}
            style={{ width: 140 }}
          />
        </div>
        <Checkbox
          checked={invalid}
          disabled={!closed}
          onChange={(e) => setInvalid(e.target.checked)}
          className="bt-paper-form__invalid"
        >
          {t('paper.invalid')}
        </Checkbox>
      </div>
      <PaperChoicesGrid
        ref={grid}
        idPrefix={`${id}-row`}
        candidates={vote.candidates}
        form={vote.rules.ballotForm}
        marks={marks}
        onChange={setMarks}
        disabled={!closed || invalid}
        onSubmit={() => save()}
      />
      {over && !invalid && (
        <Alert
          type="warning"
          showIcon
          className="bt-block-gap"
          title={t('paper.overMarked', { max: vote.rules.maxApprovals })}
        />
      )}
      {enter.error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          className="bt-block-gap"
          title={errorMessage(enter.error)}
        />
      )}
      <div className="bt-paper-form__actions">
        <Button
          type="primary"
          htmlType="submit"
          icon={<SaveOutlined />}
          loading={enter.isPending}
          disabled={!closed || !sheetNo}
          data-paper-save
        >
          {t('paper.save', { sheetNo: sheetNo ?? '—', round })}
        </Button>
        <span className="bt-muted">{t(`paper.keysHint.${vote.rules.ballotForm}`)}</span>
      </div>
    </form>
  )
}
