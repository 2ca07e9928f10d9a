import { Suspense, useMemo, useState } from 'react'
import { Outlet, useLocation, useNavigate } from 'react-router'
import { Button, Drawer, Grid, Layout, Menu, Select, Tooltip, type MenuProps } from 'antd'
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { BrandMark } from '@/components/BrandMark'
import { LangSwitch } from '@/components/LangSwitch'
import { PageLoading } from '@/components/PageLoading'
import { notifySuccess } from '@/lib/notify'
import { useCurrentJurisdiction, useLogout, useMe } from '@/lib/session'
import { NotificationBell } from '@/features/notifications/components/NotificationBell'
import { sectionsFor } from '../nav'
import { RequireAuth, RoleGate } from '../guards'
import './console.css'

function useMenuItems(): MenuProps['items'] {
  const { t } = useTranslation()
  const { current } = useCurrentJurisdiction()
  return useMemo(() => {
    const sections = sectionsFor(current?.roles ?? [])
    const itemsOf = (s: (typeof sections)[number]) =>
      s.section.items.map((item) => ({ key: item.path, icon: item.icon, label: t(item.labelKey) }))
    // One role: a flat menu; several: one titled group per role.
    if (sections.length === 1) return itemsOf(sections[0]!)
    return sections.map((s) => ({
      type: 'group' as const,
      key: s.role,
      label: t(s.section.labelKey),
      children: itemsOf(s),
    }))
  }, [current, t])
}

function selectedKey(pathname: string, items: MenuProps['items']): string[] {
  const keys: string[] = []
  const walk = (list: MenuProps['items']) =>
    list?.forEach((i) => {
      if (!i) return
      if ('children' in i && i.children) walk(i.children)
      else if (typeof i.key === 'string') keys.push(i.key)
    })
  walk(items)
  const best = keys
    .filter((k) => pathname === k || pathname.startsWith(`${k}/`))
    .sort((a, b) => b.length - a.length)[0]
  return best ? [best] : []
}

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const items = useMenuItems()
  const { pathname } = useLocation()
  const navigate = useNavigate()
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selectedKey(pathname, items)}
      onClick={({ key }) => {
        void navigate(key)
        onNavigate?.()
      }}
      style={{ borderInlineEnd: 0 }}
    />
  )
}

function JurisdictionSwitcher({ compact }: { compact: boolean }) {
  const { t } = useTranslation()
  const { current, all, choose } = useCurrentJurisdiction()
  const navigate = useNavigate()
  if (!current) return null
  const labelOf = (j: typeof current) => `${j.name}（${t(`levels.${j.level}`, j.level)}）`
  if (all.length < 2)
    return (
      <span className="console-header__jurisdiction" data-testid="jurisdiction">
        {compact ? current.name : labelOf(current)}
      </span>
    )
  return (
    <Select
      aria-label={t('header.switchJurisdiction')}
      data-testid="jurisdiction-switcher"
      value={current.id}
      onChange={(id: string) => {
        choose(id)
        void navigate('/home')
      }}
      options={all.map((j) => ({ value: j.id, label: compact ? j.name : labelOf(j) }))}
      style={{ minWidth: compact ? 110 : 180 }}
      popupMatchSelectWidth={false}
    />
  )
}

/** The signed-in frame: header, role menu (a drawer on phones) and the page. */
function ConsoleFrame() {
  const { t } = useTranslation()
  const screens = Grid.useBreakpoint()
  const phone = !screens.md
  const [drawerOpen, setDrawerOpen] = useState(false)
  const { data: me } = useMe()
  const navigate = useNavigate()
  const logout = useLogout({
    onSignedOut: () => {
      notifySuccess(t('header.loggedOut'))
      void navigate('/login', { replace: true })
    },
  })

  function onLogout() {
    logout.mutate()
  }

  return (
    <Layout className="console">
      <a href="#main" className="ms-skip-link">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="console-header">
        {phone && (
          <Button
            type="text"
            size="large"
            icon={<MenuOutlined />}
            aria-label={t('nav.openMenu')}
            aria-expanded={drawerOpen}
            aria-controls="console-drawer"
            onClick={() => setDrawerOpen(true)}
          />
        )}
        <a
          href="/home"
          className="console-header__brand"
          aria-label={t('app.name')}
          onClick={(e) => {
            e.preventDefault()
            void navigate('/home')
          }}
        >
          <BrandMark size={26} />
          {!phone && <span>{t('app.name')}</span>}
        </a>
        <JurisdictionSwitcher compact={phone} />
        <div className="console-header__spacer" />
        <LangSwitch className="ms-link-button console-header__lang" />
        <NotificationBell />
        {!phone && me && (
          <span className="console-header__user" data-testid="user-name">
            <UserOutlined aria-hidden /> {me.user.displayName}
          </span>
        )}
        <Tooltip title={phone ? t('header.logout') : undefined}>
          <Button
            type="text"
            icon={<LogoutOutlined />}
            onClick={onLogout}
            loading={logout.isPending}
            aria-label={phone ? t('header.logout') : undefined}
            data-testid="logout"
          >
            {!phone && t('header.logout')}
          </Button>
        </Tooltip>
      </Layout.Header>
      <Layout>
        {!phone && (
          <Layout.Sider width={220} className="console-sider" theme="light">
            <nav aria-label={t('nav.main')}>
              <NavMenu />
            </nav>
          </Layout.Sider>
        )}
        {phone && (
          <Drawer
            id="console-drawer"
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            title={t('nav.menu')}
            size={280}
            styles={{ body: { padding: 0 } }}
          >
            <nav aria-label={t('nav.main')}>
              <NavMenu onNavigate={() => setDrawerOpen(false)} />
            </nav>
          </Drawer>
        )}
        <Layout.Content>
          <main
            id="main"
            tabIndex={-1}
            className={phone ? 'console-main console-main--phone' : 'console-main'}
          >
            <RoleGate>
              <Suspense fallback={<PageLoading />}>
                <Outlet />
              </Suspense>
            </RoleGate>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  )
}

export default function ConsoleLayout() {
  return (
    <RequireAuth>
      <ConsoleFrame />
    </RequireAuth>
  )
}
