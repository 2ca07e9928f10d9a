import { Alert } from 'antd'
import { useTranslation } from 'react-i18next'
import { StatusTag } from '@/components/StatusTag'
import { useFormat } from '@/lib/use-format'
import type { BudgetSummary } from '../api/budget'
import { bpText } from '../utils/money'

/** Projects spending too slowly for the time of year (the rule is the API's: budget.rules.ts). */
export function WarningsAlert({
  warnings,
  asOf,
}: {
  warnings: BudgetSummary['warnings']
  asOf: string
}) {
  const { t } = useTranslation()
  const fmt = useFormat()
  if (warnings.length === 0) return null
  const serious = warnings.some((w) => w.level === 'warning')
  return (
    <Alert
      className="budget-warnings"
      type={serious ? 'warning' : 'info'}
      showIcon
      title={t('budget.warnings.title', { count: warnings.length, date: fmt.date(asOf) })}
      description={
        <ul className="budget-warnings__list">
          {warnings.map((w) => (
            <li key={w.projectId}>
              <StatusTag kind="spendingWarning" value={w.level} />
              <strong>{w.title}</strong>
              <span>
                {w.code === 'NOT_BUDGETED'
                  ? t('budget.warnings.notBudgeted', { since: fmt.date(w.since) })
                  : t('budget.warnings.underSpending', {
                      rate: bpText(w.rateBp),
                      expected: bpText(w.expectedBp),
                      since: fmt.date(w.since),
                    })}
              </span>
            </li>
          ))}
        </ul>
      }
    />
  )
}
