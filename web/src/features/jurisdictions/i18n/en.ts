import type { zhCN } from './zh-CN'

type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> }

/** The administration page's own strings, English. The older admin.* strings stay shared. */
export const en: Strings<typeof zhCN> = {
  editRoles: {
    edit: 'Edit roles',
    editAria: 'Edit roles: {{name}}',
    title: 'Edit roles · {{name}}',
    intro:
      'Tick the roles this account holds in {{jurisdiction}}. The change applies from the account’s next request and is recorded in the audit log.',
    others: 'Roles in other jurisdictions you administer (kept as they are):',
    noOthers: 'No roles in other jurisdictions you administer.',
    noneWarning:
      'No role ticked: the account will not be able to do anything in this jurisdiction.',
    registeredOnly:
      'The deputy and responsible-unit roles need an entry in the deputy roll or a unit link, so they can only be given when the account is created; here they can only be kept or withdrawn.',
    selfAdmin:
      'You cannot withdraw your own last administrator role; nobody could then administer your account.',
    saved: 'Roles updated',
  },
}
