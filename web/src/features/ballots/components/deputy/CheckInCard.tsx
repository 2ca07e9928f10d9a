import { useId, useState, type FormEvent } from 'react'
import { Alert, Button, Input } from 'antd'
import { errorMessage, isApiError } from '@/lib/api'
import { useSelfCheckIn } from '../../api/ballot'
import { useBallotsT } from '../../i18n'

/** 签到: the deputy types the six-digit code shown on the hall screen or at the desk. */
export function CheckInCard({ vid, open }: { vid: string; open: boolean }) {
  const { t } = useBallotsT()
  const id = useId()
  const [code, setCode] = useState('')
  const checkIn = useSelfCheckIn(vid)
  const error = checkIn.error
  const message = !error
    ? undefined
    : isApiError(error, 'TOO_MANY_ATTEMPTS')
      ? t('deputy.checkIn.locked')
      : isApiError(error, 'WRONG_CHECK_IN_CODE')
        ? t('deputy.checkIn.wrong')
        : errorMessage(error)

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    const trimmed = code.replace(/\s/g, '')
    if (!trimmed) return
    checkIn.mutate(trimmed)
  }

  return (
    <section className="bt-card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="bt-card__title">
        {t('deputy.checkIn.title')}
      </h2>
      <p className="bt-card__text">
        {open ? t('deputy.checkIn.textOpen') : t('deputy.checkIn.text')}
      </p>
      <form onSubmit={onSubmit} className="bt-checkin">
        <label htmlFor={`${id}-code`} className="bt-field-label">
          {t('deputy.checkIn.code')}
        </label>
        <Input
          id={`${id}-code`}
          size="large"
          className="bt-checkin__input"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={8}
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/[^\d\s]/g, ''))}
          status={message ? 'error' : undefined}
          aria-invalid={!!message}
          aria-describedby={message ? `${id}-error` : undefined}
        />
        {message && (
          <Alert
            id={`${id}-error`}
            type="error"
            showIcon
            title={message}
            role="alert"
            className="bt-gap"
          />
        )}
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          className="bt-big-button"
          loading={checkIn.isPending}
          disabled={!code.trim()}
        >
          {t('deputy.checkIn.submit')}
        </Button>
      </form>
      <p className="bt-hint">{t('deputy.checkIn.help')}</p>
    </section>
  )
}
