import { useState } from 'react'
import { Alert, Checkbox, Form, Input, Modal } from 'antd'
import { useTranslation } from 'react-i18next'
import { CreateUserInput as Schema } from '@ms/api/schemas/jurisdictions/jurisdictions.schemas.js'
import { errorMessage, isApiError } from '@/lib/api'
import { applyApiIssues, schemaRule } from '@/lib/forms'
import { notifySuccess } from '@/lib/notify'
import { ROLES } from '@/lib/session'
import { useCreateUser, type CreateUserInput } from '../api/users'
import type { Jurisdiction } from '../api/jurisdictions'

interface Props {
  open: boolean
  onClose: () => void
  jurisdiction: Jurisdiction
}

export function CreateAccountModal({ open, onClose, jurisdiction }: Props) {
  const { t } = useTranslation()
  const [form] = Form.useForm<CreateUserInput>()
  const create = useCreateUser(jurisdiction.id)
  const [error, setError] = useState<string>()

  async function submit() {
    const values = await form.validateFields()
    setError(undefined)
    try {
      await create.mutateAsync({ ...values, username: values.username.trim() })
      notifySuccess(t('admin.created'))
      form.resetFields()
      onClose()
    } catch (e) {
      if (isApiError(e, 'USERNAME_TAKEN'))
        form.setFields([{ name: 'username', errors: [errorMessage(e)] }])
      else if (!applyApiIssues(form, e)) setError(errorMessage(e))
    }
  }

  return (
    <Modal
      open={open}
      title={`${t('admin.newAccount')} · ${jurisdiction.name}`}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => void submit().catch(() => {})}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<CreateUserInput>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ roles: [] }}
      >
        <Form.Item
          name="username"
          label={t('admin.username')}
          extra={t('admin.usernameRule')}
          rules={[schemaRule(Schema.entries.username, t('admin.usernameRule'))]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('admin.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('admin.nameRequired') },
            schemaRule(Schema.entries.displayName),
          ]}
        >
          <Input autoComplete="off" maxLength={100} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('admin.password')}
          extra={t('admin.passwordRule')}
          rules={[schemaRule(Schema.entries.password, t('admin.passwordRule'))]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('admin.roles')}
          extra={t('admin.rolesHelp')}
          rules={[schemaRule(Schema.entries.roles, t('admin.rolesRequired'))]}
        >
          <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  )
}
