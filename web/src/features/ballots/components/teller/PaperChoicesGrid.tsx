import { forwardRef, useImperativeHandle, useRef, type KeyboardEvent } from 'react'
import type { VoteCandidate } from '../../api/votes'
import { useBallotsT } from '../../i18n'
import type { BallotFormKind, Mark, Marks } from '../../lib/ballot-form'

export interface PaperGridHandle {
  /** Focus the first candidate's row (after the sheet number). */
  focusFirst: () => void
}

/**
 * The keys a teller types per row: 1 赞成, 2 反对, 3 弃权, 0 unmarked (tick form: 1 tick, 0 none;
 * an evaluation sheet: 1 满意, 2 基本满意, 3 不满意, 4 弃权, 0 unmarked).
 */
const OPTIONS: Record<BallotFormKind, [key: string, mark: Mark | null][]> = {
  for_against_abstain: [
    ['1', 'for'],
    ['2', 'against'],
    ['3', 'abstain'],
    ['0', null],
  ],
  approve_up_to_n: [
    ['1', 'for'],
    ['0', null],
  ],
  satisfaction: [
    ['1', 'satisfied'],
    ['2', 'basically'],
    ['3', 'dissatisfied'],
    ['4', 'abstain'],
    ['0', null],
  ],
}

/**
 * One row per candidate, keyboard-fast: a digit marks the row and moves to the next one, Enter
 * saves the sheet. Each row is a radio group labelled by the candidate (arrows work as usual).
 */
export const PaperChoicesGrid = forwardRef<
  PaperGridHandle,
  {
    idPrefix: string
    candidates: readonly VoteCandidate[]
    form: BallotFormKind
    marks: Marks
    onChange: (next: Marks) => void
    disabled?: boolean
    onSubmit?: () => void
  }
>(function PaperChoicesGrid(
  { idPrefix, candidates, form, marks, onChange, disabled, onSubmit },
  ref,
) {
  const { t } = useBallotsT()
  const box = useRef<HTMLDivElement>(null)
  const options = OPTIONS[form]
  const markOfKey = (key: string) => options.find(([k]) => k === key)

  const focusRow = (i: number) => {
    const rows = box.current?.querySelectorAll<HTMLElement>('[role="radiogroup"]')
    const row = rows?.[i]
    if (!row) return false
    const target =
      row.querySelector<HTMLInputElement>('input:checked') ??
      row.querySelector<HTMLInputElement>('input')
    target?.focus()
    return true
  }
  useImperativeHandle(ref, () => ({ focusFirst: () => void focusRow(0) }))

  function set(cid: string, choice: Mark | null) {
    if (choice === null) {
      const { [cid]: _dropped, ...rest } = marks
      onChange(rest)
    } else onChange({ ...marks, [cid]: choice })
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>, index: number, cid: string) {
    if (e.key === 'Enter') {
      e.preventDefault()
      onSubmit?.()
      return
    }
    const hit = markOfKey(e.key)
    if (hit) {
      e.preventDefault()
      set(cid, hit[1])
      // Next row, or the save button after the last one.
      if (!focusRow(index + 1))
        box.current?.parentElement?.querySelector<HTMLElement>('[data-paper-save]')?.focus()
    }
  }

  return (
    <div ref={box} className="bt-paper-grid" aria-disabled={disabled || undefined}>
      {candidates.map((c, i) => {
        const titleId = `${idPrefix}-${c.id}`
        const value = marks[c.id] ?? null
        return (
          <div key={c.id} className="bt-paper-row" data-marked={value ?? 'none'}>
            <span className="bt-paper-row__no" aria-hidden="true">
              {i + 1}
            </span>
            <span id={titleId} className="bt-paper-row__title">
              {c.title}
            </span>
            <div role="radiogroup" aria-labelledby={titleId} className="bt-paper-row__choices">
              {options.map(([key, o]) => (
                <label key={key} className="bt-paper-opt" data-checked={value === o || undefined}>
                  <input
                    type="radio"
                    name={`${idPrefix}-${c.id}`}
                    checked={value === o}
                    disabled={disabled}
                    onChange={() => set(c.id, o)}
                    onKeyDown={(e) => onKeyDown(e, i, c.id)}
                  />
                  <kbd aria-hidden="true">{key}</kbd>
                  {o === null
                    ? form === 'approve_up_to_n'
                      ? t('paper.noTick')
                      : t('paper.unmarked')
                    : form === 'approve_up_to_n'
                      ? t('paper.tick')
                      : t(`choice.${o}`)}
                </label>
              ))}
            </div>
          </div>
        )
      })}
    </div>
  )
})
