import { Card } from 'antd'
import { StatusTag } from '@/components/StatusTag'
import { useLang } from '@/i18n'
import { useStatusRule } from '../api/progress'
import { useProgressT } from '../i18n'
import './progress.css'

/** The legend of the five colours, from the API's one definition of the rule. */
export function StatusLegend() {
  const { t } = useProgressT()
  const lang = useLang()
  const rule = useStatusRule()
  return (
    <Card size="small" title={t('legend.title')} loading={rule.isPending}>
      {rule.data && (
        <>
          <ul className="pg-legend">
            {rule.data.statuses.map((s) => (
              <li key={s.status}>
                <StatusTag kind="projectStatus" value={s.status} />
                <span>{lang === 'en' ? s.ruleEn : s.rule}</span>
              </li>
            ))}
          </ul>
          <p className="pg-legend__note">
            {lang === 'en' ? rule.data.reports.ruleEn : rule.data.reports.rule}
            <br />
            {t('legend.issues', {
              dueSoon: rule.data.issues.dueSoonDays,
              escalate: rule.data.issues.escalateAfterDays,
            })}
          </p>
        </>
      )}
    </Card>
  )
}
