import { Button, Space } from 'antd'
import { DownloadOutlined, FileTextOutlined } from '@ant-design/icons'
import { useParams } from 'react-router'
import { PageHeader } from '@/components/PageHeader'
import { StatusTag } from '@/components/StatusTag'
import { useFormat } from '@/lib/use-format'
import { useAnalysisT } from '../i18n'
import { useVoteWhatIf, votePbUrl, voteWhatIfXlsxUrl } from '../api/analysis'
import { WhatIfView } from './WhatIfView'
import { BackToIndex, WhatIfWaiting } from './Computing'
import './analysis.css'

/** The comparison of a closed vote: the legal result beside the budget-aware rules. */
export default function VoteWhatIfPage() {
  const { vid = '' } = useParams()
  const { t } = useAnalysisT()
  const fmt = useFormat()
  const q = useVoteWhatIf(vid)
  if (q.isPending || q.error) return <WhatIfWaiting error={q.error} imported={false} />
  const back = <BackToIndex />
  const d = q.data
  return (
    <WhatIfView
      data={d}
      header={
        <PageHeader
          title={t('whatIf.voteTitle', { title: d.source.title })}
          description={
            <>
              {back} · {d.source.cycleYear} · {d.source.cycleTitle} ·{' '}
              <StatusTag kind="voteStatus" value={d.source.state} /> ·{' '}
              {t('whatIf.computedIn', { ms: fmt.count(Math.round(d.requestMs)) })}
            </>
          }
          extra={
            <Space wrap>
              <Button
                icon={<DownloadOutlined />}
                type="primary"
                href={voteWhatIfXlsxUrl(vid, fmt.lang)}
              >
                {t('whatIf.exportExcel')}
              </Button>
              <Button icon={<FileTextOutlined />} href={votePbUrl(vid)}>
                {t('whatIf.exportPb')}
              </Button>
            </Space>
          }
        />
      }
    />
  )
}
