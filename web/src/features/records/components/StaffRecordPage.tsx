import { Link, useParams } from 'react-router'
import { LeftOutlined } from '@ant-design/icons'
import { useRecordsT } from '../i18n'
import { RecordView } from './RecordView'

/** Staff read one deputy's record. */
export default function StaffRecordPage() {
  const { did = '' } = useParams()
  const { t } = useRecordsT()
  return (
    <>
      <Link to="/console/records">
        <LeftOutlined aria-hidden="true" /> {t('back')}
      </Link>
      <RecordView did={did} title={t('title')} />
    </>
  )
}
