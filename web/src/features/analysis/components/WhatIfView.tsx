import { useMemo, useState, type ReactNode } from 'react'
import { Card, Col, Progress, Row, Statistic, Switch, Tag, Tooltip } from 'antd'
import type { ChartOptions } from 'chart.js'
import '@/lib/charts'
import { ChartWithTable } from '@/components/ChartWithTable'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { useFormat } from '@/lib/use-format'
import { useAnalysisT } from '../i18n'
import type { RuleOutcome, WhatIf } from '../api/analysis'
import {
  chartFormat,
  chartValue,
  compactTick,
  formatAmount,
  formatExact,
  matrixRows,
  sharePercent,
} from '../lib/view'
import './analysis.css'

const USED = '#1D4E89'
const LEFT = '#C9D2DE'
const OVER = '#D55E00'
const ADDED = '#009E73'
const REMOVED = '#E69F00'

/** "num/den" of money → the rounded amount (fen or units as the comparison counts them). */
function approx(fraction: string): number {
  const [n, d = '1'] = fraction.split('/')
  const num = BigInt(n!)
  const den = BigInt(d)
  return Number((2n * num + den) / (2n * den))
}

/**
 * The comparison of the selection rules on one set of ballots: figures, the rules side by side
 * (table with Excel export), two charts with their tables, the project × rule matrix (itself a
 * table), and each rule's explanation with its differences from the baseline.
 */
