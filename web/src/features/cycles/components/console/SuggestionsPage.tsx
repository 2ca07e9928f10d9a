import { useId, useMemo, useState } from 'react'
import { Button, Card, Input, Select } from 'antd'
import { MergeCellsOutlined } from '@ant-design/icons'
import { useCyclesT } from '../../i18n'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { StatusTag } from '@/components/StatusTag'
import { useFormat } from '@/lib/use-format'
import { useInbox, type InboxFilters, type Suggestion } from '../../api/suggestions'
import { CATEGORIES, OUTCOMES, SOURCES } from '../../lib/labels'
import { CycleConsolePage } from './CycleConsolePage'
import { useSelectedCycle } from './useSelectedCycle'
import { MergeModal } from './MergeModal'
import { OutcomeDrawer, useSourceLabel } from './OutcomeDrawer'
import './console.css'

function FilterSelect<V extends string>({
  label,
  value,
  onChange,
  options,
}: {
  label: string
  value: V | undefined
  onChange: (v: V | undefined) => void
  options: { value: V; label: string }[]
}) {
  const id = useId()
  return (
    <span className="cy-filter">
      <label htmlFor={id}>{label}</label>
      <Select<V>
        id={id}
        allowClear
        value={value}
        onChange={(v) => onChange(v ?? undefined)}
        placeholder={label}
        options={options}
        style={{ width: 132 }}
        popupMatchSelectWidth={false}
      />
    </span>
  )
}

