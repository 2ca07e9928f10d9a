import { useId, type ReactNode } from 'react'
import { Link, NavLink } from 'react-router'
import { useCyclesT } from '../../i18n'
import { errorMessage, isApiError } from '@/lib/api'
import type { PublicCycle } from '../../api/public'
import { isListLocked } from '../../lib/labels'
import './solicit.css'

/** The public pages of one cycle, as a row of links (the current one marked). */
export function CycleNav({
  cycle,
}: {
  cycle: Pick<PublicCycle, 'id' | 'jurisdiction' | 'phase' | 'acceptingSuggestions'>
}) {
  const { t } = useCyclesT()
  const links = [
    {
      to: `/public/suggest?j=${cycle.jurisdiction.id}&cycle=${cycle.id}`,
      label: t('publicSuggest.nav.notice'),
      end: true,
    },
    ...(cycle.acceptingSuggestions
      ? [
          {
            to: `/public/cycles/${cycle.id}/suggest`,
            label: t('publicSuggest.nav.form'),
            end: true,
          },
        ]
      : []),
    {
      to: `/public/cycles/${cycle.id}/suggestions`,
      label: t('publicSuggest.nav.outcomes'),
      end: true,
    },
    ...(isListLocked(cycle.phase)
      ? [
          {
            to: `/public/cycles/${cycle.id}/candidates`,
            label: t('publicSuggest.nav.candidates'),
            end: true,
          },
        ]
      : []),
    { to: '/public/track', label: t('publicSuggest.nav.track'), end: true },
  ]
  return (
    <nav className="ps-tabs" aria-label={t('publicSuggest.nav.label')}>
      {links.map((l) => (
        <NavLink key={l.to} to={l.to} end={l.end}>
          {l.label}
        </NavLink>
      ))}
    </nav>
  )
}

/** Breadcrumb-style heading of a cycle's public page. */
export function CycleHeading({ cycle, title }: { cycle: PublicCycle; title: string }) {
  const { t } = useCyclesT()
  return (
    <header className="ps-head">
      <p className="ps-crumbs">
        <Link to="/public/suggest">{t('publicSuggest.crumbRoot')}</Link>
        <span aria-hidden="true"> › </span>
        <Link to={`/public/suggest?j=${cycle.jurisdiction.id}&cycle=${cycle.id}`}>
          {cycle.jurisdiction.name} · {cycle.title}
        </Link>
      </p>
      <h1>{title}</h1>
      <CycleNav cycle={cycle} />
    </header>
  )
}

export function Loading() {
  const { t } = useCyclesT()
  return (
    <p className="ps-loading" role="status">
      <span className="ms-spinner" aria-hidden="true" />
      {t('app.loading')}
    </p>
  )
}

/** A load error as a person reads it; 404 says the thing is not there. */
export function LoadError({ error, notFound }: { error: unknown; notFound?: string }) {
  return (
    <div className="ps-alert ps-alert--error" role="alert">
      {notFound && isApiError(error, 'NOT_FOUND') ? notFound : errorMessage(error)}
    </div>
  )
}

/** A labelled form control with help and an error message wired to it (aria-describedby). */
export function Field({
  label,
  required,
  help,
  error,
  children,
}: {
  label: string
  required?: boolean
  help?: ReactNode
  error?: string
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode
}) {
  const { t } = useCyclesT()
  const id = useId()
  const helpId = `${id}-help`
  const errorId = `${id}-error`
  const describedBy =
    [help ? helpId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className={`ps-field${error ? ' ps-field--error' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required ? (
          <span className="ps-required" aria-hidden="true">
            *
          </span>
        ) : (
          <span className="ps-optional">{t('publicSuggest.optional')}</span>
        )}
      </label>
      {children({ id, describedBy, invalid: !!error })}
      {help && (
        <p id={helpId} className="ps-help">
          {help}
        </p>
      )}
      {error && (
        <p id={errorId} className="ps-error">
          {error}
        </p>
      )}
    </div>
  )
}
