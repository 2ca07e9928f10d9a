import { useState } from 'react'
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Progress, Row } from 'antd'
import { EditOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { errorMessage, isApiError } from '@/lib/api'
import { applyApiIssues } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import { useFormat } from '@/lib/use-format'
import { useSetFundPool, type BudgetSummary, type CycleItem } from '../api/budget'
import { bpText, fenToYuanText, yuanToFen } from '../utils/money'

function Figure({
  label,
  value,
  sub,
  progress,
  extra,
}: {
  label: string
  value: string
  sub?: React.ReactNode
  progress?: number
  extra?: React.ReactNode
}) {
  return (
    <Card className="budget-figure" size="small">
      <div className="budget-figure__head">
        <span className="budget-figure__label">{label}</span>
        {extra}
      </div>
      <div className="budget-figure__value">{value}</div>
      {progress !== undefined && (
        <Progress percent={progress} showInfo={false} size="small" strokeColor="#1D4E89" />
      )}
      {sub && <div className="budget-figure__sub">{sub}</div>}
    </Card>
  )
}

/** The pool, what is committed on it, the approved budget and what has been paid, at a glance. */
export function PoolOverview({
  summary,
  cycle,
  canFixPool,
}: {
  summary: BudgetSummary
  cycle: CycleItem
  canFixPool: boolean
}) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [editing, setEditing] = useState(false)
  const { pool, totals } = summary
  const pct = (part: number, whole: number) =>
    whole > 0 ? Math.min(100, Number((BigInt(part) * 100n) / BigInt(whole))) : 0

  return (
    <>
      <Row gutter={[16, 16]} className="budget-figures">
        <Col xs={24} sm={12} xl={6}>
          <Figure
            label={t('budget.pool.pool')}
            value={fmt.wan(pool.poolFen)}
            sub={
              pool.fixed
                ? t('budget.pool.document', { doc: pool.documentRef })
                : t('budget.pool.planned')
            }
            extra={
              canFixPool && (
                <Button
                  size="small"
                  type="link"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(true)}
                >
                  {t('budget.pool.fix')}
                </Button>
              )
            }
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Figure
            label={t('budget.pool.committed')}
            value={fmt.wan(pool.committedFen)}
            progress={pct(pool.committedFen, pool.poolFen)}
            sub={t('budget.pool.available', { amount: fmt.money(pool.availableFen) })}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Figure
            label={t('budget.pool.budgeted')}
            value={fmt.wan(totals.budgetedFen)}
            sub={t('budget.pool.budgetedSub', {
              other: fmt.wan(totals.otherSourcesFen),
              draft: fmt.wan(totals.draftFen),
            })}
          />
        </Col>
        <Col xs={24} sm={12} xl={6}>
          <Figure
            label={t('budget.pool.disbursed')}
            value={fmt.wan(totals.disbursedFen)}
            progress={totals.rateBp === null ? 0 : Math.floor(totals.rateBp / 100)}
            sub={t('budget.pool.rate', {
              rate: bpText(totals.rateBp),
              remaining: fmt.wan(totals.remainingFen),
            })}
          />
        </Col>
      </Row>
      <FixPoolModal
        open={editing}
        onClose={() => setEditing(false)}
        cycleId={cycle.id}
        poolFen={pool.poolFen}
        documentRef={pool.documentRef}
        thresholdBp={pool.varianceThresholdBp}
      />
    </>
  )
}

function FixPoolModal({
  open,
  onClose,
  cycleId,
  poolFen,
  documentRef,
  thresholdBp,
}: {
  open: boolean
  onClose: () => void
  cycleId: string
  poolFen: number
  documentRef: string | null
  thresholdBp: number
}) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [form] = Form.useForm()
  const setPool = useSetFundPool(cycleId)
  const err = setPool.error

  async function submit() {
    const v = (await form.validateFields()) as {
      amount: string
      documentRef: string
      threshold: number
    }
    setPool.mutate(
      {
        fundPoolFen: yuanToFen(v.amount)!,
        documentRef: v.documentRef,
        varianceThresholdBp: Math.round(v.threshold * 100),
      },
      {
        onSuccess: () => {
          notifySuccess(t('budget.pool.saved'))
          onClose()
        },
        onError: (e) => applyApiIssues(form, e),
      },
    )
  }

  return (
    <Modal
      open={open}
      title={t('budget.pool.fixTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      confirmLoading={setPool.isPending}
      onCancel={onClose}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (o) {
          setPool.reset()
          form.setFieldsValue({
            amount: fenToYuanText(poolFen),
            documentRef: documentRef ?? '',
            threshold: thresholdBp / 100,
          })
        }
      }}
    >
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item
          name="amount"
          label={t('budget.pool.amount')}
          rules={[
            { required: true, message: t('budget.form.amountRequired') },
            {
              validator: async (_r, value: string) => {
                if (value && yuanToFen(value) === undefined)
                  throw new Error(t('budget.form.amountInvalid'))
              },
            },
          ]}
        >
          <Input suffix={t('budget.yuan')} inputMode="decimal" />
        </Form.Item>
        <Form.Item
          name="documentRef"
          label={t('budget.pool.documentRef')}
          rules={[{ required: true, whitespace: true, message: t('budget.pool.documentRequired') }]}
        >
          <Input placeholder="示财预〔2025〕86号" maxLength={200} />
        </Form.Item>
        <Form.Item
          name="threshold"
          label={t('budget.pool.threshold')}
          extra={t('budget.pool.thresholdHelp')}
        >
          <InputNumber min={0} max={100} step={1} precision={2} suffix="%" style={{ width: 160 }} />
        </Form.Item>
      </Form>
      {err && (
        <Alert
          type="error"
          showIcon
          title={
            isApiError(err, 'FUND_POOL_EXCEEDED')
              ? t('budget.pool.belowCommitted', {
                  committed: fmt.money(Number(err.details.committedFen)),
                  overshoot: fmt.money(Number(err.details.overshootFen)),
                })
              : errorMessage(err)
          }
        />
      )}
    </Modal>
  )
}
