import { useFormat } from '@/lib/use-format'
import { useBallotsT } from '../../i18n'

export interface TurnoutNumbers {
  entitled: number
  present: number
  voted: number
}

/** Quorum: more than half of the roster present (过半数). */
export const quorumOf = (entitled: number) => Math.floor(entitled / 2) + 1

/**
 * 应到 / 实到 / 已投票 as three figures with a bar each (plain HTML: the console, the hall screen
 * and the public pages all use it). `showVoted` is false before the vote opens.
 */
export function TurnoutFigures({
  turnout,
  showVoted = true,
  className = 'bt-turnout',
}: {
  turnout: TurnoutNumbers
  showVoted?: boolean
  className?: string
}) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const { entitled, present, voted } = turnout
  const quorum = quorumOf(entitled)
  const pct = (n: number, of: number) => (of > 0 ? Math.min(100, (n / of) * 100) : 0)
  const quorumMet = entitled > 0 && present >= quorum
  return (
    <dl className={className} data-testid="turnout">
      <div className={`${className}__item`}>
        <dt>{t('turnout.entitled')}</dt>
        <dd>
          <span className={`${className}__value`} data-testid="turnout-entitled">
            {fmt.count(entitled)}
          </span>
          <span className={`${className}__unit`}>{t('turnout.people')}</span>
        </dd>
      </div>
      <div className={`${className}__item`}>
        <dt>{t('turnout.present')}</dt>
        <dd>
          <span className={`${className}__value`} data-testid="turnout-present">
            {fmt.count(present)}
          </span>
          <span className={`${className}__unit`}>{t('turnout.people')}</span>
          <span className={`${className}__bar`} aria-hidden="true">
            <span style={{ width: `${pct(present, entitled)}%` }} />
            <i style={{ left: `${pct(quorum, entitled)}%` }} />
          </span>
          <span className={`${className}__sub`}>
            {quorumMet
              ? t('turnout.quorumMet', { quorum: fmt.count(quorum) })
              : t('turnout.quorumNeed', {
                  quorum: fmt.count(quorum),
                  missing: fmt.count(Math.max(0, quorum - present)),
                })}
          </span>
        </dd>
      </div>
      {showVoted && (
        <div className={`${className}__item`}>
          <dt>{t('turnout.voted')}</dt>
          <dd>
            <span className={`${className}__value`} data-testid="turnout-voted">
              {fmt.count(voted)}
            </span>
            <span className={`${className}__unit`}>{t('turnout.people')}</span>
            <span className={`${className}__bar ${className}__bar--voted`} aria-hidden="true">
              <span style={{ width: `${pct(voted, present)}%` }} />
            </span>
            <span className={`${className}__sub`}>
              {t('turnout.votedOfPresent', {
                percent: fmt.percent(present > 0 ? voted / present : 0, 0),
              })}
            </span>
          </dd>
        </div>
      )}
    </dl>
  )
}
