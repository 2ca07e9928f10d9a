import {
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  type FormInstance,
} from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useCyclesT } from '../../i18n'
import { CreateCycleInput as Schema } from '@ms/api/schemas/cycles/cycles.schemas.js'
import { schemaRule } from '@/lib/forms'
import { useFormat } from '@/lib/use-format'
import type { Cycle, CreateCycleInput } from '../../api/cycles'
import {
  fenToWan,
  percentToTenThousandths,
  ratioToTenThousandths,
  requiredFor,
  tenThousandthsToPercent,
  tenThousandthsToRatio,
  wanToFen,
} from '../../lib/numbers'

/** What the form holds: percentages and 万元 as the exact text typed, converted on submit. */
export interface CycleFormValues {
  year: number
  title: string
  seats: number
  marginPercent: string
  fundPoolWan: string
  fundPoolDoc?: string
  thresholdBasis: CreateCycleInput['thresholdBasis']
  ballotForm: CreateCycleInput['ballotForm']
  satisfactionPercent: string
  evaluationBasis: NonNullable<CreateCycleInput['evaluationBasis']>
  evaluationComparison: NonNullable<CreateCycleInput['evaluationComparison']>
  solicitationDeadline?: Dayjs | null
  solicitationNotice?: string
}

export function defaultValues(year: number): CycleFormValues {
  return {
    year,
    title: `${year}年度民生实事项目`,
    seats: 10,
    marginPercent: '20',
    fundPoolWan: '',
    thresholdBasis: 'all',
    ballotForm: 'for_against_abstain',
    satisfactionPercent: '80',
    evaluationBasis: 'all',
    evaluationComparison: 'reach',
    solicitationDeadline: null,
    solicitationNotice: '',
  }
}

export function valuesOf(c: Cycle): CycleFormValues {
  return {
    year: c.year,
    title: c.title,
    seats: c.seats,
    marginPercent: tenThousandthsToPercent(ratioToTenThousandths(c.marginRatio) ?? 0),
    fundPoolWan: fenToWan(c.fundPoolFen),
    fundPoolDoc: c.fundPoolDoc ?? '',
    thresholdBasis: c.thresholdBasis,
    ballotForm: c.ballotForm,
    satisfactionPercent: tenThousandthsToPercent(
      ratioToTenThousandths(c.satisfactionThreshold) ?? 0,
    ),
    evaluationBasis: c.evaluationBasis,
    evaluationComparison: c.evaluationComparison,
    solicitationDeadline: c.solicitationDeadline ? dayjs(c.solicitationDeadline) : null,
    solicitationNotice: c.solicitationNotice ?? '',
  }
}

/** The API body; the form's rules have already checked every conversion succeeds. */
export function inputOf(v: CycleFormValues): CreateCycleInput {
  return {
    year: v.year,
    title: v.title,
    seats: v.seats,
    marginRatio: tenThousandthsToRatio(percentToTenThousandths(v.marginPercent)!),
    fundPoolFen: wanToFen(v.fundPoolWan)!,
    fundPoolDoc: v.fundPoolDoc?.trim() || null,
    thresholdBasis: v.thresholdBasis,
    ballotForm: v.ballotForm,
    satisfactionThreshold: tenThousandthsToRatio(percentToTenThousandths(v.satisfactionPercent)!),
    evaluationBasis: v.evaluationBasis,
    evaluationComparison: v.evaluationComparison,
    solicitationDeadline: v.solicitationDeadline
      ? v.solicitationDeadline.format('YYYY-MM-DD')
      : null,
    solicitationNotice: v.solicitationNotice?.trim() || null,
  }
}

/**
 * The implied minimum number of candidates, recomputed as N and r change:
 * ⌈N × (1 + r)⌉ with r in ten-thousandths (the API's own rule, integer arithmetic).
 */
export function ImpliedCount({ form }: { form: FormInstance<CycleFormValues> }) {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const seats = Form.useWatch('seats', form)
  const percent = Form.useWatch('marginPercent', form)
  const tt = percentToTenThousandths(percent)
  const required = requiredFor(seats, tt)
  return (
    <div className="cy-implied" role="status" aria-live="polite" data-testid="implied-count">
      <span className="cy-implied__label">{t('cycles.form.implied')}</span>
      {required === null ? (
        <span className="cy-implied__value">—</span>
      ) : (
        <>
          <strong className="cy-implied__value ms-num">
            {t('cycles.form.impliedValue', { n: fmt.count(required) })}
          </strong>
          <span className="cy-implied__formula">
            {t('cycles.form.impliedFormula', {
              n: seats,
              r: tenThousandthsToPercent(tt!),
              required,
              extra: required - seats!,
            })}
          </span>
        </>
      )}
    </div>
  )
}

const percentRule = (message: string) => ({
  validator: async (_: unknown, value: unknown) => {
    if (percentToTenThousandths(value as string) === null) throw new Error(message)
  },
})

