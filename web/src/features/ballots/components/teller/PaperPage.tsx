import { Link, useParams } from 'react-router'
import { Alert, Card, Skeleton } from 'antd'
import { LeftOutlined } from '@ant-design/icons'
import { PageHeader } from '@/components/PageHeader'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useCurrentJurisdiction } from '@/lib/session'
import { useResult } from '../../api/result'
import { useVote } from '../../api/votes'
import { useBallotsT } from '../../i18n'
import { DiscrepancyList } from './DiscrepancyList'
import { PaperCountForm } from './PaperCountForm'
import { PaperEntryForm } from './PaperEntryForm'
import '../console/console.css'

/**
 * 纸质计票 for one vote: entry (round 1 / round 2 by different tellers), the discrepancies, and —
 * for staff — resolving them and the issued/returned count.
 */
export default function PaperPage() {
  const { vid = '' } = useParams()
  const { t } = useBallotsT()
  const { hasRole } = useCurrentJurisdiction()
  const staff = hasRole('staff')
  const vote = useVote(vid)
  const v = vote.data
  const result = useResult(vid, staff && v?.state === 'closed')
  const backTo = staff ? `/console/votes/${vid}?tab=paper` : '/teller/votes'

  if (vote.isPending) return <Skeleton active paragraph={{ rows: 8 }} />
  if (vote.error || !v) return <Alert type="error" showIcon title={errorMessage(vote.error)} />

  return (
    <>
      <Link to={backTo} className="bt-back-link">
        <LeftOutlined aria-hidden="true" /> {staff ? t('paper.backToVote') : t('paper.backToList')}
      </Link>
      <PageHeader
        title={
          <span className="bt-title-with-tag">
            {t('paper.title')} · {v.title} <StatusTag kind="voteStatus" value={v.state} />
          </span>
        }
        description={t('paper.intro')}
      />
      {v.state !== 'closed' && (
        <Alert
          type="info"
          showIcon
          className="bt-block-gap"
          title={
            v.state === 'draft' || v.state === 'open' ? t('paper.notYet') : t('paper.finished')
          }
        />
      )}
      <Card className="bt-block-gap">
        <PaperEntryForm vote={v} />
      </Card>
      <Card className="bt-block-gap">
        <DiscrepancyList vote={v} canResolve={staff && v.state === 'closed'} />
      </Card>
      {staff && (
        <Card>
          {result.isPending && result.fetchStatus !== 'idle' ? (
            <Skeleton active />
          ) : (
            <PaperCountForm vote={v} initial={result.data?.paper} />
          )}
        </Card>
      )}
    </>
  )
}
