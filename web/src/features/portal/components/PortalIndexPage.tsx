import { Link } from 'react-router'
import { errorMessage } from '@/lib/api'
import { useJurisdictions, type JurisdictionList } from '../api'
import { usePortalT } from '../i18n'
import './portal.css'

type J = JurisdictionList['items'][number]

/** 阅卷 entry: pick a city, county or township (a tree, one column on a phone). */
export default function PortalIndexPage() {
  const { t } = usePortalT()
  const q = useJurisdictions()
  const items = q.data?.items ?? []
  const ids = new Set(items.map((j) => j.id))
  const roots = items.filter((j) => !j.parentId || !ids.has(j.parentId))
  const childrenOf = (id: string) => items.filter((j) => j.parentId === id)
  const Node = ({ j }: { j: J }) => {
    const kids = childrenOf(j.id)
    const years = [...new Set(j.cycles.map((c) => c.year))].sort((a, b) => b - a)
    return (
      <li>
        <Link to={`/public/j/${j.id}`} className="portal-tree__link">
          <span className="portal-tree__name">{j.name}</span>
          <span className="portal-tree__level">{t(`index.levels.${j.level}`)}</span>
          {years.length > 0 && <span className="portal-tree__years">{years.join('、')}</span>}
        </Link>
        {kids.length > 0 && (
          <ul>
            {kids.map((k) => (
              <Node key={k.id} j={k} />
            ))}
          </ul>
        )}
      </li>
    )
  }
  return (
    <div className="portal-wrap">
      <header className="portal-head">
        <h1>{t('index.title')}</h1>
        <p className="portal-lead">{t('index.lead')}</p>
      </header>
      {q.isPending && <p className="portal-muted">{t('j.loading')}</p>}
      {q.isError && <p role="alert">{t('j.error', { message: errorMessage(q.error) })}</p>}
      {q.isSuccess && items.length === 0 && <p>{t('index.empty')}</p>}
      <ul className="portal-tree">
        {roots.map((j) => (
          <Node key={j.id} j={j} />
        ))}
      </ul>
    </div>
  )
}
