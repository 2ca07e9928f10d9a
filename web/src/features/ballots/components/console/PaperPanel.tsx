import { useNavigate } from 'react-router'
import { Alert, Button, Descriptions } from 'antd'
import { FormOutlined } from '@ant-design/icons'
import { useFormat } from '@/lib/use-format'
import { useResult } from '../../api/result'
import { isCounted, type Vote } from '../../api/votes'
import { useBallotsT } from '../../i18n'

/** The paper side of a vote in the console: where counting stands, and the way to the entry page. */
export function PaperPanel({ vote }: { vote: Vote }) {
  const { t } = useBallotsT()
  const fmt = useFormat()
  const navigate = useNavigate()
  const result = useResult(vote.id, isCounted(vote.state))
  const p = result.data?.paper
  const n = (x: number | null | undefined) => (x === null || x === undefined ? '—' : fmt.count(x))
  return (
    <>
      <p className="bt-muted">{t('paper.consoleIntro')}</p>
      {!isCounted(vote.state) ? (
        <Alert type="info" showIcon title={t('paper.notYet')} className="bt-block-gap" />
      ) : (
        p && (
          <>
            {p.pending > 0 && (
              <Alert
                type="warning"
                showIcon
                className="bt-block-gap"
                title={t('paper.pendingCertify', { pending: fmt.count(p.pending) })}
              />
            )}
            <Descriptions
              size="small"
              className="bt-block-gap"
              column={{ xs: 1, md: 3, xl: 5 }}
              items={[
                { key: 'issued', label: t('paper.issued'), children: n(p.issued) },
                { key: 'returned', label: t('paper.returned'), children: n(p.returned) },
                { key: 'sheets', label: t('paper.sheets'), children: n(p.sheets) },
                { key: 'reconciled', label: t('paper.reconciled'), children: n(p.reconciled) },
                { key: 'pending', label: t('paper.pending'), children: n(p.pending) },
              ]}
            />
          </>
        )
      )}
      <Button
        type="primary"
        icon={<FormOutlined />}
        onClick={() => void navigate(`/teller/votes/${vote.id}`)}
      >
        {t('paper.openEntry')}
      </Button>
    </>
  )
}
