import { Button, Space } from 'antd'
import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons'
import { useParams } from 'react-router'
import { PageHeader } from '@/components/PageHeader'
import { useFormat } from '@/lib/use-format'
import { useAnalysisT } from '../i18n'
import { instanceSourceUrl, instanceWhatIfXlsxUrl, useInstanceWhatIf } from '../api/analysis'
import { WhatIfView } from './WhatIfView'
import { BackToIndex, WhatIfWaiting } from './Computing'
import './analysis.css'

/** The comparison of an imported pabulib file (computed on first open, then cached). */
export default function InstanceWhatIfPage() {
  const { id = '' } = useParams()
  const { t } = useAnalysisT()
  const fmt = useFormat()
  const q = useInstanceWhatIf(id)
  if (q.isPending || q.error) return <WhatIfWaiting error={q.error} imported />
  const back = <BackToIndex />
  const d = q.data
  const meta = d.source.meta
  const facts = [
    meta.description,
    meta.country,
    meta.rule && `rule: ${meta.rule}`,
    d.source.fileName,
  ]
    .filter(Boolean)
    .join(' · ')
  const computed = d.cached
    ? t('whatIf.cached', { at: fmt.dateTime(d.computedAt) })
    : t('whatIf.computedIn', { ms: fmt.count(Math.round(d.timings.totalMs)) })
  return (
    <WhatIfView
      data={d}
      header={
        <PageHeader
          title={d.source.name}
          description={
            <>
              {back} · {facts} · <span data-testid="what-if-timing">{computed}</span>
            </>
          }
          extra={
            <Space wrap>
              <Button
                icon={<DownloadOutlined />}
                type="primary"
                href={instanceWhatIfXlsxUrl(id, fmt.lang)}
              >
                {t('whatIf.exportExcel')}
              </Button>
              <Button icon={<FileTextOutlined />} href={instanceSourceUrl(id)}>
                {t('whatIf.downloadSource')}
              </Button>
            </Space>
          }
        />
      }
    />
  )
}
