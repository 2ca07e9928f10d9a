import { lazy, Suspense, useEffect, useRef } from 'react'
import {
  createBrowserRouter,
  Outlet,
  ScrollRestoration,
  useLocation,
  type RouteObject,
} from 'react-router'
import { PageLoading } from '@/components/PageLoading'
import { routes, type PageArea, type PageRoute } from './routes'
import { PublicLayout } from './layouts/PublicLayout'
import type { RouteHandle } from './guards'
import { NotFoundPage } from './pages/NotFoundPage'
import { RouteErrorPage } from './pages/RouteErrorPage'

// The antd areas are chunks of their own: the public pages never load them.
const AntdArea = lazy(() => import('./layouts/AntdArea'))
const ConsoleLayout = lazy(() => import('./layouts/ConsoleLayout'))
const HomeRedirect = lazy(() => import('./guards'))

function Page({ route }: { route: PageRoute }) {
  const Component = route.page
  return (
    <Suspense fallback={<PageLoading />}>
      <Component />
    </Suspense>
  )
}

/** After a client-side navigation, focus the new page's main region (screen readers follow). */
function Root() {
  const { pathname } = useLocation()
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    document.getElementById('main')?.focus({ preventScroll: true })
  }, [pathname])
  return (
    <>
      <ScrollRestoration />
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </>
  )
}

const of = (area: PageArea) => routes.filter((r) => r.area === area)

export function createRouter() {
  const tree: RouteObject[] = [
    {
      element: <Root />,
      errorElement: <RouteErrorPage />,
      children: [
        {
          element: <PublicLayout />,
          children: [
            ...of('public').map((r) => ({ path: r.path, element: <Page route={r} /> })),
            { path: '*', element: <NotFoundPage /> },
          ],
        },
        {
          element: <AntdArea />,
          children: [
            ...of('auth').map((r) => ({ path: r.path, element: <Page route={r} /> })),
            {
              // Signs the user in, draws the menu, and checks each page's `handle.roles`.
              element: <ConsoleLayout />,
              children: [
                { path: '/home', element: <HomeRedirect /> },
                ...of('app').map((r): RouteObject => ({
                  path: r.path,
                  handle: { roles: r.roles } satisfies RouteHandle,
                  element: <Page route={r} />,
                })),
              ],
            },
          ],
        },
      ],
    },
  ]
  return createBrowserRouter(tree)
}
