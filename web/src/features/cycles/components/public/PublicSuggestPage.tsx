import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { useCyclesT } from '../../i18n'
import * as v from 'valibot'
import { PublicSuggestionInput as Schema } from '@ms/api/schemas/suggestions/suggestions.schemas.js'
import { errorMessage, isApiError } from '@/lib/api'
import { useFormat } from '@/lib/use-format'
import { usePublicCycle, useSubmitPublicSuggestion, type PublicCycle } from '../../api/public'
import { CATEGORIES } from '../../lib/labels'
import { wanToFen } from '../../lib/numbers'
import { CycleHeading, Field, LoadError, Loading } from './shared'

type FieldName = 'title' | 'category' | 'location' | 'reason' | 'estimate' | 'contact'
type Errors = Partial<Record<FieldName, string>>

const EMPTY = { title: '', category: '', location: '', reason: '', estimate: '', contact: '' }

/** The tracking code, large, with a copy button and where to look the outcome up. */
function TrackingCode({ code, onAnother }: { code: string; onAnother: () => void }) {
  const { t } = useCyclesT()
  const heading = useRef<HTMLHeadingElement>(null)
  const [copied, setCopied] = useState(false)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="ps-done" aria-labelledby="done-title">
      <h2 id="done-title" ref={heading} tabIndex={-1}>
        {t('publicSuggest.form.doneTitle')}
      </h2>
      <p>{t('publicSuggest.form.doneText')}</p>
      <p className="ps-code-label" id="code-label">
        {t('publicSuggest.form.codeLabel')}
      </p>
      <p className="ps-code" aria-labelledby="code-label" data-testid="tracking-code">
        {code}
      </p>
      <div className="ps-done__actions">
        <button
          type="button"
          className="pub-button pub-button--ghost pub-button--large"
          onClick={() =>
            void navigator.clipboard?.writeText(code).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('publicSuggest.form.copied') : t('publicSuggest.form.copy')}
        </button>
        <Link
          to={`/public/track?code=${code}`}
          className="pub-button pub-button--primary pub-button--large"
        >
          {t('publicSuggest.form.trackNow')}
        </Link>
        <button type="button" className="ms-link-button" onClick={onAnother}>
          {t('publicSuggest.form.another')}
        </button>
      </div>
      <p className="ps-help">{t('publicSuggest.form.keepCode')}</p>
    </section>
  )
}

/** A required text field of the form: one line, or `rows` lines as a textarea. */
function RequiredText({
  label,
  help,
  error,
  value,
  onChange,
  maxLength,
  rows,
  autoComplete,
}: {
  label: string
  help: string
  error: string | undefined
  value: string
  onChange: (e: { target: { value: string } }) => void
  maxLength: number
  rows?: number
  autoComplete?: string
}) {
  return (
    <Field label={label} required help={help} error={error}>
      {({ id, describedBy, invalid }) => {
        const props = {
          id,
          value,
          onChange,
          maxLength,
          required: true,
          'aria-required': true,
          'aria-invalid': invalid,
          'aria-describedby': describedBy,
          autoComplete,
        }
        return rows ? (
          <textarea className="ps-input ps-textarea" rows={rows} {...props} />
        ) : (
          <input className="ps-input" {...props} />
        )
      }}
    </Field>
  )
}

