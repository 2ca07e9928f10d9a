import { useMemo, useRef, useState } from 'react'
import { Alert, Button, DatePicker, Form, Input, Modal, Select, Space, Tag, Tooltip } from 'antd'
import { FileProtectOutlined, PaperClipOutlined, UndoOutlined } from '@ant-design/icons'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import {
  useLedger,
  useReverseDisbursement,
  useUploadVoucher,
  voucherUrl,
  type LedgerEntry,
  type LedgerFilters,
  type ProjectFigures,
} from '../api/budget'
import { fenToYuanText } from '../utils/money'

type Entry = Pick<
  LedgerEntry,
  'id' | 'kind' | 'amountFen' | 'reversedById' | 'attachment' | 'voucherNo' | 'date'
>

/** 冲销: a payment is corrected by a reversing entry with a reason — never edited or deleted. */
export function ReverseButton({ cycleId, entry }: { cycleId: string; entry: Entry }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [open, setOpen] = useState(false)
  const [form] = Form.useForm<{ reason: string }>()
  const reverse = useReverseDisbursement(cycleId)
  if (entry.kind !== 'payment') return null
  if (entry.reversedById) return <Tag>{t('budget.reversed')}</Tag>
  return (
    <>
      <Button size="small" danger icon={<UndoOutlined />} onClick={() => setOpen(true)}>
        {t('budget.reverse')}
      </Button>
      <Modal
        open={open}
        title={t('budget.reverseTitle')}
        okText={t('budget.reverse')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        confirmLoading={reverse.isPending}
        destroyOnHidden
        onCancel={() => setOpen(false)}
        afterOpenChange={(o) => o && reverse.reset()}
        onOk={async () => {
          const v = await form.validateFields()
          reverse.mutate(
            { did: entry.id, reason: v.reason.trim() },
            {
              onSuccess: () => {
                notifySuccess(t('budget.reversedOk'))
                setOpen(false)
              },
            },
          )
        }}
      >
        <p>
          {t('budget.reverseText', {
            amount: fmt.money(entry.amountFen),
            voucher: entry.voucherNo ?? '',
            date: fmt.date(entry.date),
          })}
        </p>
        <Form form={form} layout="vertical" requiredMark>
          <Form.Item
            name="reason"
            label={t('budget.form.reason')}
            rules={[{ required: true, whitespace: true, message: t('budget.form.reasonRequired') }]}
          >
            <Input.TextArea
              rows={3}
              maxLength={500}
              showCount
              placeholder={t('budget.form.reverseReasonHint')}
            />
          </Form.Item>
        </Form>
        {reverse.error && (
          <Alert type="error" showIcon role="alert" title={errorMessage(reverse.error)} />
        )}
      </Modal>
    </>
  )
}

/** The scanned voucher: a download link, or (finance) an upload button. */
export function VoucherCell({
  cycleId,
  entry,
  canWrite,
}: {
  cycleId: string
  entry: Entry
  canWrite: boolean
}) {
  const { t } = useTranslation()
  const upload = useUploadVoucher(cycleId)
  const input = useRef<HTMLInputElement>(null)
  if (entry.attachment)
    return (
      <Tooltip title={entry.attachment.fileName}>
        <a href={voucherUrl(entry.id)} className="budget-scan-link">
          <FileProtectOutlined /> {t('budget.scan')}
        </a>
      </Tooltip>
    )
  if (!canWrite || entry.kind !== 'payment') return <span className="budget-muted">—</span>
  return (
    <>
      <input
        ref={input}
        type="file"
        accept="application/pdf,image/jpeg,image/png"
        className="ms-visually-hidden"
        aria-label={t('budget.uploadScan')}
        onChange={(e) => {
          const file = e.target.files?.[0]
          if (file)
            upload.mutate(
              { did: entry.id, file },
              { onSuccess: () => notifySuccess(t('budget.scanUploaded')) },
            )
          e.target.value = ''
        }}
      />
      <Button
        size="small"
        type="link"
        icon={<PaperClipOutlined />}
        loading={upload.isPending}
        onClick={() => input.current?.click()}
      >
        {t('budget.uploadScan')}
      </Button>
    </>
  )
}

/** 拨付台账: every payment and reversal of the cycle in booking order, with filters and export. */
export function LedgerPanel({
  cycleId,
  projects,
  canWrite,
}: {
  cycleId: string
  projects: ProjectFigures[]
  canWrite: boolean
}) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [projectId, setProjectId] = useState<string>()
  const [kind, setKind] = useState<LedgerFilters['kind']>()
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null)
  const filters: LedgerFilters = {
    ...(projectId ? { projectId } : {}),
    ...(kind ? { kind } : {}),
    ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}),
    ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}),
  }
  const ledger = useLedger(cycleId, filters)
  const rows = useMemo(() => ledger.data?.pages.flatMap((p) => p.items) ?? [], [ledger.data])
  const net = rows.reduce((s, r) => s + r.amountFen, 0)

  const columns: DataTableColumn<LedgerEntry>[] = [
    { title: t('budget.col.seq'), dataIndex: 'seq', width: 70, sorter: (a, b) => a.seq - b.seq },
    {
      title: t('budget.col.date'),
      dataIndex: 'date',
      width: 130,
      render: (d: string) => fmt.date(d),
      sorter: (a, b) => a.date.localeCompare(b.date),
    },
    { title: t('budget.col.project'), dataIndex: 'projectTitle' },
    {
      title: t('budget.col.source'),
      dataIndex: 'source',
      render: (s: LedgerEntry['source']) => t(`budget.source.${s}`),
      exportValue: (r) => t(`budget.source.${r.source}`),
    },
    {
      title: t('budget.col.kind'),
      dataIndex: 'kind',
      width: 70,
      render: (k: LedgerEntry['kind']) => (
        <Tag color={k === 'reversal' ? 'red' : 'default'}>{t(`budget.kind.${k}`)}</Tag>
      ),
      exportValue: (r) => t(`budget.kind.${r.kind}`),
    },
    {
      title: t('budget.col.amount'),
      dataIndex: 'amountFen',
      align: 'right',
      render: (v: number) => (
        <span className={v < 0 ? 'budget-negative' : undefined}>{fmt.money(v)}</span>
      ),
      exportTitle: t('budget.col.amountYuan'),
      exportValue: (r) => fenToYuanText(r.amountFen),
      sorter: (a, b) => a.amountFen - b.amountFen,
    },
    { title: t('budget.col.voucher'), dataIndex: 'voucherNo' },
    { title: t('budget.form.payee'), dataIndex: 'payee' },
    {
      title: t('budget.col.noteReason'),
      key: 'note',
      render: (_: unknown, r) => (r.kind === 'reversal' ? r.reason : r.note),
      exportValue: (r) => (r.kind === 'reversal' ? r.reason : r.note) ?? '',
      searchValue: (r) => `${r.note ?? ''} ${r.reason ?? ''}`,
    },
    {
      title: t('budget.col.scan'),
      key: 'scan',
      render: (_: unknown, r) => <VoucherCell cycleId={cycleId} entry={r} canWrite={canWrite} />,
      exportValue: (r) => r.attachment?.fileName ?? '',
    },
    { title: t('budget.col.by'), dataIndex: 'createdBy' },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            exportValue: false as const,
            render: (_: unknown, r: LedgerEntry) => <ReverseButton cycleId={cycleId} entry={r} />,
          },
        ]
      : []),
  ]

  return (
    <>
      {ledger.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(ledger.error)}
          style={{ marginBottom: 12 }}
        />
      )}
      <DataTable<LedgerEntry>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={ledger.isPending}
        exportName={t('budget.ledgerExportName')}
        filters={
          <Space wrap>
            <Select
              allowClear
              placeholder={t('budget.filter.project')}
              aria-label={t('budget.filter.project')}
              style={{ width: 220 }}
              value={projectId}
              onChange={setProjectId}
              options={projects.map((p) => ({ value: p.projectId, label: p.title }))}
            />
            <Select
              allowClear
              placeholder={t('budget.filter.kind')}
              aria-label={t('budget.filter.kind')}
              style={{ width: 120 }}
              value={kind}
              onChange={setKind}
              options={(['payment', 'reversal'] as const).map((k) => ({
                value: k,
                label: t(`budget.kind.${k}`),
              }))}
            />
            <DatePicker.RangePicker
              value={range}
              onChange={(v) => setRange(v)}
              aria-label={t('budget.filter.dates')}
            />
          </Space>
        }
        toolbar={
          <span className="budget-muted">
            {t('budget.ledgerNet', { amount: fmt.money(net), count: rows.length })}
          </span>
        }
      />
      {ledger.hasNextPage && (
        <Button onClick={() => void ledger.fetchNextPage()} loading={ledger.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </>
  )
}
