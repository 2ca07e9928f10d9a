import { useParams } from 'react-router'
import { useCyclesT } from '../../i18n'
import { useFormat } from '@/lib/use-format'
import { usePublicCycle } from '../../api/public'
import { ratioToTenThousandths, tenThousandthsToPercent } from '../../lib/numbers'
import { CycleHeading, LoadError, Loading } from './shared'

/** 候选项目名单 (public): the list as fixed (审定), in ballot order; nothing before it is locked. */
export default function PublicCandidatesPage() {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const { cid } = useParams()
  const cycle = usePublicCycle(cid)

  if (cycle.isPending)
    return (
      <div className="pub-section">
        <Loading />
      </div>
    )
  if (cycle.error)
    return (
      <div className="pub-section">
        <LoadError error={cycle.error} notFound={t('publicSuggest.cycleNotFound')} />
      </div>
    )
  const c = cycle.data
  const items = c.candidates
  const total = (items ?? []).reduce((sum, x) => sum + BigInt(x.estimateFen), 0n)
  const ratio = `${tenThousandthsToPercent(ratioToTenThousandths(c.marginRatio) ?? 0)}%`

  return (
    <div className="pub-section ps-page">
      <CycleHeading cycle={c} title={t('publicSuggest.candidates.title', { title: c.title })} />
      {!items ? (
        <div className="ps-alert ps-alert--info">{t('publicSuggest.candidates.notYet')}</div>
      ) : (
        <>
          <p className="ps-lead">
            {t('publicSuggest.candidates.lead', {
              n: fmt.count(items.length),
              seats: fmt.count(c.seats),
              r: ratio,
              total: fmt.wan(total, 2),
            })}
          </p>
          <ol className="ps-cands">
            {items.map((x, i) => (
              <li key={x.id} className="ps-cand">
                <article aria-labelledby={`cand-${x.id}`}>
                  <header className="ps-cand__head">
                    <span className="ps-cand__no ms-num" aria-hidden="true">
                      {i + 1}
                    </span>
                    <h2 id={`cand-${x.id}`}>{x.title}</h2>
                    <span className="ps-chip">{t(`cycles.category.${x.category}`)}</span>
                  </header>
                  {x.description && <p className="ps-cand__desc">{x.description}</p>}
                  <dl className="ps-facts ps-facts--compact">
                    <div>
                      <dt>{t('candidates.fields.responsibleUnit')}</dt>
                      <dd>{x.responsibleUnit}</dd>
                    </div>
                    <div>
                      <dt>{t('candidates.fields.estimate')}</dt>
                      <dd className="ms-num">{fmt.wan(x.estimateFen, 6)}</dd>
                    </div>
                    <div>
                      <dt>{t('candidates.fields.fundingSource')}</dt>
                      <dd>
                        {t(`cycles.fundingSource.${x.fundingSource}`, {
                          defaultValue: x.fundingSource,
                        })}
                      </dd>
                    </div>
                    <div>
                      <dt>{t('candidates.fields.plannedCompletion')}</dt>
                      <dd>{fmt.date(x.plannedCompletion)}</dd>
                    </div>
                    {x.location && (
                      <div>
                        <dt>{t('candidates.fields.location')}</dt>
                        <dd>{x.location}</dd>
                      </div>
                    )}
                  </dl>
                  {x.targets && (
                    <p className="ps-cand__targets">
                      <strong>{t('candidates.fields.targets')}：</strong>
                      {x.targets}
                    </p>
                  )}
                </article>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  )
}
