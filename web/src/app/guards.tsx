import { useEffect, type ReactNode } from 'react'
import { Navigate, useLocation, useMatches } from 'react-router'
import { Button, Result } from 'antd'
import { useTranslation } from 'react-i18next'
import { PageLoading } from '@/components/PageLoading'
import { useCurrentJurisdiction, useMe, type Role } from '@/lib/session'
import { homePathFor } from './nav'

/** Signed-in pages: sends anyone not signed in to /login, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { data: me, isPending, isError, refetch } = useMe()
  const location = useLocation()
  const { t } = useTranslation()
  if (isPending) return <PageLoading />
  if (isError)
    return (
      <Result
        status="warning"
        title={t('errors.NETWORK')}
        extra={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>}
      />
    )
  if (!me) {
    const next = location.pathname + location.search
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />
  }
  return children
}

/** What the router attaches to a page's route (`handle`): the roles it needs. */
export interface RouteHandle {
  roles?: readonly Role[]
}

/**
 * Renders the matched page only for a user holding one of its roles (`handle.roles`) in the
 * current jurisdiction. A user who holds it in another of their jurisdictions (a deep link) is
 * switched there.
 */
export function RoleGate({ children }: { children: ReactNode }) {
  const matches = useMatches()
  const roles = [...matches].reverse().find((m) => (m.handle as RouteHandle | undefined)?.roles)
    ?.handle as RouteHandle | undefined
  return <RequireRole roles={roles?.roles}>{children}</RequireRole>
}

function RequireRole({ roles, children }: { roles?: readonly Role[]; children: ReactNode }) {
  const { current, all, choose } = useCurrentJurisdiction()
  const { t } = useTranslation()
  const allowed = !roles || !!current?.roles.some((r) => roles.includes(r))
  const elsewhere = allowed ? undefined : all.find((j) => j.roles.some((r) => roles!.includes(r)))
  useEffect(() => {
    if (elsewhere) choose(elsewhere.id)
  }, [elsewhere, choose])
  if (allowed) return children
  if (elsewhere) return <PageLoading />
  return (
    <Result
      status="403"
      title={t('errorPage.forbidden')}
      subTitle={t('errorPage.forbiddenText')}
      extra={
        <Button type="primary" href={homePathFor(current?.roles ?? [])}>
          {t('common.backHome')}
        </Button>
      }
    />
  )
}

/** `/home`: the current jurisdiction's home page for the user's first role. */
export default function HomeRedirect() {
  const { current } = useCurrentJurisdiction()
  return <Navigate to={homePathFor(current?.roles ?? [])} replace />
}