/**
 * The settings of a cycle (年度设置), for both the create dialog and the settings page.
 * `voteLocked` disables what the vote depends on once the list is fixed (the API refuses it too).
 */
export function CycleFormFields({
  form,
  voteLocked = false,
  evaluationLocked = false,
}: {
  form: FormInstance<CycleFormValues>
  voteLocked?: boolean
  evaluationLocked?: boolean
}) {
  const { t } = useCyclesT()
  const lockedHelp = voteLocked ? t('cycles.form.voteLocked') : undefined
  return (
    <>
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Form.Item
            name="year"
            label={t('cycles.fields.year')}
            rules={[{ required: true, message: t('cycles.form.yearRequired') }]}
          >
            <InputNumber min={2000} max={2100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item
            name="title"
            label={t('cycles.fields.title')}
            rules={[
              { required: true, whitespace: true, message: t('cycles.form.titleRequired') },
              schemaRule(Schema.entries.title, t('cycles.form.titleTooLong')),
            ]}
          >
            <Input maxLength={200} autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <fieldset className="cy-fieldset">
        <legend>{t('cycles.form.marginTitle')}</legend>
        <Row gutter={16}>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item
              name="seats"
              label={t('cycles.fields.seats')}
              extra={lockedHelp}
              rules={[{ required: true, message: t('cycles.form.seatsRequired') }]}
            >
              <InputNumber
                min={1}
                max={200}
                precision={0}
                disabled={voteLocked}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item
              name="marginPercent"
              label={t('cycles.fields.marginRatio')}
              extra={lockedHelp ?? t('cycles.form.marginHelp')}
              rules={[
                { required: true, message: t('cycles.form.percentRule') },
                percentRule(t('cycles.form.percentRule')),
              ]}
            >
              <InputNumber<string>
                stringMode
                min="0"
                max="100"
                step="5"
                suffix="%"
                disabled={voteLocked}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <ImpliedCount form={form} />
          </Col>
        </Row>
      </fieldset>
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="fundPoolWan"
            label={t('cycles.fields.fundPool')}
            rules={[
              {
                validator: async (_, value: string) => {
                  if (wanToFen(value) === null) throw new Error(t('cycles.form.amountRule'))
                },
              },
            ]}
          >
            <InputNumber<string> stringMode min="0" suffix="万元" style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="fundPoolDoc" label={t('cycles.fields.fundPoolDoc')}>
            <Input
              maxLength={200}
              autoComplete="off"
              placeholder={t('cycles.form.fundPoolDocHint')}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="thresholdBasis"
            label={t('cycles.fields.thresholdBasis')}
            extra={lockedHelp}
          >
            <Radio.Group disabled={voteLocked}>
              <Radio value="all">{t('cycles.thresholdBasis.all')}</Radio>
              <Radio value="present">{t('cycles.thresholdBasis.present')}</Radio>
            </Radio.Group>
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item name="ballotForm" label={t('cycles.fields.ballotForm')} extra={lockedHelp}>
            <Radio.Group disabled={voteLocked}>
              <Radio value="for_against_abstain">
                {t('cycles.ballotForm.for_against_abstain')}
              </Radio>
              <Radio value="approve_up_to_n">{t('cycles.ballotForm.approve_up_to_n')}</Radio>
            </Radio.Group>
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Form.Item
            name="satisfactionPercent"
            label={t('cycles.fields.satisfactionThreshold')}
            extra={evaluationLocked ? t('cycles.form.evaluationLocked') : undefined}
            rules={[percentRule(t('cycles.form.percentRule'))]}
          >
            <InputNumber<string>
              stringMode
              min="0"
              max="100"
              suffix="%"
              disabled={evaluationLocked}
              style={{ width: '100%' }}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="evaluationBasis" label={t('cycles.fields.evaluationBasis')}>
            <Select
              disabled={evaluationLocked}
              options={(['all', 'valid'] as const).map((v) => ({
                value: v,
                label: t(`cycles.evaluationBasis.${v}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="evaluationComparison" label={t('cycles.fields.evaluationComparison')}>
            <Select
              disabled={evaluationLocked}
              options={(['reach', 'exceed'] as const).map((v) => ({
                value: v,
                label: t(`cycles.evaluationComparison.${v}`),
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="solicitationDeadline"
        label={t('cycles.fields.solicitationDeadline')}
        extra={t('cycles.form.deadlineHelp')}
      >
        <DatePicker style={{ width: 220 }} />
      </Form.Item>
      <Form.Item
        name="solicitationNotice"
        label={t('cycles.fields.solicitationNotice')}
        extra={t('cycles.form.noticeHelp')}
      >
        <Input.TextArea rows={6} maxLength={20_000} showCount />
      </Form.Item>
    </>
  )
}