function SuggestForm({ cycle, onDone }: { cycle: PublicCycle; onDone: (code: string) => void }) {
  const { t } = useCyclesT()
  const submit = useSubmitPublicSuggestion(cycle.id)
  // The API refuses forms sent faster than a person fills them (decisions/012).
  const openedAt = useRef(Date.now())
  const [values, setValues] = useState(EMPTY)
  const [honeypot, setHoneypot] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [formError, setFormError] = useState<string>()
  const summary = useRef<HTMLDivElement>(null)

  const set = (name: FieldName) => (e: { target: { value: string } }) => {
    setValues((s) => ({ ...s, [name]: e.target.value }))
    // The field's message goes once the person changes it; the next submit checks again.
    setErrors((errs) => {
      if (!(name in errs)) return errs
      const next = { ...errs }
      delete next[name]
      return next
    })
  }

  function validate(): Errors {
    const e: Errors = {}
    const check = (name: FieldName, schema: v.GenericSchema, value: unknown, message: string) => {
      if (!v.safeParse(schema, value).success) e[name] = message
    }
    // A required text: its own message when empty, the length one when too long.
    const checkText = (name: 'title' | 'location' | 'reason', max: number) =>
      check(
        name,
        Schema.entries[name],
        values[name],
        values[name].trim()
          ? t('publicSuggest.form.errors.tooLong', { n: max })
          : t(`publicSuggest.form.errors.${name}`),
      )
    checkText('title', 200)
    check(
      'category',
      Schema.entries.category,
      values.category,
      t('publicSuggest.form.errors.category'),
    )
    checkText('location', 200)
    checkText('reason', 4000)
    if (values.estimate.trim() && wanToFen(values.estimate) === null)
      e.estimate = t('publicSuggest.form.errors.estimate')
    check(
      'contact',
      Schema.entries.contact,
      values.contact,
      t('publicSuggest.form.errors.tooLong', { n: 100 }),
    )
    return e
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    setFormError(undefined)
    const found = validate()
    setErrors(found)
    if (Object.keys(found).length) {
      summary.current?.focus()
      return
    }
    try {
      const { trackingCode } = await submit.mutateAsync({
        title: values.title.trim(),
        category: values.category as (typeof CATEGORIES)[number],
        location: values.location.trim(),
        reason: values.reason.trim(),
        estimateFen: values.estimate.trim() ? wanToFen(values.estimate) : null,
        contact: values.contact.trim() || null,
        website: honeypot,
        fillMs: Date.now() - openedAt.current,
      })
      onDone(trackingCode)
    } catch (err) {
      const fieldErrors: Errors = {}
      if (isApiError(err)) {
        for (const issue of err.issues) {
          const name =
            issue.path?.split('.')[0] === 'estimateFen'
              ? 'estimate'
              : (issue.path?.split('.')[0] as FieldName | undefined)
          if (name && name in EMPTY) fieldErrors[name] = issue.message
        }
      }
      setErrors(fieldErrors)
      setFormError(errorMessage(err))
      summary.current?.focus()
    }
  }

  const errorList = Object.entries(errors) as [FieldName, string][]
  return (
    <form
      className="ps-form"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-describedby="form-intro"
    >
      <p id="form-intro" className="ps-help">
        {t('publicSuggest.form.intro')}
      </p>
      <div ref={summary} tabIndex={-1} role="alert" aria-live="assertive" className="ps-summary">
        {(formError || errorList.length > 0) && (
          <div className="ps-alert ps-alert--error">
            <p>{formError ?? t('publicSuggest.form.fixErrors', { n: errorList.length })}</p>
            {errorList.length > 0 && (
              <ul>
                {errorList.map(([name, message]) => (
                  <li key={name}>{message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      <RequiredText
        label={t('suggestions.fields.title')}
        help={t('suggestions.form.titleHelp')}
        error={errors.title}
        value={values.title}
        onChange={set('title')}
        maxLength={200}
        autoComplete="off"
      />
      <Field label={t('suggestions.fields.category')} required error={errors.category}>
        {({ id, describedBy, invalid }) => (
          <select
            id={id}
            className="ps-input ps-select"
            value={values.category}
            onChange={set('category')}
            required
            aria-required="true"
            aria-invalid={invalid}
            aria-describedby={describedBy}
          >
            <option value="">{t('suggestions.form.categoryPlaceholder')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`cycles.category.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <RequiredText
        label={t('suggestions.fields.location')}
        help={t('publicSuggest.form.locationHelp')}
        error={errors.location}
        value={values.location}
        onChange={set('location')}
        maxLength={200}
      />
      <RequiredText
        label={t('suggestions.fields.reason')}
        help={t('suggestions.form.reasonHelp')}
        error={errors.reason}
        value={values.reason}
        onChange={set('reason')}
        maxLength={4000}
        rows={7}
      />
      <Field
        label={t('publicSuggest.form.estimate')}
        help={t('publicSuggest.form.estimateHelp')}
        error={errors.estimate}
      >
        {({ id, describedBy, invalid }) => (
          <span className="ps-suffix">
            <input
              id={id}
              className="ps-input"
              value={values.estimate}
              onChange={set('estimate')}
              inputMode="decimal"
              aria-invalid={invalid}
              aria-describedby={describedBy}
            />
            <span aria-hidden="true">万元</span>
          </span>
        )}
      </Field>
      <Field
        label={t('publicSuggest.form.contact')}
        help={t('publicSuggest.form.contactHelp')}
        error={errors.contact}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            className="ps-input"
            value={values.contact}
            onChange={set('contact')}
            maxLength={100}
            autoComplete="tel"
            aria-invalid={invalid}
            aria-describedby={describedBy}
          />
        )}
      </Field>
      {/* Honeypot: hidden from people and assistive technology; form-filling bots fill it. */}
      <div className="ps-hp" aria-hidden="true">
        <label htmlFor="ps-website">Website</label>
        <input
          id="ps-website"
          name="website"
          type="text"
          tabIndex={-1}
          autoComplete="off"
          value={honeypot}
          onChange={(e) => setHoneypot(e.target.value)}
        />
      </div>
      <p className="ps-help">{t('publicSuggest.form.privacy')}</p>
      <button
        type="submit"
        className="pub-button pub-button--primary pub-button--large ps-submit"
        disabled={submit.isPending}
      >
        {submit.isPending ? t('publicSuggest.form.sending') : t('publicSuggest.form.submit')}
      </button>
    </form>
  )
}

/** 提交建议 (public, no login): the form with honeypot and fill time; the tracking code after. */
export default function PublicSuggestPage() {
  const { t } = useCyclesT()
  const fmt = useFormat()
  const { cid } = useParams()
  const cycle = usePublicCycle(cid)
  const [code, setCode] = useState<string>()
  const [round, setRound] = useState(0)

  return (
    <div className="pub-section ps-page">
      {cycle.isPending ? (
        <Loading />
      ) : cycle.error ? (
        <LoadError error={cycle.error} notFound={t('publicSuggest.cycleNotFound')} />
      ) : (
        <>
          <CycleHeading cycle={cycle.data} title={t('publicSuggest.form.title')} />
          <div className="ps-narrow">
            {code ? (
              <TrackingCode
                code={code}
                onAnother={() => {
                  setCode(undefined)
                  setRound((r) => r + 1)
                }}
              />
            ) : cycle.data.acceptingSuggestions ? (
              <>
                {cycle.data.solicitationDeadline && (
                  <p className="ps-deadline">
                    {t('publicSuggest.form.deadline', {
                      date: fmt.date(cycle.data.solicitationDeadline),
                    })}
                  </p>
                )}
                <SuggestForm key={round} cycle={cycle.data} onDone={setCode} />
              </>
            ) : (
              <div className="ps-alert ps-alert--info">{t('publicSuggest.notice.closed')}</div>
            )}
          </div>
        </>
      )}
    </div>
  )
}
