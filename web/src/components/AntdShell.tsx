import { useEffect, type ReactNode } from 'react'
import { App as AntdApp, ConfigProvider } from 'antd'
import zhCN from 'antd/locale/zh_CN'
import enUS from 'antd/locale/en_US'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { useLang } from '@/i18n'
import { setNotifier } from '@/lib/notify'
import { FONT_FAMILY_EN, theme } from '@/lib/theme'

const themeEn = { ...theme, token: { ...theme.token, fontFamily: FONT_FAMILY_EN } }

function RegisterNotifier() {
  const { message } = AntdApp.useApp()
  useEffect(
    () =>
      setNotifier({
        error: (text) => void message.error(text),
        success: (text) => void message.success(text),
      }),
    [message],
  )
  return null
}

/**
 * Ant Design with the product theme and the current language. Only the signed-in area and the
 * login page are wrapped in it (lazily), so public pages do not download antd.
 */
export function AntdShell({ children }: { children: ReactNode }) {
  const lang = useLang()
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn')
  }, [lang])
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={lang === 'en' ? themeEn : theme}>
      <AntdApp>
        <RegisterNotifier />
        {children}
      </AntdApp>
    </ConfigProvider>
  )
}