export function WhatIfView({ data, header }: { data: WhatIf; header: ReactNode }) {
  const { t } = useAnalysisT()
  const fmt = useFormat()
  const lang = fmt.lang
  const money = data.money
  const amount = (v: number) => formatAmount(v, money, lang)
  const names = useMemo(() => new Map(data.projects.map((p) => [p.id, p.name])), [data.projects])
  const baseline = data.rules.find((r) => r.rule === data.baseline)
  const label = (r: RuleOutcome) => r.label[lang]
  const short = (r: RuleOutcome) => t(`rulesShort.${r.rule}`)
  const unitName = money.unit === 'fen' ? t('money.yuan') : (money.currency ?? '')

  const columns: DataTableColumn<RuleOutcome>[] = [
    {
      title: t('whatIf.rule'),
      key: 'rule',
      exportValue: (r) => label(r),
      render: (_, r) => (
        <span className="analysis-rule-name">
          {label(r)}
          {r.rule === data.baseline && (
            <Tag color="blue" className="analysis-baseline-tag">
              {t('whatIf.baselineTag')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('whatIf.chosen'),
      key: 'count',
      align: 'right',
      exportValue: (r) => r.selected.length,
      render: (_, r) => fmt.count(r.selected.length),
    },
    {
      title: t('whatIf.total'),
      key: 'total',
      align: 'right',
      exportValue: (r) => chartValue(r.totalCost, money),
      render: (_, r) => (
        <Tooltip title={formatExact(r.totalCost, money, lang)}>
          <span>{amount(r.totalCost)}</span>
        </Tooltip>
      ),
    },
    {
      title: t('whatIf.poolUse'),
      key: 'share',
      width: 200,
      exportValue: (r) => Number(r.poolShare),
      render: (_, r) => (
        <div className="analysis-pool-use">
          <Progress
            percent={Math.min(100, Number(r.poolShare) * 100)}
            showInfo={false}
            size="small"
            strokeColor={r.withinBudget ? USED : OVER}
            aria-hidden="true"
          />
          <span className={r.withinBudget ? undefined : 'analysis-over'}>
            {sharePercent(r.poolShare)}
            {!r.withinBudget && ` · ${t('whatIf.overPool')}`}
          </span>
        </div>
      ),
    },
    {
      title: t('whatIf.leftover'),
      key: 'leftover',
      align: 'right',
      exportValue: (r) => chartValue(r.leftover, money),
      render: (_, r) => (
        <span className={r.leftover < 0 ? 'analysis-over' : undefined}>{amount(r.leftover)}</span>
      ),
    },
    {
      title: t('whatIf.vsBaseline'),
      key: 'diff',
      exportValue: (r) =>
        r.diff ? `+${r.diff.added.length} / -${r.diff.removed.length}` : t('whatIf.baselineTag'),
      render: (_, r) => {
        if (!r.diff) return <span className="analysis-muted">{t('whatIf.baselineTag')}</span>
        if (!r.diff.added.length && !r.diff.removed.length)
          return <span className="analysis-muted">{t('whatIf.same')}</span>
        return (
          <span className="analysis-diff">
            {r.diff.added.length > 0 && (
              <span className="analysis-diff__added">
                {t('whatIf.added', { n: r.diff.added.length })}
              </span>
            )}
            {r.diff.removed.length > 0 && (
              <span className="analysis-diff__removed">
                {t('whatIf.removed', { n: r.diff.removed.length })}
              </span>
            )}
          </span>
        )
      },
    },
    {
      title: t('whatIf.perVoter'),
      key: 'perVoter',
      align: 'right',
      exportValue: (r) => r.perVoterBudget ?? '',
      render: (_, r) =>
        r.perVoterBudget ? (
          <Tooltip title={r.perVoterBudget}>
            <span>≈ {amount(approx(r.perVoterBudget))}</span>
          </Tooltip>
        ) : (
          <span className="analysis-muted">—</span>
        ),
    },
  ]

  const costSeries = useMemo(
    () => [
      {
        label: t('whatIf.usedInPool'),
        color: USED,
        data: data.rules.map((r) => chartValue(Math.min(r.totalCost, data.budget), money)),
      },
      {
        label: t('whatIf.remaining'),
        color: LEFT,
        data: data.rules.map((r) => chartValue(Math.max(0, r.leftover), money)),
      },
      {
        label: t('whatIf.over'),
        color: OVER,
        data: data.rules.map((r) => chartValue(Math.max(0, -r.leftover), money)),
      },
    ],
    [data, money, t],
  )
  const countSeries = useMemo(
    () => [
      {
        label: t('whatIf.countSeries'),
        color: USED,
        data: data.rules.map((r) => r.selected.length),
      },
      {
        label: t('whatIf.addedSeries'),
        color: ADDED,
        data: data.rules.map((r) => r.diff?.added.length ?? 0),
      },
      {
        label: t('whatIf.removedSeries'),
        color: REMOVED,
        data: data.rules.map((r) => r.diff?.removed.length ?? 0),
      },
    ],
    [data, t],
  )
  const moneyFormat = useMemo(() => chartFormat(money, lang), [money, lang])
  const costOptions = useMemo<ChartOptions>(
    () => ({
      scales: {
        x: {
          stacked: true,
          ticks: { callback: (v) => compactTick(Number(v), money, lang), maxRotation: 0 },
          title: { display: true, text: t('whatIf.costAxis', { unit: unitName }) },
        },
        y: { stacked: true, ticks: { autoSkip: false }, grid: { display: false } },
      },
      plugins: { legend: { display: true, position: 'bottom' } },
    }),
    [money, lang, t, unitName],
  )
  const countOptions = useMemo<ChartOptions>(
    () => ({
      scales: {
        x: { ticks: { precision: 0 } },
        y: { ticks: { autoSkip: false }, grid: { display: false } },
      },
      plugins: { legend: { display: true, position: 'bottom' } },
    }),
    [],
  )
  const ruleLabels = data.rules.map(short)
  const chartHeight = Math.max(260, data.rules.length * 40 + 70)

  return (
    <div className="analysis-page">
      {header}
      <section aria-label={t('whatIf.summaryTitle')} className="analysis-gap">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('whatIf.pool')} value={amount(data.budget)} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={data.source.kind === 'vote' ? t('whatIf.voters') : t('whatIf.votersFile')}
                value={fmt.count(data.voters)}
              />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic title={t('whatIf.projects')} value={fmt.count(data.projects.length)} />
            </Card>
          </Col>
          <Col xs={12} md={6}>
            <Card size="small">
              <Statistic
                title={t('whatIf.baseline')}
                value={baseline ? label(baseline) : t('whatIf.noBaseline')}
                valueStyle={{ fontSize: 18 }}
              />
            </Card>
          </Col>
        </Row>
      </section>

      <Card
        title={<h2 className="analysis-card-title">{t('whatIf.summaryTitle')}</h2>}
        className="analysis-gap"
      >
        <DataTable
          columns={columns}
          dataSource={data.rules}
          rowKey="rule"
          exportName={t('whatIf.exportName')}
          searchable={false}
          pageSize={20}
          tableProps={{ size: 'small', scroll: { x: 960 } }}
        />
        {data.source.kind === 'vote' && <p className="analysis-note">{t('whatIf.legalNote')}</p>}
      </Card>

      <Row gutter={[16, 16]} className="analysis-gap">
        <Col xs={24} xl={14}>
          <Card className="analysis-chart-card">
            <ChartWithTable
              title={t('whatIf.costChart')}
              type="bar"
              horizontal
              labels={ruleLabels}
              series={costSeries}
              labelHeader={t('whatIf.rule')}
              format={moneyFormat}
              height={chartHeight}
              options={costOptions}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card className="analysis-chart-card">
            <ChartWithTable
              title={t('whatIf.countChart')}
              type="bar"
              horizontal
              labels={ruleLabels}
              series={countSeries}
              labelHeader={t('whatIf.rule')}
              height={chartHeight}
              options={countOptions}
            />
          </Card>
        </Col>
      </Row>

      <SelectionMatrix data={data} />

      <Card
        title={<h2 className="analysis-card-title">{t('whatIf.explanationsTitle')}</h2>}
        className="analysis-gap"
      >
        <ol className="analysis-explanations">
          {data.rules.map((r) => (
            <li key={r.rule}>
              <h3>
                {label(r)}
                {r.rule === data.baseline && (
                  <Tag color="blue" className="analysis-baseline-tag">
                    {t('whatIf.baselineTag')}
                  </Tag>
                )}
              </h3>
              <p>{r.explanation[lang]}</p>
              {/* The explanation names up to three of each; the full lists fold out beyond that. */}
              {r.diff && (r.diff.added.length > 3 || r.diff.removed.length > 3) && (
                <details className="analysis-diff-details">
                  <summary>
                    {t('whatIf.showDiff', {
                      added: r.diff.added.length,
                      removed: r.diff.removed.length,
                    })}
                  </summary>
                  <dl className="analysis-diff-list">
                    {r.diff.added.length > 0 && (
                      <>
                        <dt className="analysis-diff__added">{t('whatIf.addedList')}</dt>
                        <dd>
                          {r.diff.added
                            .map((id) => names.get(id) ?? id)
                            .join(lang === 'en' ? '; ' : '、')}
                        </dd>
                      </>
                    )}
                    {r.diff.removed.length > 0 && (
                      <>
                        <dt className="analysis-diff__removed">{t('whatIf.removedList')}</dt>
                        <dd>
                          {r.diff.removed
                            .map((id) => names.get(id) ?? id)
                            .join(lang === 'en' ? '; ' : '、')}
                        </dd>
                      </>
                    )}
                  </dl>
                </details>
              )}
            </li>
          ))}
        </ol>
        <p className="analysis-note">
          <strong>{t('whatIf.tieBreaking')}：</strong>
          {data.tieBreaking[lang]}
        </p>
      </Card>
    </div>
  )
}

/**
 * Projects × rules as a dot matrix. It is a real table (caption, header cells, a text for every
 * dot), so it is its own table view; projects every rule treats alike can be hidden.
 */
function SelectionMatrix({ data }: { data: WhatIf }) {
  const { t } = useAnalysisT()
  const fmt = useFormat()
  const lang = fmt.lang
  const rows = useMemo(
    () =>
      matrixRows(
        data.projects.map((p) => p.id),
        data.rules,
      ),
    [data.projects, data.rules],
  )
  const differing = rows.filter((r) => r.differing).length
  const [onlyDiffering, setOnlyDiffering] = useState(data.projects.length > 30 && differing > 0)
  const shown = onlyDiffering ? rows.filter((r) => r.differing) : rows
  const byId = useMemo(() => new Map(data.projects.map((p) => [p.id, p])), [data.projects])
  const baselineIndex = data.rules.findIndex((r) => r.rule === data.baseline)

  return (
    <Card
      title={<h2 className="analysis-card-title">{t('whatIf.matrixTitle')}</h2>}
      className="analysis-gap"
      extra={
        <label className="analysis-switch">
          <Switch size="small" checked={onlyDiffering} onChange={setOnlyDiffering} />
          <span>{t('whatIf.onlyDiffering')}</span>
        </label>
      }
    >
      <p className="analysis-muted analysis-matrix-help">
        {t('whatIf.matrixHelp')}{' '}
        {t('whatIf.rowsShown', { shown: fmt.count(shown.length), total: fmt.count(rows.length) })}
      </p>
      <div
        className="analysis-matrix"
        role="region"
        aria-label={t('whatIf.matrixCaption')}
        tabIndex={0}
      >
        <table>
          <caption className="ms-visually-hidden">{t('whatIf.matrixCaption')}</caption>
          <thead>
            <tr>
              <th scope="col" className="analysis-matrix__project">
                {t('whatIf.project')}
              </th>
              <th scope="col" className="analysis-matrix__num analysis-matrix__votes">
                {t('whatIf.approvals')}
              </th>
              <th scope="col" className="analysis-matrix__num analysis-matrix__cost">
                {t('whatIf.cost')}
              </th>
              {data.rules.map((r, i) => (
                <th
                  scope="col"
                  key={r.rule}
                  className={
                    i === baselineIndex
                      ? 'analysis-matrix__rule is-baseline'
                      : 'analysis-matrix__rule'
                  }
                >
                  <abbr title={r.label[lang]}>{t(`rulesShort.${r.rule}`)}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => {
              const p = byId.get(row.id)!
              return (
                <tr key={row.id} className={row.differing ? 'is-differing' : undefined}>
                  <th scope="row" className="analysis-matrix__project" title={p.name}>
                    <span className="analysis-matrix__name">{p.name}</span>
                  </th>
                  <td className="analysis-matrix__num">{fmt.count(p.approvals)}</td>
                  <td className="analysis-matrix__num">{formatAmount(p.cost, data.money, lang)}</td>
                  {row.picks.map((pick, i) => (
                    <td
                      key={data.rules[i]!.rule}
                      className={
                        i === baselineIndex
                          ? 'analysis-matrix__dot is-baseline'
                          : 'analysis-matrix__dot'
                      }
                    >
                      {pick !== null ? (
                        <span
                          className="analysis-dot is-on"
                          title={t('whatIf.selectedNth', { n: pick })}
                        >
                          <span aria-hidden="true">●</span>
                          <span className="analysis-dot__n" aria-hidden="true">
                            {pick}
                          </span>
                          <span className="ms-visually-hidden">
                            {t('whatIf.selectedNth', { n: pick })}
                          </span>
                        </span>
                      ) : (
                        <span className="analysis-dot">
                          <span aria-hidden="true">○</span>
                          <span className="ms-visually-hidden">{t('whatIf.notSelected')}</span>
                        </span>
                      )}
                    </td>
                  ))}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </Card>
  )
}
