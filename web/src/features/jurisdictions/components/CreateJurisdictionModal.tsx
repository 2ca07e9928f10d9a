import { useState } from 'react'
import { Alert, Form, Input, Modal, Select } from 'antd'
import { useTranslation } from 'react-i18next'
import { CreateJurisdictionInput as Schema } from '@ms/api/schemas/jurisdictions/jurisdictions.schemas.js'
import { errorMessage } from '@/lib/api'
import { applyApiIssues, schemaRule } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import {
  childLevels,
  useCreateJurisdiction,
  type CreateJurisdictionInput,
  type Jurisdiction,
} from '../api/jurisdictions'

const NO_PARENT = '__root__'

interface Props {
  open: boolean
  onClose: (created?: Jurisdiction) => void
  jurisdictions: readonly Jurisdiction[]
  defaultParent?: Jurisdiction
}

type Values = Omit<CreateJurisdictionInput, 'parentId'> & { parentId: string }

export function CreateJurisdictionModal({ open, onClose, jurisdictions, defaultParent }: Props) {
  const { t } = useTranslation()
  const [form] = Form.useForm<Values>()
  const create = useCreateJurisdiction()
  const [error, setError] = useState<string>()
  const parentId = Form.useWatch('parentId', form)
  const parent = jurisdictions.find((j) => j.id === parentId)
  const levels = childLevels(parent?.level)

  async function submit() {
    const values = await form.validateFields()
    setError(undefined)
    try {
      const created = await create.mutateAsync({
        name: values.name,
        level: values.level,
        parentId: values.parentId === NO_PARENT ? undefined : values.parentId,
      })
      notifySuccess(t('admin.created'))
      form.resetFields()
      onClose(created)
    } catch (e) {
      applyApiIssues(form, e)
      setError(errorMessage(e))
    }
  }

  return (
    <Modal
      open={open}
      title={t('admin.newJurisdiction')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => void submit().catch(() => {})}
      onCancel={() => onClose()}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          parentId: defaultParent?.id ?? NO_PARENT,
          level: childLevels(defaultParent?.level)[0],
        }}
        onValuesChange={(changed: Partial<Values>) => {
          if ('parentId' in changed) {
            const p = jurisdictions.find((j) => j.id === changed.parentId)
            form.setFieldValue('level', childLevels(p?.level)[0])
          }
        }}
      >
        <Form.Item name="parentId" label={t('admin.parent')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={[
              { value: NO_PARENT, label: t('admin.noParent') },
              ...jurisdictions
                .filter((j) => j.level !== 'township')
                .map((j) => ({ value: j.id, label: `${j.name}（${t(`levels.${j.level}`)}）` })),
            ]}
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('admin.name')}
          rules={[
            { required: true, whitespace: true, message: t('admin.nameRequired') },
            schemaRule(Schema.entries.name),
          ]}
        >
          <Input autoComplete="off" maxLength={100} />
        </Form.Item>
        <Form.Item name="level" label={t('admin.level')} rules={[{ required: true }]}>
          <Select options={levels.map((l) => ({ value: l, label: t(`levels.${l}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
