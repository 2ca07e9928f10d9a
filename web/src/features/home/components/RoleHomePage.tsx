import { useLocation } from 'react-router'
import { Card, Empty } from 'antd'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '@/components/PageHeader'
import { useCurrentJurisdiction } from '@/lib/session'

const ROLE_OF_PATH = { '/finance': 'finance', '/unit': 'unit', '/teller': 'teller' } as const

/** Home of the finance, unit and teller areas until their features bring real pages. */
export default function RoleHomePage() {
  const { t } = useTranslation()
  const { pathname } = useLocation()
  const { current } = useCurrentJurisdiction()
  const role = ROLE_OF_PATH[pathname as keyof typeof ROLE_OF_PATH] ?? 'finance'
  return (
    <>
      <PageHeader
        title={t(`nav.sections.${role}`)}
        description={`${current?.name ?? ''} · ${t(`home.role.${role}`)}`}
      />
      <Card>
        <Empty description={t('comingSoon.title')} />
      </Card>
    </>
  )
}
