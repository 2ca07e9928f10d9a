import { useState } from 'react'
import { Button, Form, Input, InputNumber, Modal, Upload, type UploadFile } from 'antd'
import { UploadOutlined } from '@ant-design/icons'
import { FileReportInput } from '@ms/api/schemas/progress/progress.schemas.js'
import * as v from 'valibot'
import { errorMessage } from '@/lib/api'
import { applyApiIssues, schemaRule } from '@/lib/forms'
import { notifyError, notifySuccess } from '@/lib/notify'
import { useFileReport, useUploadReportPhoto } from '../api/progress'
import { useProgressT } from '../i18n'

interface Values {
  period: string
  percentComplete: number
  narrative: string
  investmentYuan: number
}

/** 填报月度进度: percent, narrative, investment to date and site photos (uploaded after the report). */
export function ReportModal({
  project,
  nextPeriod,
  lastPercent,
  lastInvestmentFen,
  onClose,
}: {
  project: { id: string; title: string }
  nextPeriod: string
  lastPercent: number | null
  lastInvestmentFen: number | null
  onClose: () => void
}) {
  const { t } = useProgressT()
  const [form] = Form.useForm<Values>()
  const file = useFileReport(project.id)
  const upload = useUploadReportPhoto()
  const [files, setFiles] = useState<UploadFile[]>([])
  const busy = file.isPending || upload.isPending
  const f = FileReportInput.entries

  const submit = async (values: Values) => {
    try {
      const report = await file.mutateAsync({
        period: values.period,
        percentComplete: values.percentComplete,
        narrative: values.narrative,
        investmentToDateFen: Math.round(values.investmentYuan * 100),
      })
      for (const uf of files) {
        if (!uf.originFileObj) continue
        try {
          await upload.mutateAsync({ rid: report.id, file: uf.originFileObj })
        } catch (e) {
          notifyError(
            new Error(t('report.photoFailed', { name: uf.name, message: errorMessage(e) })),
          )
        }
      }
      notifySuccess(t('report.filed'))
      onClose()
    } catch (e) {
      if (!applyApiIssues(form, e)) notifyError(e)
    }
  }

  return (
    <Modal
      open
      title={`${t('report.title')} · ${project.title}`}
      okText={t('report.submit')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      width={600}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          period: nextPeriod,
          percentComplete: lastPercent ?? 0,
          investmentYuan: (lastInvestmentFen ?? 0) / 100,
        }}
      >
        <Form.Item name="period" label={t('report.period')} rules={[schemaRule(f.period)]}>
          <Input placeholder="2026-10" inputMode="numeric" style={{ maxWidth: 160 }} />
        </Form.Item>
        <Form.Item
          name="percentComplete"
          label={t('report.percent')}
          rules={[schemaRule(f.percentComplete)]}
        >
          <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item
          name="narrative"
          label={t('report.narrative')}
          extra={t('report.narrativeHelp')}
          rules={[schemaRule(f.narrative)]}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item
          name="investmentYuan"
          label={t('report.investment')}
          rules={[schemaRule(v.pipe(v.number(), v.minValue(0)))]}
        >
          <InputNumber min={0} precision={2} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item label={t('report.photos')} extra={t('report.photosHelp')}>
          <Upload
            accept="image/jpeg,image/png,image/webp"
            listType="picture"
            multiple
            maxCount={9}
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList)}
          >
            <Button icon={<UploadOutlined />}>{t('report.choosePhotos')}</Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  )
}
