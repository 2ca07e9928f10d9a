import { useId, useMemo, useState } from 'react'
import { useParams } from 'react-router'
import { useCyclesT } from '../../i18n'
import { StatusTag } from '@/components/StatusTag'
import { useFormat } from '@/lib/use-format'
import { usePublicCycle, usePublicOutcomes, type PublicOutcomeFilters } from '../../api/public'
import { CATEGORIES, DECIDED_OUTCOMES } from '../../lib/labels'
import { CycleHeading, LoadError, Loading } from './shared'

/** 建议办理结果公示 (public): every decided suggestion with its outcome; counts include pending. */
export default function PublicOutcomesPage() {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const outcomeId = useId()
  const categoryId = useId()
  const { cid } = useParams()
  const cycle = usePublicCycle(cid)
  const [filters, setFilters] = useState<PublicOutcomeFilters>({})
  const list = usePublicOutcomes(cid, filters)
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data])
  const summary = list.data?.pages[0]?.summary

  const setFilter = (key: keyof PublicOutcomeFilters, value: string) =>
    setFilters((f) => {
      const next = { ...f, [key]: value || undefined }
      if (!value) delete next[key]
      return next
    })

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

  return (
    <div className="pub-section ps-page">
      <CycleHeading cycle={cycle.data} title={t('publicSuggest.outcomes.title')} />
      <p className="ps-lead">{t('publicSuggest.outcomes.lead')}</p>
      {summary && (
        <ul className="ps-stats" aria-label={t('publicSuggest.outcomes.summary')}>
          <li>
            <span className="ps-stats__n ms-num">{fmt.count(summary.total)}</span>
            <span>{t('publicSuggest.outcomes.total')}</span>
          </li>
          {DECIDED_OUTCOMES.map((o) => (
            <li key={o}>
              <span className="ps-stats__n ms-num">{fmt.count(summary[o])}</span>
              <StatusTag kind="suggestionOutcome" value={o} />
            </li>
          ))}
          <li>
            <span className="ps-stats__n ms-num">{fmt.count(summary.pending)}</span>
            <StatusTag kind="suggestionOutcome" value="pending" />
          </li>
        </ul>
      )}
      <div className="ps-filters">
        <span>
          <label htmlFor={outcomeId}>{t('suggestions.fields.outcome')}</label>
          <select
            id={outcomeId}
            className="ps-input ps-select"
            value={filters.outcome ?? ''}
            onChange={(e) => setFilter('outcome', e.target.value)}
          >
            <option value="">{t('publicSuggest.outcomes.all')}</option>
            {DECIDED_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(`status.suggestionOutcome.${o}`)}
              </option>
            ))}
          </select>
        </span>
        <span>
          <label htmlFor={categoryId}>{t('suggestions.fields.category')}</label>
          <select
            id={categoryId}
            className="ps-input ps-select"
            value={filters.category ?? ''}
            onChange={(e) => setFilter('category', e.target.value)}
          >
            <option value="">{t('publicSuggest.outcomes.all')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`cycles.category.${c}`)}
              </option>
            ))}
          </select>
        </span>
      </div>
      <div aria-live="polite" aria-busy={list.isFetching}>
        {list.isPending ? (
          <Loading />
        ) : list.error ? (
          <LoadError error={list.error} />
        ) : rows.length === 0 ? (
          <div className="ps-alert ps-alert--info">{t('publicSuggest.outcomes.empty')}</div>
        ) : (
          <table className="ps-table">
            <caption className="ms-visually-hidden">{t('publicSuggest.outcomes.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('suggestions.fields.title')}</th>
                <th scope="col">{t('suggestions.fields.category')}</th>
                <th scope="col">{t('suggestions.fields.source')}</th>
                <th scope="col">{t('suggestions.fields.outcome')}</th>
                <th scope="col">{t('suggestions.fields.reply')}</th>
                <th scope="col">{t('publicSuggest.outcomes.submitted')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <th scope="row" data-label={t('suggestions.fields.title')}>
                    {s.title}
                    {s.location && <span className="ps-sub">{s.location}</span>}
                  </th>
                  <td data-label={t('suggestions.fields.category')}>
                    {t(`cycles.category.${s.category}`)}
                  </td>
                  <td data-label={t('suggestions.fields.source')}>
                    {t(`suggestions.source.${s.source}`)}
                  </td>
                  <td data-label={t('suggestions.fields.outcome')}>
                    <StatusTag kind="suggestionOutcome" value={s.outcome} />
                  </td>
                  <td data-label={t('suggestions.fields.reply')} className="ps-table__reply">
                    {s.candidateTitle && (
                      <span className="ps-sub ps-sub--strong">
                        {t('suggestions.adoptedInto', { title: s.candidateTitle })}
                      </span>
                    )}
                    {s.mergedIntoTitle && (
                      <span className="ps-sub ps-sub--strong">
                        {t('suggestions.mergedInto', { title: s.mergedIntoTitle })}
                      </span>
                    )}
                    {s.reply}
                  </td>
                  <td data-label={t('publicSuggest.outcomes.submitted')} className="ps-nowrap">
                    {fmt.date(s.submittedOn)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {list.hasNextPage && (
          <p className="ps-more">
            <button
              type="button"
              className="pub-button pub-button--ghost pub-button--large"
              onClick={() => void list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
            >
              {list.isFetchingNextPage ? t('app.loading') : t('common.loadMore')}
            </button>
          </p>
        )}
      </div>
    </div>
  )
}
