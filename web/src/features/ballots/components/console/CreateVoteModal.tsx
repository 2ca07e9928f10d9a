import { useId, useState } from 'react'
import { Alert, Form, Input, Modal, Radio, Select, Spin } from 'antd'
import { errorMessage } from '@/lib/api'
import { useResult } from '../../api/result'
import { isCounted, useCreateVote, type CycleItem, type Vote } from '../../api/votes'
import { useBallotsT } from '../../i18n'
import { tiedTitles } from '../../lib/result'

/**
 * 新建票决: a selection vote over the cycle's locked list, or a runoff (同票再次投票) among the
 * candidates tied at the boundary of a closed vote — the tied candidates are shown before
 * anything is created, and the API checks the tie again. Mount it when it opens (its state
 * starts fresh each time).
 */
export function CreateVoteModal({
  open,
  cycle,
  votes,
  onClose,
  initialParent,
}: {
  open: boolean
  cycle: CycleItem
  votes: readonly Vote[]
  onClose: (created?: Vote) => void
  initialParent?: string
}) {
  const { t } = useBallotsT()
  const id = useId()
  const create = useCreateVote(cycle.id)
  const parents = votes.filter((v) => isCounted(v.state))
  const [kind, setKind] = useState<'selection' | 'runoff'>(initialParent ? 'runoff' : 'selection')
  const [parentId, setParentId] = useState<string | undefined>(initialParent ?? parents.at(-1)?.id)
  const [title, setTitle] = useState('')
  const parentResult = useResult(parentId ?? '', open && kind === 'runoff' && !!parentId)
  const ties = parentResult.data?.ties ?? []

  const locked = cycle.phase === 'candidates_locked' || cycle.phase === 'voting'
  const canSubmit =
    kind === 'selection' ? locked : !!parentId && ties.length >= 2 && !parentResult.isPending

  function submit() {
    const base = title.trim() ? { title: title.trim() } : {}
    create.mutate(
      kind === 'selection'
        ? { kind: 'selection', ...base }
        : { kind: 'runoff', parentVoteId: parentId, candidateIds: ties, ...base },
      { onSuccess: (vote) => onClose(vote) },
    )
  }

  return (
    <Modal
      open={open}
      title={t('create.title')}
      okText={t('create.submit')}
      cancelText={t('common.cancel')}
      onOk={submit}
      onCancel={() => onClose()}
      okButtonProps={{ disabled: !canSubmit, loading: create.isPending }}
      destroyOnHidden
    >
      <Form layout="vertical" onFinish={submit}>
        <Form.Item label={t('create.kind')}>
          <Radio.Group
            value={kind}
            onChange={(e) => setKind(e.target.value as typeof kind)}
            options={[
              { value: 'selection', label: t('kind.selection') },
              { value: 'runoff', label: t('kind.runoff'), disabled: parents.length === 0 },
            ]}
          />
        </Form.Item>
        {kind === 'selection' ? (
          locked ? (
            <p className="bt-muted">
              {t('create.selectionText', { count: cycle.candidateCount, seats: cycle.seats })}
            </p>
          ) : (
            <Alert type="warning" showIcon title={t('create.notLocked')} />
          )
        ) : (
          <>
            <Form.Item label={t('create.parent')} htmlFor={`${id}-parent`}>
              <Select
                id={`${id}-parent`}
                value={parentId}
                onChange={setParentId}
                options={parents.map((v) => ({ value: v.id, label: v.title }))}
              />
            </Form.Item>
            {parentResult.isPending && parentId ? (
              <Spin />
            ) : parentResult.data && ties.length ? (
              <Alert
                type="info"
                showIcon
                title={t('create.tiedTitle', { count: ties.length })}
                description={
                  <ul className="bt-tied-list" data-testid="tied-candidates">
                    {tiedTitles(parentResult.data).map((name) => (
                      <li key={name}>{name}</li>
                    ))}
                  </ul>
                }
              />
            ) : parentResult.data ? (
              <Alert type="warning" showIcon title={t('create.noTie')} />
            ) : parentResult.error ? (
              <Alert type="error" showIcon title={errorMessage(parentResult.error)} />
            ) : null}
          </>
        )}
        <Form.Item
          label={t('create.voteTitle')}
          htmlFor={`${id}-title`}
          extra={t('create.voteTitleHelp')}
          style={{ marginTop: 16 }}
        >
          <Input
            id={`${id}-title`}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
          />
        </Form.Item>
        {create.error && (
          <Alert type="error" showIcon role="alert" title={errorMessage(create.error)} />
        )}
      </Form>
    </Modal>
  )
}
