import { useState } from 'react'
import { Button } from 'antd'
import { FilePdfOutlined } from '@ant-design/icons'
import { api, unwrap } from '@/lib/api'
import { notifyError } from '@/lib/notify'
import { useBallotsT } from '../../i18n'

/** The cycle's 公告 as the API prints it (409 before publication, 503 without a CJK font). */
async function fetchAnnouncement(cid: string): Promise<{ blob: Blob; name: string | null }> {
  const res = await api.cycles[':cid'].reports['announcement.pdf'].$get({ param: { cid } })
  if (!res.ok) await unwrap(res) // throws the ApiError
  const disposition = res.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1]
  return { blob: await res.blob(), name: star ? decodeURIComponent(star) : null }
}

/**
 * 下载结果公告 (PDF): shown with a published selection or runoff result. The announcement covers
 * the whole cycle (the selection and every runoff that completed it), so both offer it.
 */
export function AnnouncementButton({ cycleId }: { cycleId: string }) {
  const { t } = useBallotsT()
  const [busy, setBusy] = useState(false)

  async function run() {
    setBusy(true)
    try {
      const { blob, name } = await fetchAnnouncement(cycleId)
      const url = URL.createObjectURL(blob)
      const a = document.createElement('a')
      a.href = url
      a.download = name ?? `${t('result.announcementName')}.pdf`
      a.click()
      setTimeout(() => URL.revokeObjectURL(url), 30_000)
    } catch (e) {
      notifyError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Button
      icon={<FilePdfOutlined />}
      loading={busy}
      onClick={() => void run()}
      data-testid="announcement-pdf"
    >
      {busy ? t('result.announcementBusy') : t('result.announcement')}
    </Button>
  )
}
