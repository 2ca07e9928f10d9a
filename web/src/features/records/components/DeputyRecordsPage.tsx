import { useEffect } from 'react'
import { Link } from 'react-router'
import { Button, Card, Form, InputNumber } from 'antd'
import { PageHeader } from '@/components/PageHeader'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { notifySuccess } from '@/lib/notify'
import { useCurrentJurisdiction } from '@/lib/session'
import { useDeputies, useSaveTargets, useTargets, type Deputy } from '../api/records'
import { useRecordsT } from '../i18n'

/** Staff: the congress's deputies with a link to each record, and the yearly targets. */
export default function DeputyRecordsPage() {
  const { t } = useRecordsT()
  const { current } = useCurrentJurisdiction()
  const deputies = useDeputies(current?.id)
  const columns: DataTableColumn<Deputy>[] = [
    { title: t('staff.name'), dataIndex: 'displayName', key: 'name' },
    {
      title: '',
      key: 'view',
      exportValue: false,
      render: (_, d) => <Link to={`/console/deputies/${d.id}/record`}>{t('staff.view')}</Link>,
    },
  ]
  return (
    <div>
      <PageHeader title={t('staff.title')} description={t('staff.lead')} />
      {current && <TargetsForm jid={current.id} />}
      <DataTable
        columns={columns}
        dataSource={deputies.data?.items}
        loading={deputies.isPending}
        rowKey="id"
        exportName={t('staff.deputies')}
      />
    </div>
  )
}

function TargetsForm({ jid }: { jid: string }) {
  const { t } = useRecordsT()
  const targets = useTargets(jid)
  const save = useSaveTargets(jid)
  const [form] = Form.useForm<{
    minSuggestions: number
    minInspections: number
    participation: number
  }>()
  useEffect(() => {
    if (targets.data)
      form.setFieldsValue({
        minSuggestions: targets.data.minSuggestions,
        minInspections: targets.data.minInspections,
        participation: targets.data.minVoteParticipationBp / 100,
      })
  }, [targets.data, form])
  return (
    <Card title={t('staff.targetsTitle')} size="small" style={{ marginBottom: 16 }}>
      <Form
        form={form}
        layout="inline"
        onFinish={(v) =>
          save.mutate(
            {
              minSuggestions: v.minSuggestions,
              minInspections: v.minInspections,
              minVoteParticipationBp: Math.round(v.participation * 100),
            },
            { onSuccess: () => notifySuccess(t('staff.saved')) },
          )
        }
      >
        <Form.Item
          name="minSuggestions"
          label={t('staff.minSuggestions')}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} max={100} precision={0} />
        </Form.Item>
        <Form.Item
          name="minInspections"
          label={t('staff.minInspections')}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} max={100} precision={0} />
        </Form.Item>
        <Form.Item
          name="participation"
          label={t('staff.minParticipation')}
          rules={[{ required: true }]}
        >
          <InputNumber min={0} max={100} precision={2} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('staff.save')}
        </Button>
      </Form>
    </Card>
  )
}
