import { useMemo, useState } from 'react'
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Tag, Tree } from 'antd'
import type { DataNode } from 'antd/es/tree'
import { EditOutlined, PlusOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { PageHeader } from '@/components/PageHeader'
import { DataTable, type DataTableColumn } from '@/components/DataTable'
import { errorMessage } from '@/lib/api'
import { ROLES, useCurrentJurisdiction } from '@/lib/session'
import {
  toTree,
  useJurisdictions,
  type Jurisdiction,
  type JurisdictionNode,
} from '../api/jurisdictions'
import { useUsers, type Account } from '../api/users'
import { CreateJurisdictionModal } from './CreateJurisdictionModal'
import { CreateAccountModal } from './CreateAccountModal'
import { EditRolesDrawer } from './EditRolesDrawer'
import { useJurisdictionsT } from '../i18n'
import './admin.css'

function AccountsCard({
  jurisdiction,
  jurisdictions,
}: {
  jurisdiction: Jurisdiction
  jurisdictions: Jurisdiction[]
}) {
  const { t } = useJurisdictionsT()
  const users = useUsers(jurisdiction.id)
  const [creating, setCreating] = useState(false)
  const [editingId, setEditingId] = useState<string>()
  const rows = useMemo(() => users.data?.pages.flatMap((p) => p.items) ?? [], [users.data])

  const columns: DataTableColumn<Account>[] = [
    {
      title: t('admin.username'),
      dataIndex: 'username',
      sorter: (a, b) => a.username.localeCompare(b.username),
    },
    { title: t('admin.displayName'), dataIndex: 'displayName' },
    {
      title: t('admin.roles'),
      dataIndex: 'roles',
      render: (roles: Account['roles']) => (
        <Space size={[4, 4]} wrap>
          {[...roles]
            .sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b))
            .map((r) => (
              <Tag key={r}>{t(`roles.${r}`)}</Tag>
            ))}
        </Space>
      ),
      searchValue: (a) => a.roles.map((r) => `${r} ${t(`roles.${r}`)}`).join(' '),
      exportValue: (a) => a.roles.map((r) => t(`roles.${r}`)).join('、'),
      filters: ROLES.map((r) => ({
        text: t(`roles.${r}`),
        value: r,
      })),
      onFilter: (value, a) => a.roles.includes(value as Account['roles'][number]),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      exportValue: false,
      render: (_: unknown, a) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          aria-label={t('editRoles.editAria', { name: a.displayName })}
          onClick={() => setEditingId(a.id)}
        >
          {t('editRoles.edit')}
        </Button>
      ),
    },
  ]

  return (
    <Card
      title={
        <h2 className="admin-card-title">{t('admin.accountsOf', { name: jurisdiction.name })}</h2>
      }
    >
      {users.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(users.error)}
          style={{ marginBottom: 12 }}
        />
      )}
      <DataTable<Account>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={users.isPending}
        exportName={`${jurisdiction.name}-${t('admin.accounts')}`}
        toolbar={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('admin.newAccount')}
          </Button>
        }
      />
      {users.hasNextPage && (
        <Button onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
      <CreateAccountModal
        open={creating}
        onClose={() => setCreating(false)}
        jurisdiction={jurisdiction}
      />
      <EditRolesDrawer
        account={rows.find((a) => a.id === editingId)}
        jurisdiction={jurisdiction}
        jurisdictions={jurisdictions}
        onClose={() => setEditingId(undefined)}
      />
    </Card>
  )
}

function toDataNodes(nodes: JurisdictionNode[], levelOf: (l: string) => string): DataNode[] {
  return nodes.map((n) => ({
    key: n.id,
    title: (
      <span>
        {n.name} <span className="admin-level">{levelOf(n.level)}</span>
      </span>
    ),
    children: toDataNodes(n.children, levelOf),
  }))
}

/** 系统管理: the jurisdiction tree and the accounts of the selected jurisdiction. */
export default function AdminPage() {
  const { t } = useTranslation()
  const { current } = useCurrentJurisdiction()
  const jurisdictions = useJurisdictions()
  const [selectedId, setSelectedId] = useState<string>()
  const [creating, setCreating] = useState(false)

  const items = useMemo(() => jurisdictions.data?.items ?? [], [jurisdictions.data])
  const tree = useMemo(() => toTree(items), [items])
  const selected = items.find((j) => j.id === (selectedId ?? current?.id)) ?? items[0]
  const treeData = useMemo(() => toDataNodes(tree, (l) => t(`levels.${l}`)), [tree, t])

  return (
    <>
      <PageHeader title={t('admin.title')} />
      {jurisdictions.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(jurisdictions.error)}
          style={{ marginBottom: 16 }}
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8} xxl={6}>
          <Card
            title={<h2 className="admin-card-title">{t('admin.jurisdictions')}</h2>}
            extra={
              <Button
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                disabled={!items.length}
              >
                {t('admin.newJurisdiction')}
              </Button>
            }
          >
            {jurisdictions.isPending ? (
              <Skeleton active />
            ) : tree.length ? (
              <div role="group" aria-label={t('admin.treeLabel')}>
                <Tree
                  treeData={treeData}
                  defaultExpandAll
                  selectedKeys={selected ? [selected.id] : []}
                  onSelect={(keys) => keys[0] && setSelectedId(String(keys[0]))}
                  blockNode
                />
              </div>
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16} xxl={18}>
          {selected ? (
            <AccountsCard key={selected.id} jurisdiction={selected} jurisdictions={items} />
          ) : (
            <Card>
              <Empty description={t('admin.selectJurisdiction')} />
            </Card>
          )}
        </Col>
      </Row>
      <CreateJurisdictionModal
        open={creating}
        jurisdictions={items}
        defaultParent={selected}
        onClose={(created) => {
          setCreating(false)
          if (created) setSelectedId(created.id)
        }}
      />
    </>
  )
}
