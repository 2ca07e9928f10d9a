import { useEffect, useState } from 'react'
import { Alert, Card, Spin, Steps } from 'antd'
import { ArrowLeftOutlined } from '@ant-design/icons'
import { Link } from 'react-router'
import { PageHeader } from '@/components/PageHeader'
import { errorMessage } from '@/lib/api'
import { useAnalysisT } from '../i18n'

/** The way back from a comparison to the analysis index. */
export function BackToIndex() {
  const { t } = useAnalysisT()
  return (
    <Link to="/console/analysis">
      <ArrowLeftOutlined /> {t('whatIf.backToIndex')}
    </Link>
  )
}

/** A comparison page before its data: the header with the way back, then progress or the error. */
export function WhatIfWaiting({ error, imported }: { error: unknown; imported: boolean }) {
  const { t } = useAnalysisT()
  return (
    <>
      <PageHeader title={t('index.title')} description={<BackToIndex />} />
      {error ? (
        <Alert type="error" showIcon title={errorMessage(error)} />
      ) : (
        <Computing imported={imported} />
      )}
    </>
  )
}

/** What the page shows while the API computes the rules: the steps and the seconds elapsed. */
export function Computing({ imported }: { imported: boolean }) {
  const { t } = useAnalysisT()
  const [seconds, setSeconds] = useState(0)
  useEffect(() => {
    const started = Date.now()
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 500)
    return () => clearInterval(timer)
  }, [])
  const items = [
    ...(imported ? [{ title: t('whatIf.steps.upload') }] : []),
    { title: t('whatIf.steps.parse') },
    { title: t('whatIf.steps.rules') },
    { title: t('whatIf.steps.done') },
  ]
  return (
    <Card>
      <Steps className="analysis-steps" size="small" current={imported ? 2 : 1} items={items} />
      <div className="analysis-computing" role="status" aria-live="polite">
        <Spin size="large" />
        <h2 className="analysis-card-title" style={{ marginTop: 16 }}>
          {t('whatIf.computing')}{' '}
          <span className="analysis-muted">{t('whatIf.elapsed', { seconds })}</span>
        </h2>
        <p>{t('whatIf.computingHelp')}</p>
      </div>
    </Card>
  )
}
