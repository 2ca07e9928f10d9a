import { useId, useState } from 'react'
import { Alert, Button, Modal, Space, Table } from 'antd'
import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons'
import { useCyclesT } from '../../i18n'
import { errorMessage } from '@/lib/api'
import { notifyError, notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import {
  downloadCandidates,
  importIssues,
  useImportCandidates,
  type ImportIssue,
} from '../../api/candidates'

const COLUMNS = '项目名称、类别、责任单位、估算金额（万元）、资金来源'
const OPTIONAL = '项目内容、绩效目标、实施地点、计划完成时间、来源建议编号'

/**
 * 导入候选项目: an .xlsx/.csv in the export's columns. All rows or none: when any row is bad, the
 * API imports nothing and this dialog lists every problem by row and column.
 */
export function ImportModal({
  cycleId,
  exportName,
  open,
  onClose,
}: {
  cycleId: string
  exportName: string
  open: boolean
  onClose: () => void
}) {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const inputId = useId()
  const helpId = useId()
  const importer = useImportCandidates(cycleId)
  const [file, setFile] = useState<File>()
  const [issues, setIssues] = useState<ImportIssue[]>()
  const [error, setError] = useState<string>()
  const [downloading, setDownloading] = useState(false)

  async function submit() {
    if (!file) {
      setError(t('candidates.import.chooseFirst'))
      return
    }
    setError(undefined)
    setIssues(undefined)
    try {
      const result = await importer.mutateAsync(file)
      notifySuccess(t('candidates.import.done', { n: fmt.count(result.imported) }))
      onClose()
    } catch (e) {
      const rows = importIssues(e)
      if (rows) setIssues(rows)
      else setError(errorMessage(e))
    }
  }

  async function template() {
    setDownloading(true)
    try {
      await downloadCandidates(cycleId, `${exportName}.xlsx`)
    } catch (e) {
      notifyError(e)
    } finally {
      setDownloading(false)
    }
  }

  // A code this web does not know yet (a newer API) falls back to the API's own message.
  const problem = (r: ImportIssue) =>
    t(`candidates.import.codes.${r.code}`, {
      column: r.column ?? '',
      value: r.value ?? '',
      defaultValue: r.message,
    })

  return (
    <Modal
      open={open}
      title={t('candidates.import.title')}
      width={820}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            icon={<UploadOutlined />}
            loading={importer.isPending}
            onClick={() => void submit()}
          >
            {t('candidates.import.submit')}
          </Button>
        </Space>
      }
    >
      <div id={helpId} className="cy-import-help">
        <p>{t('candidates.import.help', { columns: COLUMNS, optional: OPTIONAL })}</p>
        <p>{t('candidates.import.allOrNothing')}</p>
      </div>
      <Button icon={<DownloadOutlined />} onClick={() => void template()} loading={downloading}>
        {t('candidates.import.template')}
      </Button>
      <div className="cy-file">
        {/* The native input stays in the page (keyboard, screen readers); its label is the button. */}
        <input
          id={inputId}
          type="file"
          className="cy-file__input"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          aria-describedby={helpId}
          onChange={(e) => {
            setFile(e.target.files?.[0])
            setIssues(undefined)
            setError(undefined)
          }}
        />
        <label htmlFor={inputId} className="cy-file__button">
          <FileExcelOutlined aria-hidden /> {t('candidates.import.file')}
        </label>
        <span className="cy-file__name" aria-live="polite">
          {file
            ? `${file.name}（${fmt.count(Math.ceil(file.size / 1024))} KB）`
            : t('candidates.import.noFile')}
        </span>
      </div>
      <div aria-live="assertive" role="status">
        {error && <Alert type="error" showIcon title={error} />}
        {issues && (
          <Alert
            type="error"
            showIcon
            title={t('candidates.import.invalid', { n: fmt.count(issues.length) })}
            description={t('candidates.import.nothingImported')}
          />
        )}
      </div>
      {issues && issues.length > 0 && (
        <Table<ImportIssue>
          className="cy-import-issues"
          size="small"
          rowKey={(r) => `${r.row}-${r.field}-${r.code}`}
          pagination={issues.length > 10 ? { pageSize: 10 } : false}
          dataSource={issues}
          columns={[
            {
              title: t('candidates.import.row'),
              dataIndex: 'row',
              width: 70,
              render: (n: number) => t('candidates.import.rowN', { n }),
            },
            {
              title: t('candidates.import.column'),
              dataIndex: 'column',
              width: 150,
              render: (c?: string) => c ?? '—',
            },
            {
              title: t('candidates.import.value'),
              dataIndex: 'value',
              width: 160,
              render: (v?: string) => v || '—',
            },
            {
              title: t('candidates.import.problem'),
              key: 'problem',
              render: (_: unknown, r) => problem(r),
            },
          ]}
        />
      )}
    </Modal>
  )
}
