import { Alert, Skeleton } from 'antd'
import { errorMessage } from '@/lib/api'
import { useCurrentJurisdiction } from '@/lib/session'
import { useProfiles } from '../api/records'
import { useRecordsT } from '../i18n'
import { RecordView } from './RecordView'

/** The deputy's own record (phone-first), for the congress they are acting in. */
export default function MyRecordPage() {
  const { t } = useRecordsT()
  const { current } = useCurrentJurisdiction()
  const profiles = useProfiles()
  if (profiles.isPending) return <Skeleton active />
  if (profiles.error) return <Alert type="error" showIcon title={errorMessage(profiles.error)} />
  const items = profiles.data.items
  const me = items.find((p) => p.jurisdictionId === current?.id) ?? items[0]
  if (!me) return <Alert type="info" showIcon title={t('notDeputy')} />
  return <RecordView did={me.deputyId} title={t('myTitle')} />
}
