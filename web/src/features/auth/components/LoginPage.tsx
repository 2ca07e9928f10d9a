import { useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { Alert, Button, Card, Form, Input } from 'antd'
import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { errorMessage } from '@/lib/api'
import { BrandMark } from '@/components/BrandMark'
import { LangSwitch } from '@/components/LangSwitch'
import { useLogin, type LoginInput } from '../api/login'
import './LoginPage.css'

/** Only same-site paths: `?next=` must never send a freshly signed-in user elsewhere. */
function safeNext(next: string | null): string | undefined {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login')
    ? next
    : undefined
}

export default function LoginPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const loginMutation = useLogin()
  const [form] = Form.useForm<LoginInput>()
  const [error, setError] = useState<string>()

  async function onFinish(values: LoginInput) {
    setError(undefined)
    try {
      await loginMutation.mutateAsync(values)
      // /home sends the user to the home of their first role in their jurisdiction.
      await navigate(safeNext(params.get('next')) ?? '/home', { replace: true })
    } catch (e) {
      setError(errorMessage(e))
      form.setFieldValue('password', '')
    }
  }

  return (
    <div className="login">
      <a href="#main" className="ms-skip-link">
        {t('app.skipToContent')}
      </a>
      <header className="login__bar">
        <Link to="/" className="login__brand">
          <BrandMark />
          <span>{t('app.name')}</span>
        </Link>
        <LangSwitch className="ms-link-button login__lang" />
      </header>
      <main id="main" tabIndex={-1} className="login__main">
        <Card className="login__card">
          <h1 className="login__title">{t('auth.title')}</h1>
          <p className="login__subtitle">{t('auth.subtitle')}</p>
          {error && (
            <Alert type="error" showIcon title={error} className="login__error" role="alert" />
          )}
          <Form<LoginInput>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => void onFinish(v)}
            disabled={loginMutation.isPending}
            size="large"
          >
            <Form.Item
              label={t('auth.username')}
              name="username"
              rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
            >
              <Input prefix={<UserOutlined aria-hidden />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              label={t('auth.password')}
              name="password"
              rules={[{ required: true, message: t('auth.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined aria-hidden />}
                autoComplete="current-password"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={loginMutation.isPending}>
              {t('auth.submit')}
            </Button>
          </Form>
          <p className="login__hint">{t('auth.demoHint')}</p>
          <p className="login__back">
            <Link to="/">{t('auth.backHome')}</Link>
          </p>
        </Card>
      </main>
    </div>
  )
}
