import { useEffect, useId, useRef, useState } from 'react'
import { Link } from 'react-router'
import { Button } from 'antd'
import { CheckCircleFilled, CheckOutlined, CopyOutlined } from '@ant-design/icons'
import { useBallotsT } from '../../i18n'

/**
 * The receipt, shown once and large: it proves the ballot was recorded (after publication it is
 * on the bulletin board), never how the deputy voted — nothing pairs a receipt with a ballot, so
 * nobody can use it to buy or force a vote (DESIGN.md §4).
 */
export function ReceiptPanel({ receipt }: { receipt: string }) {
  const { t } = useBallotsT()
  const id = useId()
  const codeRef = useRef<HTMLElement>(null)
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null)
  const titleRef = useRef<HTMLHeadingElement>(null)
  const groups = receipt.split('-')
  // The form just disappeared: bring keyboard and screen-reader users to the outcome.
  useEffect(() => titleRef.current?.focus(), [])

  async function copy() {
    try {
      await navigator.clipboard.writeText(receipt)
      setCopied('yes')
    } catch {
      // No clipboard (insecure context, old browser): select the code for a long-press copy.
      const el = codeRef.current
      if (el) {
        const range = document.createRange()
        range.selectNodeContents(el)
        const sel = window.getSelection()
        sel?.removeAllRanges()
        sel?.addRange(range)
      }
      setCopied('select')
    }
  }

  return (
    <section className="bt-receipt" aria-labelledby={`${id}-title`}>
      <div className="bt-receipt__ok" aria-hidden="true">
        <CheckCircleFilled />
      </div>
      <h2 id={`${id}-title`} ref={titleRef} className="bt-receipt__title" tabIndex={-1}>
        {t('deputy.receipt.title')}
      </h2>
      <p className="bt-receipt__lead">{t('deputy.receipt.lead')}</p>
      <div className="bt-receipt__box">
        <span className="bt-receipt__label" id={`${id}-label`}>
          {t('deputy.receipt.label')}
        </span>
        <code
          ref={codeRef}
          className="bt-receipt__code"
          data-testid="receipt-code"
          aria-labelledby={`${id}-label`}
        >
          {groups.map((g, i) => (
            <span key={i}>
              {g}
              {i < groups.length - 1 && <span className="bt-receipt__dash">-</span>}
            </span>
          ))}
        </code>
        <Button
          size="large"
          block
          className="bt-big-button"
          icon={copied === 'yes' ? <CheckOutlined /> : <CopyOutlined />}
          onClick={() => void copy()}
        >
          {copied === 'yes' ? t('deputy.receipt.copied') : t('deputy.receipt.copy')}
        </Button>
        <p role="status" className="bt-hint">
          {copied === 'select' ? t('deputy.receipt.selectToCopy') : ''}
        </p>
      </div>
      <div className="bt-receipt__explain">
        <h3>{t('deputy.receipt.whatTitle')}</h3>
        <ul>
          <li>{t('deputy.receipt.what1')}</li>
          <li>{t('deputy.receipt.what2')}</li>
          <li>{t('deputy.receipt.what3')}</li>
        </ul>
      </div>
      <div className="bt-actions-column">
        <Link to="/deputy/votes" className="bt-link-button">
          {t('deputy.backToList')}
        </Link>
      </div>
    </section>
  )
}