/** 建议办理: every suggestion of a cycle, with filters, search, merging and outcomes. */
export default function SuggestionsPage() {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const searchId = useId()
  const sourceLabel = useSourceLabel()
  const selection = useSelectedCycle()
  const { selected: cycle } = selection
  const [filters, setFilters] = useState<InboxFilters>({})
  const inbox = useInbox(cycle?.id, filters)
  const rows = useMemo(() => inbox.data?.pages.flatMap((p) => p.items) ?? [], [inbox.data])
  const [selectedKeys, setSelectedKeys] = useState<string[]>([])
  const [merging, setMerging] = useState(false)
  const [open, setOpen] = useState<string>()
  const closed = cycle?.phase === 'closed'
  const selectedRows = rows.filter((r) => selectedKeys.includes(r.id))

  const set = <K extends keyof InboxFilters>(key: K, value: InboxFilters[K]) => {
    setSelectedKeys([])
    setFilters((f) => {
      const next = { ...f, [key]: value }
      if (value === undefined || value === '') delete next[key]
      return next
    })
  }

  const columns: DataTableColumn<Suggestion>[] = [
    {
      title: t('suggestions.fields.trackingCode'),
      dataIndex: 'trackingCode',
      width: 138,
      render: (code: string) => <code className="cy-code">{code}</code>,
    },
    {
      title: t('suggestions.fields.title'),
      dataIndex: 'title',
      render: (title: string, s) => (
        <>
          <button
            type="button"
            className="ms-link-button cy-row-link"
            onClick={() => setOpen(s.id)}
          >
            {title}
          </button>
          {s.location && <span className="cy-sub">{s.location}</span>}
        </>
      ),
    },
    {
      title: t('suggestions.fields.category'),
      dataIndex: 'category',
      width: 84,
      render: (c: string) => t(`cycles.category.${c}`),
      exportValue: (s) => t(`cycles.category.${s.category}`),
    },
    {
      title: t('suggestions.fields.source'),
      dataIndex: 'source',
      width: 150,
      render: (_: unknown, s) => (
        <>
          {t(`suggestions.source.${s.source}`)}
          {(s.deputy || s.unit) && (
            <span className="cy-sub">{s.deputy?.displayName ?? s.unit?.name}</span>
          )}
        </>
      ),
      exportValue: (s) => sourceLabel(s),
    },
    { title: t('suggestions.fields.location'), dataIndex: 'location', hidden: true },
    {
      title: t('suggestions.fields.estimate'),
      dataIndex: 'estimateFen',
      align: 'right',
      width: 96,
      render: (fen: number | null) =>
        fen === null ? '—' : <span className="ms-num">{fmt.wan(fen, 6)}</span>,
      exportValue: (s) => (s.estimateFen === null ? '' : fmt.wan(s.estimateFen, 6)),
    },
    {
      title: t('suggestions.fields.createdAt'),
      dataIndex: 'createdAt',
      width: 124,
      render: (d: string) => fmt.date(d),
      exportValue: (s) => fmt.date(s.createdAt),
      sorter: (a, b) => a.createdAt.localeCompare(b.createdAt),
    },
    {
      title: t('suggestions.fields.outcome'),
      dataIndex: 'outcome',
      width: 104,
      render: (o: Suggestion['outcome']) => <StatusTag kind="suggestionOutcome" value={o} />,
      exportValue: (s) => t(`status.suggestionOutcome.${s.outcome}`),
    },
    {
      title: t('suggestions.fields.reply'),
      dataIndex: 'reply',
      hidden: true,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 80,
      exportValue: false,
      render: (_: unknown, s) => (
        <Button
          size="small"
          onClick={() => setOpen(s.id)}
          aria-label={t('suggestions.handleOne', { title: s.title })}
        >
          {closed ? t('suggestions.view') : t('suggestions.handle')}
        </Button>
      ),
    },
  ]

  return (
    <CycleConsolePage
      title={t('suggestions.title')}
      description={t('suggestions.intro')}
      selection={selection}
      error={inbox.error}
    >
      {(cycle) => (
        <Card>
          <DataTable<Suggestion>
            rowKey="id"
            columns={columns}
            dataSource={rows}
            loading={inbox.isPending}
            searchable={false}
            exportName={`${cycle.title}-${t('suggestions.title')}`}
            filters={
              <>
                <FilterSelect
                  label={t('suggestions.fields.outcome')}
                  value={filters.outcome}
                  onChange={(v) => set('outcome', v)}
                  options={OUTCOMES.map((o) => ({
                    value: o,
                    label: t(`status.suggestionOutcome.${o}`),
                  }))}
                />
                <FilterSelect
                  label={t('suggestions.fields.category')}
                  value={filters.category}
                  onChange={(v) => set('category', v)}
                  options={CATEGORIES.map((c) => ({ value: c, label: t(`cycles.category.${c}`) }))}
                />
                <FilterSelect
                  label={t('suggestions.fields.source')}
                  value={filters.source}
                  onChange={(v) => set('source', v)}
                  options={SOURCES.map((s) => ({ value: s, label: t(`suggestions.source.${s}`) }))}
                />
                <span className="cy-filter">
                  <label htmlFor={searchId}>{t('common.search')}</label>
                  <Input.Search
                    id={searchId}
                    allowClear
                    placeholder={t('suggestions.searchPlaceholder')}
                    onSearch={(q) => set('q', q.trim() || undefined)}
                    style={{ width: 240 }}
                  />
                </span>
              </>
            }
            toolbar={
              !closed && (
                <Button
                  icon={<MergeCellsOutlined />}
                  disabled={selectedRows.length < 2}
                  onClick={() => setMerging(true)}
                >
                  {t('suggestions.mergeButton', { n: selectedRows.length })}
                </Button>
              )
            }
            tableProps={{
              scroll: { x: 1000 },
              rowSelection: closed
                ? undefined
                : {
                    selectedRowKeys: selectedKeys,
                    onChange: (keys) => setSelectedKeys(keys.map(String)),
                    getCheckboxProps: (s) => ({
                      disabled: s.outcome === 'merged',
                      'aria-label': t('suggestions.selectOne', { title: s.title }),
                    }),
                  },
            }}
          />
          {inbox.hasNextPage && (
            <Button onClick={() => void inbox.fetchNextPage()} loading={inbox.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          )}
          <OutcomeDrawer
            cycleId={cycle.id}
            suggestionId={open}
            readOnly={closed}
            onClose={() => setOpen(undefined)}
          />
          {merging && (
            <MergeModal
              cycleId={cycle.id}
              selected={selectedRows}
              open
              onClose={(merged) => {
                setMerging(false)
                if (merged) setSelectedKeys([])
              }}
            />
          )}
        </Card>
      )}
    </CycleConsolePage>
  )
}
