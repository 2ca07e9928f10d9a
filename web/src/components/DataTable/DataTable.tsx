import { useId, useMemo, useState, type ReactNode } from 'react'
import { Button, Input, Space, Table, type TableProps } from 'antd'
import type { ColumnType } from 'antd/es/table'
import { DownloadOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { formatCount, formatDate } from '@/lib/format'
import { notifyError, notifySuccess } from '@/lib/notify'
import type { ExcelValue } from './export-excel'

export interface DataTableColumn<T> extends ColumnType<T> {
  /** Header in the Excel file; defaults to `title` when that is a string. */
  exportTitle?: string
  /** The cell in the Excel file (default: the `dataIndex` value); `false` leaves it out. */
  exportValue?: ((row: T) => ExcelValue) | false
  /** The text the search box matches (default: the `dataIndex` value). */
  searchValue?: (row: T) => string
}

export interface DataTableProps<T extends object> {
  columns: DataTableColumn<T>[]
  dataSource: readonly T[] | undefined
  /** File and sheet name of the export, e.g. "账号". */
  exportName: string
  /** Buttons beside the search box (e.g. 新建). */
  toolbar?: ReactNode
  /** Extra filter controls before the search box. */
  filters?: ReactNode
  searchable?: boolean
  pageSize?: number
  rowKey: (keyof T & string) | ((row: T) => string)
  loading?: boolean
  /** Anything else antd's Table takes (expandable, rowSelection, scroll, size…). */
  tableProps?: Partial<
    Pick<TableProps<T>, 'expandable' | 'rowSelection' | 'scroll' | 'size' | 'bordered' | 'sticky'>
  >
}

type Path = string | number | readonly (string | number)[]

function cellOf<T>(row: T, column: DataTableColumn<T>): unknown {
  // Widened on purpose: antd types dataIndex as every deep path of T, which the compiler cannot
  // afford to expand for a generic T.
  const index = column.dataIndex as unknown as Path | undefined
  if (index === undefined) return undefined
  const path: readonly (string | number)[] = Array.isArray(index) ? index : [index]
  let value: unknown = row
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key as string]
  return value
}

const asText = (v: unknown) =>
  v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v)

/**
 * Every list in the consoles: antd Table with a search box, paging, and "导出 Excel" of the rows
 * currently shown (after search, column filters and sorting; all pages).
 */
export function DataTable<T extends object>({
  columns,
  dataSource,
  exportName,
  toolbar,
  filters,
  searchable = true,
  pageSize = 20,
  rowKey,
  loading,
  tableProps,
}: DataTableProps<T>) {
  const { t } = useTranslation()
  const searchId = useId()
  const [query, setQuery] = useState('')
  const [exporting, setExporting] = useState(false)
  // What antd shows after its column filters and sorting, valid for the data it was computed on.
  const [shown, setShown] = useState<{ source: readonly T[]; rows: readonly T[] }>()

  const searched = useMemo(() => {
    const rows = dataSource ?? []
    const q = query.trim().toLowerCase()
    if (!q) return rows
    return rows.filter((row) =>
      columns.some((c) =>
        (c.searchValue ? c.searchValue(row) : asText(cellOf(row, c))).toLowerCase().includes(q),
      ),
    )
  }, [dataSource, columns, query])

  async function onExport() {
    const rows = shown?.source === searched ? shown.rows : searched
    const exported = columns.filter(
      (c) => c.exportValue !== false && (c.exportTitle || typeof c.title === 'string'),
    )
    setExporting(true)
    try {
      const { exportExcel } = await import('./export-excel')
      const today = formatDate(new Date(), 'en')
      await exportExcel(
        t('table.exportFile', { name: exportName, date: today }),
        exportName,
        exported.map((c) => ({ header: c.exportTitle ?? String(c.title) })),
        rows.map((row) =>
          exported.map((c) => {
            if (typeof c.exportValue === 'function') return c.exportValue(row)
            const v = cellOf(row, c)
            return typeof v === 'number' || typeof v === 'boolean' || v instanceof Date
              ? v
              : asText(v)
          }),
        ),
      )
      notifySuccess(t('common.exported', { rows: formatCount(rows.length) }))
    } catch (e) {
      notifyError(e)
    } finally {
      setExporting(false)
    }
  }

  return (
    <div className="ms-data-table">
      <div className="ms-data-table__toolbar">
        <Space wrap>
          {filters}
          {searchable && (
            <>
              <label htmlFor={searchId} className="ms-visually-hidden">
                {t('table.searchLabel')}
              </label>
              <Input.Search
                id={searchId}
                allowClear
                placeholder={t('common.searchPlaceholder')}
                onSearch={setQuery}
                onChange={(e) => setQuery(e.target.value)}
                style={{ width: 240 }}
              />
            </>
          )}
        </Space>
        <Space wrap>
          {toolbar}
          <Button
            icon={<DownloadOutlined />}
            loading={exporting}
            onClick={() => void onExport()}
            disabled={!searched.length}
          >
            {exporting ? t('common.exporting') : t('common.exportExcel')}
          </Button>
        </Space>
      </div>
      <Table<T>
        size="middle"
        {...tableProps}
        rowKey={rowKey}
        loading={loading}
        columns={columns}
        dataSource={searched as T[]}
        onChange={(_pagination, _filters, _sorter, extra) => {
          setShown({ source: searched, rows: extra.currentDataSource })
        }}
        pagination={{
          pageSize,
          showSizeChanger: true,
          hideOnSinglePage: false,
          showTotal: (total) => t('common.total', { total: formatCount(total) }),
        }}
      />
    </div>
  )
}
