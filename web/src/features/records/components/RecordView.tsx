import { useState } from 'react'
import { Alert, Button, Select, Skeleton, Tag } from 'antd'
import { FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { notifyError } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { download, recordFileUrl, useRecord, type DeputyRecord } from '../api/records'
import { useRecordsT } from '../i18n'
import './records.css'

/**
 * One deputy's record for a year (the deputy's own page and the staff view): targets, figures,
 * then the activities themselves, with Excel and PDF exports for the report to constituents.
 */
export function RecordView({ did, title }: { did: string; title: string }) {
  const { t } = useRecordsT()
  const [year, setYear] = useState<number>()
  const q = useRecord(did, year)
  const [busy, setBusy] = useState<'xlsx' | 'pdf'>()
  const r = q.data
  const get = async (ext: 'xlsx' | 'pdf') => {
    if (!r) return
    setBusy(ext)
    try {
      await download(recordFileUrl(did, ext, r.year), `record-${r.year}.${ext}`)
    } catch (e) {
      notifyError(e)
    } finally {
      setBusy(undefined)
    }
  }
  return (
    <div className="rc-page">
      <h1>{title}</h1>
      <p className="rc-lead">{t('lead')}</p>
      {q.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
      {q.error && <Alert type="error" showIcon title={errorMessage(q.error)} />}
      {r && (
        <>
          <p>
            <strong data-testid="record-deputy">{r.deputy.displayName}</strong>
            <span className="rc-muted">
              {' '}
              ·{' '}
              {[r.deputy.jurisdictionName, r.deputy.delegation, r.deputy.constituency]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </p>
          <div className="rc-toolbar">
            <label htmlFor="rc-year">{t('year')}</label>
            <Select
              id="rc-year"
              value={r.year}
              style={{ minWidth: 110 }}
              options={r.years.map((y) => ({ value: y, label: String(y) }))}
              onChange={setYear}
            />
            <Button
              icon={<FileExcelOutlined />}
              loading={busy === 'xlsx'}
              onClick={() => void get('xlsx')}
            >
              {t('exportXlsx')}
            </Button>
            <Button
              icon={<FilePdfOutlined />}
              loading={busy === 'pdf'}
              onClick={() => void get('pdf')}
            >
              {t('exportPdf')}
            </Button>
          </div>
          <Tiles r={r} />
          <TargetsCard r={r} />
          <Activities r={r} />
          <p className="rc-muted">{t('secrecy')}</p>
        </>
      )}
    </div>
  )
}

function Tiles({ r }: { r: DeputyRecord }) {
  const { t } = useRecordsT()
  const s = r.summary
  const tile = (label: string, value: string, testId?: string) => (
    <div className="rc-tile" key={label}>
      <span className="rc-tile__label">{label}</span>
      <span className="rc-tile__value" data-testid={testId}>
        {value}
      </span>
    </div>
  )
  return (
    <div className="rc-tiles">
      {tile(t('summary.suggestions'), String(s.suggestions), 'tile-suggestions')}
      {tile(t('summary.suggestionsAdopted'), String(s.suggestionsAdopted))}
      {tile(
        t('summary.votes'),
        t('summary.of', { done: s.votesCast, total: s.votesEntitled }),
        'tile-votes',
      )}
      {tile(
        t('summary.evaluations'),
        t('summary.of', { done: s.evaluationsCast, total: s.evaluationsEntitled }),
        'tile-evaluations',
      )}
      {tile(t('summary.groups'), String(s.supervisionGroups))}
      {tile(t('summary.inspections'), String(s.inspections), 'tile-inspections')}
      {tile(t('summary.issues'), String(s.issuesRaised))}
      {tile(t('summary.issuesClosed'), String(s.issuesClosed))}
    </div>
  )
}

function TargetsCard({ r }: { r: DeputyRecord }) {
  const { t } = useRecordsT()
  return (
    <section className="rc-section" aria-labelledby="rc-targets">
      <h2 id="rc-targets">
        {t('targets.title')}{' '}
        <span className="rc-muted">
          ({r.targets.custom ? t('targets.custom') : t('targets.defaults')})
        </span>
      </h2>
      {r.targets.status.map((s) => (
        <div className="rc-target" key={s.key} data-testid={`target-${s.key}`}>
          <span>
            {s.key === 'participation'
              ? t('targets.participation', { target: (s.target / 100).toFixed(0) })
              : t(`targets.${s.key}`, { target: s.target })}
            <span className="rc-muted">
              {' '}
              ·{' '}
              {s.key === 'participation'
                ? t('targets.actualRate', { actual: (s.actual / 100).toFixed(1), of: s.of ?? 0 })
                : t('targets.actualCount', { actual: s.actual })}
            </span>
          </span>
          {!s.applicable ? (
            <Tag>{t('targets.na')}</Tag>
          ) : s.met ? (
            <Tag color="green">✓ {t('targets.met')}</Tag>
          ) : (
            <Tag color="orange">! {t('targets.missed')}</Tag>
          )}
        </div>
      ))}
    </section>
  )
}

function Activities({ r }: { r: DeputyRecord }) {
  const { t } = useRecordsT()
  const fmt = useFormat()
  const ballots = [...r.votes, ...r.evaluations].sort((a, b) =>
    (a.date ?? '').localeCompare(b.date ?? ''),
  )
  const yesNo = (b: boolean) => (b ? t('yes') : t('no'))
  return (
    <>
      <section className="rc-section" aria-labelledby="rc-sugg">
        <h2 id="rc-sugg">{t('sections.suggestions')}</h2>
        {r.suggestions.length === 0 ? (
          <p className="rc-muted">{t('none')}</p>
        ) : (
          <ul className="rc-items">
            {r.suggestions.map((s) => (
              <li key={s.id}>
                {s.title}
                <div className="rc-items__meta">
                  <span>{fmt.date(s.submittedAt)}</span>
                  <StatusTag kind="suggestionOutcome" value={s.outcome} />
                  {s.reply && <span>{s.reply}</span>}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="rc-section" aria-labelledby="rc-votes">
        <h2 id="rc-votes">{t('sections.votes')}</h2>
        {ballots.length === 0 ? (
          <p className="rc-muted">{t('none')}</p>
        ) : (
          <ul className="rc-items" data-testid="record-ballots">
            {ballots.map((v) => (
              <li key={v.voteId}>
                {v.title}
                <div className="rc-items__meta">
                  <span>{fmt.date(v.date)}</span>
                  <span>{t(`kind.${v.kind}`)}</span>
                  <span>
                    {t('col.present')}：{yesNo(v.present)}
                  </span>
                  <span>
                    {t('col.voted')}：{yesNo(v.voted)}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="rc-section" aria-labelledby="rc-sup">
        <h2 id="rc-sup">{t('sections.supervision')}</h2>
        <h3>{t('groups')}</h3>
        {r.supervision.groups.length === 0 ? (
          <p className="rc-muted">{t('none')}</p>
        ) : (
          <ul className="rc-items">
            {r.supervision.groups.map((g) => (
              <li key={g.projectId}>
                {g.projectTitle}{' '}
                <span className="rc-muted">· {t(`role.${g.role as 'leader'}`)}</span>
              </li>
            ))}
          </ul>
        )}
        <h3>{t('inspections')}</h3>
        {r.supervision.inspections.length === 0 ? (
          <p className="rc-muted">{t('none')}</p>
        ) : (
          <ul className="rc-items">
            {r.supervision.inspections.map((i) => (
              <li key={i.id}>
                {i.projectTitle}
                <div className="rc-items__meta">
                  <span>{fmt.date(i.date)}</span>
                  <span>{i.findings}</span>
                </div>
              </li>
            ))}
          </ul>
        )}
        <h3>{t('issues')}</h3>
        {r.supervision.issues.length === 0 ? (
          <p className="rc-muted">{t('none')}</p>
        ) : (
          <ul className="rc-items">
            {r.supervision.issues.map((i) => (
              <li key={i.id}>
                {i.title}
                <div className="rc-items__meta">
                  <span>{fmt.date(i.raisedOn)}</span>
                  <span>{i.projectTitle}</span>
                  <StatusTag kind="issueState" value={i.state} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  )
}
