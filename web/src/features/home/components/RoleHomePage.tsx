import type { ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { useTranslation } from 'react-i18next'
import {
  AccountBookOutlined,
  FileAddOutlined,
  FormOutlined,
  FundProjectionScreenOutlined,
  ToolOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons'
import { PageHeader } from '@/components/PageHeader'
import { useCurrentJurisdiction } from '@/lib/session'
import './home.css'

type AreaRole = 'finance' | 'unit' | 'teller'
const ROLE_OF_PATH: Record<string, AreaRole> = {
  '/finance': 'finance',
  '/unit': 'unit',
  '/teller': 'teller',
}

interface Task {
  key: string
  to: string
  icon: ReactNode
}

/** The work of each area, in the order of the year. */
const TASKS: Record<AreaRole, Task[]> = {
  finance: [{ key: 'budget', to: '/budget', icon: <AccountBookOutlined /> }],
  unit: [
    { key: 'suggestions', to: '/unit/suggestions', icon: <FileAddOutlined /> },
    { key: 'candidates', to: '/unit/candidates', icon: <UnorderedListOutlined /> },
    { key: 'projects', to: '/unit/projects', icon: <FundProjectionScreenOutlined /> },
    { key: 'rectifications', to: '/unit/rectifications', icon: <ToolOutlined /> },
  ],
  teller: [{ key: 'paper', to: '/teller/votes', icon: <FormOutlined /> }],
}

/** Home of the finance, unit and teller areas: what the role does here, one link per task. */
export default function RoleHomePage() {
  const { t } = useTranslation()
  const { pathname } = useLocation()
  const { current } = useCurrentJurisdiction()
  const role = ROLE_OF_PATH[pathname] ?? 'finance'
  return (
    <>
      <PageHeader
        title={t(`nav.sections.${role}`)}
        description={`${current?.name ?? ''} · ${t(`home.role.${role}`)}`}
      />
      <section aria-labelledby="role-tasks">
        <h2 id="role-tasks" className="deputy-home__section">
          {t('home.tasks.title')}
        </h2>
        <ul className="deputy-actions role-tasks">
          {TASKS[role].map((task) => (
            <li key={task.key}>
              <Link to={task.to} className="deputy-action">
                <span className="deputy-action__icon" aria-hidden="true">
                  {task.icon}
                </span>
                <span className="deputy-action__text">
                  <strong>{t(`home.tasks.${role}.${task.key}`)}</strong>
                  <span>{t(`home.tasks.${role}.${task.key}Text`)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  )
}
