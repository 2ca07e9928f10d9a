import { useState, type ReactNode } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { Alert, App, Button, Card, Skeleton, Space, Steps, Tabs, Tag } from 'antd'
import {
  FilePdfOutlined,
  FundProjectionScreenOutlined,
  GlobalOutlined,
  LeftOutlined,
} from '@ant-design/icons'
import { PageHeader } from '@/components/PageHeader'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage, isApiError } from '@/lib/api'
import { notifyError, notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import {
  downloadBallotSheet,
  isCounted,
  useCertify,
  usePublish,
  useTransition,
  useVote,
  type Vote,
  type VoteState,
} from '../../api/votes'
import { useLiveTurnout, type LiveMode } from '../../hooks/useLiveTurnout'
import { useBallotsT } from '../../i18n'
import { kindLabel } from '../../lib/labels'
import { TurnoutFigures } from '../shared/TurnoutFigures'
import { CandidatesPanel } from './CandidatesPanel'
import { CheckInDesk } from './CheckInDesk'
import { PaperPanel } from './PaperPanel'
import { ResultPanel } from './ResultPanel'
import { RosterEditor } from './RosterEditor'
import './console.css'

const LIFECYCLE: VoteState[] = ['draft', 'open', 'closed', 'certified', 'published']
type TabKey = 'checkin' | 'roster' | 'candidates' | 'result' | 'paper'

/** One vote's console: lifecycle, live turnout, check-in desk, roster, result, paper. */
export default function VoteConsolePage() {
  const { vid = '' } = useParams()
  const { t } = useBallotsT()
  const vote = useVote(vid)
  const live = useLiveTurnout(vid, !!vote.data)
  const v = vote.data

  if (vote.isPending) return <Skeleton active paragraph={{ rows: 8 }} />
  if (vote.error || !v)
    return (
      <>
        <Link to="/console/votes" className="bt-back-link">
          <LeftOutlined aria-hidden="true" /> {t('console.backToList')}
        </Link>
        <Alert type="error" showIcon title={errorMessage(vote.error)} />
      </>
    )

  return <VoteConsole vote={v} liveTurnout={live.data} liveMode={live.mode} />
}

function VoteConsole({
  vote: v,
  liveTurnout,
  liveMode,
}: {
  vote: Vote
  liveTurnout: { entitled: number; present: number; voted: number } | undefined
  liveMode: LiveMode
}) {
  const { t } = useBallotsT()
  const [params, setParams] = useSearchParams()
  const actions = useVoteActions(v)
  const turnout = liveTurnout ?? v.turnout
  const counted = isCounted(v.state)
  const tab = (params.get('tab') as TabKey | null) ?? (counted ? 'result' : 'checkin')
  const setTab = (key: string) =>
    setParams(
      (p) => {
        p.set('tab', key)
        return p
      },
      { replace: true },
    )

  return (
    <>
      <Link to={`/console/votes?cycle=${v.cycleId}`} className="bt-back-link">
        <LeftOutlined aria-hidden="true" /> {t('console.backToList')}
      </Link>
      <PageHeader
        title={
          <span className="bt-title-with-tag">
            {v.title} <StatusTag kind="voteStatus" value={v.state} />
          </span>
        }
        description={t('console.voteLine', {
          kind: kindLabel(t, v.kind),
          seats: v.rules.seats,
          count: v.candidates.length,
          form: t(`form.${v.rules.ballotForm}`),
          basis: t(`basis.${v.rules.thresholdBasis}`),
        })}
        extra={actions.buttons}
      />
      {actions.alert}
      <Card className="bt-block-gap">
        <Steps
          size="small"
          current={LIFECYCLE.indexOf(v.state)}
          items={LIFECYCLE.map((s) => ({
            title: t(`status.voteStatus.${s}`),
            content: t(`console.stepText.${s}`),
          }))}
        />
      </Card>
      <Card
        className="bt-block-gap"
        title={t('console.turnoutTitle')}
        extra={
          <Tag color={liveMode === 'live' ? 'green' : 'default'} data-testid="live-mode">
            {liveMode === 'live'
              ? t('console.live')
              : liveMode === 'polling'
                ? t('console.polling')
                : t('console.connecting')}
          </Tag>
        }
      >
        <TurnoutFigures turnout={turnout} showVoted={v.state !== 'draft'} />
        {v.state === 'open' && <p className="bt-muted bt-sealed-note">{t('console.sealedNote')}</p>}
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={[
            {
              key: 'checkin',
              label: t('console.tabs.checkin'),
              children: <CheckInDesk vote={v} />,
            },
            { key: 'roster', label: t('console.tabs.roster'), children: <RosterEditor vote={v} /> },
            {
              key: 'candidates',
              label: t('console.tabs.candidates'),
              children: <CandidatesPanel vote={v} />,
            },
            { key: 'result', label: t('console.tabs.result'), children: <ResultPanel vote={v} /> },
            { key: 'paper', label: t('console.tabs.paper'), children: <PaperPanel vote={v} /> },
          ]}
        />
      </Card>
    </>
  )
}

/**
 * The one next step of the lifecycle, plus the hall screen and the printable ballot; and the
 * refusal of the last step, shown under the header (QUORUM_NOT_MET with its numbers).
 */
function useVoteActions(v: Vote) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const { modal } = App.useApp()
  const transition = useTransition(v.id)
  const certify = useCertify(v.id)
  const publish = usePublish(v.id)
  const [pdfBusy, setPdfBusy] = useState(false)
  const error = transition.error ?? certify.error ?? publish.error

  async function downloadPdf() {
    setPdfBusy(true)
    try {
      const blob = await downloadBallotSheet(v.id)
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = `${t('console.pdfName')}-${v.title}.pdf`
      a.click()
      setTimeout(() => URL.revokeObjectURL(url), 30_000)
    } catch (e) {
      notifyError(e)
    } finally {
      setPdfBusy(false)
    }
  }

  const confirm = (key: 'open' | 'close' | 'certify' | 'publish', run: () => void) =>
    modal.confirm({
      title: t(`console.confirm.${key}.title`),
      content: t(`console.confirm.${key}.text`, {
        seats: v.rules.seats,
        count: v.candidates.length,
        entitled: fmt.count(v.turnout.entitled),
        present: fmt.count(v.turnout.present),
      }),
      okText: t(`console.confirm.${key}.ok`),
      cancelText: t('common.cancel'),
      onOk: run,
    })

  const reset = () => {
    transition.reset()
    certify.reset()
    publish.reset()
  }
  const done = (key: string) => () => notifySuccess(t(`console.done.${key}`))

  let primary: ReactNode = null
  switch (v.state) {
    case 'draft':
      primary = (
        <Button
          type="primary"
          loading={transition.isPending}
          onClick={() =>
            confirm('open', () => {
              reset()
              transition.mutate('open', { onSuccess: done('open') })
            })
          }
        >
          {t('console.open')}
        </Button>
      )
      break
    case 'open':
      primary = (
        <Button
          type="primary"
          danger
          loading={transition.isPending}
          onClick={() =>
            confirm('close', () => {
              reset()
              transition.mutate('close', { onSuccess: done('close') })
            })
          }
        >
          {t('console.close')}
        </Button>
      )
      break
    case 'closed':
      primary = (
        <Button
          type="primary"
          loading={certify.isPending}
          onClick={() =>
            confirm('certify', () => {
              reset()
              certify.mutate(undefined, { onSuccess: done('certify') })
            })
          }
        >
          {t('console.certify')}
        </Button>
      )
      break
    case 'certified':
      primary = (
        <Button
          type="primary"
          loading={publish.isPending}
          onClick={() =>
            confirm('publish', () => {
              reset()
              publish.mutate(undefined, { onSuccess: done('publish') })
            })
          }
        >
          {t('console.publish')}
        </Button>
      )
      break
    case 'published':
      primary = (
        <Button icon={<GlobalOutlined />} href={`/public/votes/${v.id}`} target="_blank">
          {t('console.publicPage')}
        </Button>
      )
      break
  }

  const buttons = (
    <Space wrap>
      <Button
        icon={<FundProjectionScreenOutlined />}
        href={`/bigscreen/votes/${v.id}`}
        target="_blank"
      >
        {t('console.bigScreen')}
      </Button>
      <Button icon={<FilePdfOutlined />} loading={pdfBusy} onClick={() => void downloadPdf()}>
        {pdfBusy ? t('console.pdfBusy') : t('console.pdf')}
      </Button>
      {primary}
    </Space>
  )
  const alert = error ? (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="transition-error"
      className="bt-block-gap"
      title={
        isApiError(error, 'QUORUM_NOT_MET')
          ? t('console.quorumNotMet', {
              entitled: fmt.count(Number(error.details.entitled ?? 0)),
              present: fmt.count(Number(error.details.present ?? 0)),
              required: fmt.count(Number(error.details.required ?? 0)),
            })
          : isApiError(error, 'PAPER_NOT_RECONCILED')
            ? t('console.paperPending')
            : errorMessage(error)
      }
      description={isApiError(error, 'QUORUM_NOT_MET') ? t('console.quorumHelp') : undefined}
      closable={{ onClose: reset }}
    />
  ) : null
  return { buttons, alert }
}
