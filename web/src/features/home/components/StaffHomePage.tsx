import { useMemo } from 'react'
import { Alert, Card, Col, Row, Skeleton, Statistic } from 'antd'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '@/components/PageHeader'
import { ChartWithTable } from '@/components/ChartWithTable'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useFormat } from '@/lib/use-format'
import { STATUS_KINDS, type CyclePhase } from '@/lib/status'
import { useCurrentJurisdiction, useMe } from '@/lib/session'
import { useDeputies, useUnits } from '../api/overview'
import './home.css'

const PHASES = Object.keys(STATUS_KINDS.cyclePhase) as CyclePhase[]

/** 工作台 home: the jurisdiction at a glance and the annual cycle; features add their cards. */
export default function StaffHomePage() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const { data: me } = useMe()
  const { current } = useCurrentJurisdiction()
  const deputies = useDeputies(current?.id)
  const units = useUnits(current?.id)

  const byDelegation = useMemo(() => {
    const counts = new Map<string, number>()
    for (const d of deputies.data?.items ?? []) {
      const key = d.delegation ?? t('home.staff.noDelegation')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return [...counts].sort((a, b) => b[1] - a[1])
  }, [deputies.data, t])

  const error = deputies.error ?? units.error
  return (
    <>
      <PageHeader
        title={t('home.staff.title')}
        description={`${t('home.welcome', { name: me?.user.displayName ?? '' })} · ${t('home.staff.intro')}`}
      />
      {error && <Alert type="error" showIcon title={errorMessage(error)} className="home-gap" />}
      <section aria-labelledby="overview-title" className="home-gap">
        <h2 id="overview-title" className="ms-visually-hidden">
          {t('home.staff.overview')}
        </h2>
        <Row gutter={[16, 16]}>
          <Col xs={24} sm={8}>
            <Card>
              <Statistic
                title={t('home.staff.deputies')}
                loading={deputies.isPending}
                value={fmt.count(deputies.data?.items.length ?? 0)}
              />
            </Card>
          </Col>
          <Col xs={24} sm={8}>
            <Card>
              <Statistic
                title={t('home.staff.delegations')}
                loading={deputies.isPending}
                value={fmt.count(byDelegation.length)}
              />
            </Card>
          </Col>
          <Col xs={24} sm={8}>
            <Card>
              <Statistic
                title={t('home.staff.units')}
                loading={units.isPending}
                value={fmt.count(units.data?.items.length ?? 0)}
              />
            </Card>
          </Col>
        </Row>
      </section>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card>
            {/* The figure's caption is this card's title. */}
            {deputies.isPending ? (
              <Skeleton active />
            ) : (
              <ChartWithTable
                title={t('home.staff.byDelegation')}
                type="bar"
                horizontal
                labels={byDelegation.map(([name]) => name)}
                series={[{ label: t('home.staff.count'), data: byDelegation.map(([, n]) => n) }]}
                labelHeader={t('home.staff.delegation')}
                height={Math.max(200, byDelegation.length * 34)}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={<h2 className="home-card-title">{t('home.staff.process')}</h2>}>
            <ol className="home-phases">
              {PHASES.map((p) => (
                <li key={p}>
                  <StatusTag kind="cyclePhase" value={p} />
                  <span>{t(`home.staff.phaseText.${p}`)}</span>
                </li>
              ))}
            </ol>
          </Card>
        </Col>
      </Row>
    </>
  )
}
