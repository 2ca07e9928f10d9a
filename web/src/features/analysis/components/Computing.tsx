import { useEffect, useState } from 'react'
import { Card, Spin, Steps } from 'antd'
import { useAnalysisT } from '../i18n'

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
