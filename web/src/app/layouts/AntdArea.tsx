import { Suspense } from 'react'
import { Outlet } from 'react-router'
import { AntdShell } from '@/components/AntdShell'
import { PageLoading } from '@/components/PageLoading'

/** Route element of the antd areas (sign-in and signed-in): the theme, locale and message API. */
export default function AntdArea() {
  return (
    <AntdShell>
      <Suspense fallback={<PageLoading />}>
        <Outlet />
      </Suspense>
    </AntdShell>
  )
}
