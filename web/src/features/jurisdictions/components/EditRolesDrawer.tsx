import { useId, useState } from 'react'
import { Alert, Button, Checkbox, Drawer, Space, Tag } from 'antd'
import { errorMessage } from '@/lib/api'
import { notifySuccess } from '@/lib/notify'
import { ROLES, useMe, type Role } from '@/lib/session'
import { useSetGrants, type Account } from '../api/users'
import type { Jurisdiction } from '../api/jurisdictions'
import { useJurisdictionsT } from '../i18n'

/** Roles that need registration data made with the account (deputy roll, unit link). */
const REGISTERED_ONLY: readonly Role[] = ['deputy', 'unit']

interface Props {
  /** The account being edited; the drawer is closed when undefined. */
  account: Account | undefined
  jurisdiction: Jurisdiction
  /** Every jurisdiction the admin sees, to name the grants held elsewhere. */
  jurisdictions: Jurisdiction[]
  onClose: () => void
}

/**
 * Edits an account's roles in one jurisdiction. `PUT /users/:uid/grants` replaces the grants on
 * every jurisdiction the admin administers, so the grants listed for other jurisdictions are sent
 * back unchanged.
 */
export function EditRolesDrawer({ account, jurisdiction, jurisdictions, onClose }: Props) {
  const { t } = useJurisdictionsT()
  return (
    <Drawer
      open={!!account}
      onClose={onClose}
      title={account ? t('editRoles.title', { name: account.displayName }) : ''}
      size="default"
      destroyOnHidden
    >
      {account && (
        <EditRolesForm
          account={account}
          jurisdiction={jurisdiction}
          jurisdictions={jurisdictions}
          onDone={onClose}
        />
      )}
    </Drawer>
  )
}

function EditRolesForm({
  account,
  jurisdiction,
  jurisdictions,
  onDone,
}: {
  account: Account
  jurisdiction: Jurisdiction
  jurisdictions: Jurisdiction[]
  onDone: () => void
}) {
  const { t } = useJurisdictionsT()
  const me = useMe()
  const save = useSetGrants()
  const [roles, setRoles] = useState<Role[]>(account.roles)
  const [error, setError] = useState<string>()
  const legendId = useId()

  const others = account.grants.filter((g) => g.jurisdictionId !== jurisdiction.id)
  const nameOf = (id: string) => jurisdictions.find((j) => j.id === id)?.name ?? id
  const isSelf = me.data?.user.id === account.id
  const losesLastAdmin =
    isSelf && !roles.includes('admin') && !others.some((g) => g.role === 'admin')
  const unchanged =
    roles.length === account.roles.length && roles.every((r) => account.roles.includes(r))

  async function submit() {
    setError(undefined)
    try {
      await save.mutateAsync({
        uid: account.id,
        grants: [...others, ...roles.map((role) => ({ jurisdictionId: jurisdiction.id, role }))],
      })
      notifySuccess(t('editRoles.saved'))
      onDone()
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (!losesLastAdmin && !unchanged) void submit()
      }}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <p className="admin-note">{t('editRoles.intro', { jurisdiction: jurisdiction.name })}</p>
        {error && <Alert type="error" showIcon title={error} />}
        <fieldset className="admin-roles-fieldset" aria-labelledby={legendId}>
          <legend id={legendId} className="admin-roles-legend">
            {t('admin.roles')} · {jurisdiction.name}
          </legend>
          <Checkbox.Group<Role>
            value={roles}
            onChange={(v) => setRoles(v)}
            options={ROLES.map((r) => ({
              value: r,
              label: t(`roles.${r}`),
              disabled: REGISTERED_ONLY.includes(r) && !account.roles.includes(r),
            }))}
          />
        </fieldset>
        <p className="admin-note">{t('editRoles.registeredOnly')}</p>
        {roles.length === 0 && !losesLastAdmin && (
          <Alert type="warning" showIcon title={t('editRoles.noneWarning')} />
        )}
        {losesLastAdmin && (
          <Alert type="error" showIcon role="alert" title={t('editRoles.selfAdmin')} />
        )}
        <div>
          <p className="admin-others-title">
            {others.length ? t('editRoles.others') : t('editRoles.noOthers')}
          </p>
          {others.length > 0 && (
            <ul className="admin-other-grants">
              {others.map((g) => (
                <li key={`${g.jurisdictionId}:${g.role}`}>
                  {nameOf(g.jurisdictionId)} <Tag>{t(`roles.${g.role}`)}</Tag>
                </li>
              ))}
            </ul>
          )}
        </div>
        <Space>
          <Button onClick={onDone}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            disabled={losesLastAdmin || unchanged}
          >
            {t('common.save')}
          </Button>
        </Space>
      </Space>
    </form>
  )
}
