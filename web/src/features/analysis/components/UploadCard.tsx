import { useId, useState } from 'react'
import { Alert, Button, Input, Progress, Space, Upload } from 'antd'
import { InboxOutlined, UploadOutlined } from '@ant-design/icons'
import { useQueryClient } from '@tanstack/react-query'
import { useNavigate } from 'react-router'
import { errorMessage, isApiError } from '@/lib/api'
import { useFormat } from '@/lib/use-format'
import { useAnalysisT } from '../i18n'
import { analysisKeys, MAX_FILE_BYTES, uploadInstance, type UploadPhase } from '../api/analysis'

/**
 * Upload of a .pb file: the bytes' progress while they travel, then "reading the file" while the
 * API parses it; on success the comparison page opens (and computes there).
 */
export function UploadCard({ jurisdictionId }: { jurisdictionId: string }) {
  const { t } = useAnalysisT()
  const fmt = useFormat()
  const qc = useQueryClient()
  const navigate = useNavigate()
  const nameId = useId()
  const [file, setFile] = useState<File | null>(null)
  const [name, setName] = useState('')
  const [phase, setPhase] = useState<UploadPhase | null>(null)
  const [error, setError] = useState<string | null>(null)

  async function submit() {
    if (!file) return setError(t('upload.chooseFile'))
    if (file.size > MAX_FILE_BYTES) return setError(t('upload.tooLarge'))
    setError(null)
    setPhase({ phase: 'uploading', percent: 0 })
    try {
      const created = await uploadInstance({ jurisdictionId, file, name }, setPhase)
      await qc.invalidateQueries({ queryKey: analysisKeys.instances(jurisdictionId) })
      void navigate(`/console/analysis/instances/${created.id}`)
    } catch (e) {
      setPhase(null)
      const line = isApiError(e, 'PABULIB_INVALID') ? e.details.line : null
      setError(
        typeof line === 'number'
          ? t('upload.invalidLine', {
              line,
              // The parser's own words, without the prefix the line number replaces.
              message: (e instanceof Error ? e.message : '').replace(
                /^Not a readable pabulib file: (line \d+: )?/,
                '',
              ),
            })
          : errorMessage(e),
      )
    }
  }

  const busy = phase !== null
  return (
    <div className="analysis-upload">
      <Upload.Dragger
        accept=".pb,text/plain"
        multiple={false}
        maxCount={1}
        disabled={busy}
        beforeUpload={(f) => {
          setFile(f)
          setError(null)
          return false
        }}
        onRemove={() => setFile(null)}
        fileList={
          file
            ? [
                {
                  uid: 'pb',
                  name: `${file.name} (${fmt.count(Math.ceil(file.size / 1024))} KB)`,
                  status: 'done',
                },
              ]
            : []
        }
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('upload.drop')}</p>
        <p className="ant-upload-hint">{t('upload.hint')}</p>
      </Upload.Dragger>
      <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
        <label htmlFor={nameId}>{t('upload.name')}</label>
        <Input
          id={nameId}
          value={name}
          maxLength={200}
          disabled={busy}
          placeholder={t('upload.namePlaceholder')}
          onChange={(e) => setName(e.target.value)}
        />
        {phase?.phase === 'uploading' && (
          <div role="status">
            <Progress percent={phase.percent} size="small" />
            <span className="analysis-muted">
              {t('upload.uploading', { percent: phase.percent })}
            </span>
          </div>
        )}
        {phase?.phase === 'parsing' && (
          <div role="status">
            <Progress percent={100} status="active" size="small" showInfo={false} />
            <span className="analysis-muted">{t('upload.parsing')}</span>
          </div>
        )}
        {error && <Alert type="error" showIcon title={error} />}
        <Button
          type="primary"
          icon={<UploadOutlined />}
          loading={busy}
          disabled={!file}
          onClick={() => void submit()}
        >
          {t('upload.submit')}
        </Button>
      </Space>
    </div>
  )
}
