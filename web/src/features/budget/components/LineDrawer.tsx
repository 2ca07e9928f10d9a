import { useState } from 'react'
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { SendOutlined } from '@ant-design/icons'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import { errorMessage, isApiError } from '@/lib/api'
import { applyApiIssues } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { useLineLedger, useRecordDisbursement, type LineEntry } from '../api/budget'
import { yuanToFen } from '../utils/money'
import { RateBar } from './ProjectsLines'
import { ReverseButton, VoucherCell } from './LedgerPanel'

interface Values {
  date: Dayjs
  amount: string
  voucherNo: string
  payee: string
  note?: string
}

/** 拨付登记: the line's entries with the running balance, and the form for the next payment. */
export function LineDrawer({
  cycleId,
  lineId,
  projectTitle,
  canWrite,
  onClose,
}: {
  cycleId: string
  lineId: string | undefined
  projectTitle: string
  canWrite: boolean
  onClose: () => void
}) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const ledger = useLineLedger(cycleId, lineId)
  const record = useRecordDisbursement(cycleId)
  const [form] = Form.useForm<Values>()
  const amount = Form.useWatch('amount', form)
  const [lastBalance, setLastBalance] = useState<number>()
  const line = ledger.data?.line
  const typed = amount ? yuanToFen(amount) : undefined
  const after = line && typed !== undefined ? line.remainingFen - typed : undefined
  const err = record.error

  async function submit() {
    if (!lineId) return
    const v = await form.validateFields()
    record.mutate(
      {
        lid: lineId,
        json: {
          date: v.date.format('YYYY-MM-DD'),
          amountFen: yuanToFen(v.amount)!,
          voucherNo: v.voucherNo.trim(),
          payee: v.payee.trim(),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        },
      },
      {
        onSuccess: (d) => {
          setLastBalance(d.balanceAfterFen)
          notifySuccess(
            t('budget.disbursed', {
              amount: fmt.money(d.amountFen),
              balance: fmt.money(d.balanceAfterFen),
            }),
          )
          form.resetFields(['amount', 'voucherNo', 'note'])
        },
        onError: (e) => applyApiIssues(form, e),
      },
    )
  }

  const columns: ColumnsType<LineEntry> = [
    { title: t('budget.col.seq'), dataIndex: 'seq', width: 64 },
    {
      title: t('budget.col.date'),
      dataIndex: 'date',
      render: (d: string) => fmt.date(d),
      width: 130,
    },
    {
      title: t('budget.col.kind'),
      dataIndex: 'kind',
      width: 70,
      render: (k: LineEntry['kind']) => (
        <Tag color={k === 'reversal' ? 'red' : 'default'}>{t(`budget.kind.${k}`)}</Tag>
      ),
    },
    {
      title: t('budget.col.amount'),
      dataIndex: 'amountFen',
      align: 'right',
      render: (v: number) => (
        <span className={v < 0 ? 'budget-negative' : undefined}>{fmt.money(v)}</span>
      ),
    },
    {
      title: t('budget.col.balance'),
      dataIndex: 'balanceAfterFen',
      align: 'right',
      render: (v: number) => fmt.money(v),
    },
    { title: t('budget.col.voucher'), dataIndex: 'voucherNo' },
    {
      title: t('budget.col.payeeNote'),
      key: 'payee',
      render: (_: unknown, d) => (
        <div>
          <div>{d.payee}</div>
          <div className="budget-muted">{d.kind === 'reversal' ? d.reason : d.note}</div>
        </div>
      ),
    },
    {
      title: t('budget.col.scan'),
      key: 'scan',
      render: (_: unknown, d) => <VoucherCell cycleId={cycleId} entry={d} canWrite={canWrite} />,
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, d: LineEntry) => <ReverseButton cycleId={cycleId} entry={d} />,
          },
        ]
      : []),
  ]

  return (
    <Drawer
      open={!!lineId}
      onClose={() => {
        record.reset()
        setLastBalance(undefined)
        onClose()
      }}
      title={t('budget.drawerTitle', { title: projectTitle })}
      size="large"
      width={960}
      destroyOnHidden
    >
      {ledger.isPending || !line ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions size="small" column={3} bordered className="budget-desc">
            <Descriptions.Item label={t('budget.col.source')}>
              {t(`budget.source.${line.source}`)}
              {line.fromPool ? ` · ${t('budget.onPool')}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('budget.col.documentNo')}>
              {line.documentNo}
            </Descriptions.Item>
            <Descriptions.Item label={t('budget.col.subject')}>
              {line.subjectCode}
            </Descriptions.Item>
            <Descriptions.Item label={t('budget.col.amount')}>
              {fmt.money(line.amountFen)}
            </Descriptions.Item>
            <Descriptions.Item label={t('budget.col.disbursed')}>
              {fmt.money(line.disbursedFen)}
            </Descriptions.Item>
            <Descriptions.Item label={t('budget.col.remaining')}>
              <strong data-testid="line-remaining">{fmt.money(line.remainingFen)}</strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('budget.col.rate')} span={3}>
              <RateBar bp={line.rateBp} />
            </Descriptions.Item>
          </Descriptions>

          {canWrite && line.status === 'approved' && (
            <section className="budget-entry" aria-labelledby="budget-entry-title">
              <h3 id="budget-entry-title">{t('budget.entryTitle')}</h3>
              <Form
                form={form}
                layout="vertical"
                requiredMark
                initialValues={{ date: dayjs(), payee: '' }}
                onFinish={() => void submit()}
              >
                <Row gutter={12}>
                  <Col xs={24} md={6}>
                    <Form.Item
                      name="date"
                      label={t('budget.col.date')}
                      rules={[{ required: true }]}
                    >
                      <DatePicker
                        style={{ width: '100%' }}
                        disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item
                      name="amount"
                      label={t('budget.form.amount')}
                      rules={[
                        { required: true, message: t('budget.form.amountRequired') },
                        {
                          validator: async (_r, value: string) => {
                            if (!value) return
                            const fen = yuanToFen(value)
                            if (fen === undefined) throw new Error(t('budget.form.amountInvalid'))
                            if (fen <= 0) throw new Error(t('budget.form.amountPositive'))
                          },
                        },
                      ]}
                    >
                      <Input suffix={t('budget.yuan')} inputMode="decimal" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item
                      name="voucherNo"
                      label={t('budget.col.voucher')}
                      rules={[
                        {
                          required: true,
                          whitespace: true,
                          message: t('budget.form.voucherRequired'),
                        },
                      ]}
                    >
                      <Input maxLength={64} placeholder="GK2025030001" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item
                      name="payee"
                      label={t('budget.form.payee')}
                      rules={[
                        {
                          required: true,
                          whitespace: true,
                          message: t('budget.form.payeeRequired'),
                        },
                      ]}
                    >
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={18}>
                    <Form.Item name="note" label={t('budget.form.note')}>
                      <Input maxLength={500} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={6}>
                    <Form.Item label=" ">
                      <Button
                        type="primary"
                        htmlType="submit"
                        icon={<SendOutlined />}
                        loading={record.isPending}
                        block
                      >
                        {t('budget.disburse')}
                      </Button>
                    </Form.Item>
                  </Col>
                </Row>
              </Form>
              <Space className="budget-balance-line" wrap>
                <span>{t('budget.balanceNow', { amount: fmt.money(line.remainingFen) })}</span>
                {after !== undefined && (
                  <span
                    className={after < 0 ? 'budget-negative' : 'budget-positive'}
                    data-testid="balance-after"
                  >
                    {t('budget.balanceAfter', { amount: fmt.money(after) })}
                  </span>
                )}
                {lastBalance !== undefined && after === undefined && (
                  <span className="budget-muted">
                    {t('budget.lastBalance', { amount: fmt.money(lastBalance) })}
                  </span>
                )}
              </Space>
              {err && (
                <Alert
                  type="error"
                  showIcon
                  role="alert"
                  title={
                    isApiError(err, 'LINE_OVERDRAWN')
                      ? t('budget.overdrawn', {
                          remaining: fmt.money(Number(err.details.remainingFen)),
                        })
                      : errorMessage(err)
                  }
                />
              )}
            </section>
          )}

          <h3 className="budget-section-title">{t('budget.entries')}</h3>
          <Table<LineEntry>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={ledger.data?.items ?? []}
            pagination={{ pageSize: 12, hideOnSinglePage: true }}
            locale={{ emptyText: t('budget.noEntries') }}
          />
        </>
      )}
    </Drawer>
  )
}
