import { useId, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { isApiError, errorMessage } from '@/lib/api'
import { useReceiptCheck } from '../../api/result'
import { useBallotsT } from '../../i18n'
import { isReceiptShaped, normalizeReceiptInput } from '../../lib/ballot-form'
import './public.css'

/**
 * 回执核验 (public, no sign-in): a deputy types their receipt code and learns whether it is on
 * a published bulletin board. The answer is "recorded" or "not found" — never what the ballot
 * says, which nothing in the system can pair with a receipt.
 */
export default function ReceiptCheckPage() {
  const { t } = useBallotsT()
  const id = useId()
  const [input, setInput] = useState('')
  const [submitted, setSubmitted] = useState<string>()
  const [shapeError, setShapeError] = useState(false)
  const check = useReceiptCheck(submitted)

  function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (!isReceiptShaped(input)) {
      setShapeError(true)
      setSubmitted(undefined)
      return
    }
    setShapeError(false)
    const code = normalizeReceiptInput(input)
    setInput(code)
    setSubmitted(code)
  }

  const notFound = isApiError(check.error) && check.error.status === 404

  return (
    <div className="pub-section bt-pub">
      <h1 className="bt-pub__title">{t('receipt.title')}</h1>
      <p className="bt-pub__lead">{t('receipt.lead')}</p>
      <form className="bt-pub-form" onSubmit={onSubmit} noValidate>
        <label htmlFor={`${id}-code`}>{t('receipt.label')}</label>
        <div className="bt-pub-form__row">
          <input
            id={`${id}-code`}
            className="bt-pub-input"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="ABCD-EFGH-IJKL-MNOP-QRST-UVWX"
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            aria-invalid={shapeError}
            aria-describedby={`${id}-help`}
          />
          <button type="submit" className="pub-button pub-button--primary pub-button--large">
            {check.isFetching ? t('receipt.checking') : t('receipt.submit')}
          </button>
        </div>
        <p id={`${id}-help`} className="bt-pub-help">
          {shapeError ? <strong>{t('receipt.shape')}</strong> : t('receipt.help')}
        </p>
      </form>

      <div role="status" aria-live="polite" className="bt-pub-outcome">
        {check.data && (
          <div className="bt-pub-box bt-pub-box--ok" data-testid="receipt-recorded">
            <h2>
              <span aria-hidden="true">✓ </span>
              {t('receipt.recorded')}
            </h2>
            <p>{t('receipt.recordedText')}</p>
            <p>
              <Link to={`/public/votes/${check.data.voteId}`}>{t('receipt.seeResult')}</Link>
            </p>
          </div>
        )}
        {notFound && (
          <div className="bt-pub-box bt-pub-box--warn" data-testid="receipt-not-found">
            <h2>
              <span aria-hidden="true">! </span>
              {t('receipt.notFound')}
            </h2>
            <p>{t('receipt.notFoundText')}</p>
          </div>
        )}
        {check.error && !notFound && (
          <div className="bt-pub-box bt-pub-box--warn">
            <p>{errorMessage(check.error)}</p>
          </div>
        )}
      </div>

      <section className="bt-pub-explain" aria-labelledby={`${id}-why`}>
        <h2 id={`${id}-why`}>{t('receipt.whyTitle')}</h2>
        <ul>
          <li>{t('receipt.why1')}</li>
          <li>{t('receipt.why2')}</li>
          <li>{t('receipt.why3')}</li>
        </ul>
      </section>
    </div>
  )
}
