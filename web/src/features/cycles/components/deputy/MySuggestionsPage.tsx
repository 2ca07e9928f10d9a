import { useMemo } from 'react'
import { Link } from 'react-router'
import { usePortalHat } from './hat'
import { Alert, Button, Empty, Skeleton } from 'antd'
import { FileAddOutlined } from '@ant-design/icons'
import { useCyclesT } from '../../i18n'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useCurrentJurisdiction } from '@/lib/session'
import { useFormat } from '@/lib/use-format'
import { useCycles } from '../../api/cycles'
import { useMySuggestions, type Suggestion } from '../../api/suggestions'
import './deputy.css'

function SuggestionCard({ s }: { s: Suggestion }) {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const titleId = `sg-${s.id}`
  return (
    <li>
      <article className="dp-card" aria-labelledby={titleId}>
        <header className="dp-card__head">
          <h2 id={titleId}>{s.title}</h2>
          <StatusTag kind="suggestionOutcome" value={s.outcome} />
        </header>
        <p className="dp-card__meta">
          {t(`cycles.category.${s.category}`)}
          {s.location && ` · ${s.location}`} ·{' '}
          {t('suggestions.submittedOn', { date: fmt.date(s.createdAt) })}
        </p>
        {s.outcome === 'pending' ? (
          <p className="dp-card__pending">{t('suggestions.mine.pending')}</p>
        ) : (
          <div className="dp-card__reply">
            <h3>{t('suggestions.mine.reply')}</h3>
            {s.candidate && (
              <p className="dp-card__link">
                {t('suggestions.adoptedInto', { title: s.candidate.title })}
              </p>
            )}
            {s.mergedInto && (
              <p className="dp-card__link">
                {t('suggestions.mergedInto', { title: s.mergedInto.title })}
              </p>
            )}
            <p className="dp-card__text">{s.reply}</p>
            {s.outcomeAt && (
              <p className="dp-card__date">
                {t('suggestions.repliedOn', { date: fmt.date(s.outcomeAt) })}
              </p>
            )}
          </div>
        )}
        <p className="dp-card__code">
          {t('suggestions.fields.trackingCode')}：<code>{s.trackingCode}</code>
        </p>
      </article>
    </li>
  )
}

/**
 * 我的建议 (deputy portal, phone-first; also a unit's own under /unit): what I proposed, its
 * outcome and the reply.
 */
export default function MySuggestionsPage() {
  const { t } = useCyclesT()
  const hat = usePortalHat()
  const fmt = useFormat()
  const { current } = useCurrentJurisdiction()
  const cycles = useCycles(current?.id)
  const mine = useMySuggestions()
  const open = cycles.data?.items.find((c) => c.acceptingSuggestions)
  const items = useMemo(() => mine.data?.pages.flatMap((p) => p.items) ?? [], [mine.data])
  const answered = items.filter((s) => s.outcome !== 'pending').length

  return (
    <div className="dp-page">
      <header className="dp-head">
        <h1>{t('suggestions.mine.title')}</h1>
        <p>{t('suggestions.mine.intro')}</p>
      </header>
      {open ? (
        <Link to={`${hat.base}/suggestions/new`} className="dp-primary">
          <FileAddOutlined aria-hidden />
          <span>
            <strong>{t('suggestions.mine.new')}</strong>
            <span>
              {open.solicitationDeadline
                ? t('suggestions.mine.openUntil', {
                    title: open.title,
                    date: fmt.date(open.solicitationDeadline),
                  })
                : open.title}
            </span>
          </span>
        </Link>
      ) : (
        !cycles.isPending && <p className="dp-note">{t('suggestions.mine.closed')}</p>
      )}
      {mine.error && <Alert type="error" showIcon title={errorMessage(mine.error)} />}
      {mine.isPending ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty description={t('suggestions.mine.empty')} />
      ) : (
        <section aria-labelledby="mine-list">
          <h2 id="mine-list" className="dp-section">
            {t('suggestions.mine.count', {
              n: fmt.count(items.length),
              answered: fmt.count(answered),
            })}
          </h2>
          <ul className="dp-list">
            {items.map((s) => (
              <SuggestionCard key={s.id} s={s} />
            ))}
          </ul>
          {mine.hasNextPage && (
            <Button
              block
              size="large"
              onClick={() => void mine.fetchNextPage()}
              loading={mine.isFetchingNextPage}
            >
              {t('common.loadMore')}
            </Button>
          )}
        </section>
      )}
    </div>
  )
}
