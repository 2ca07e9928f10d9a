import { Link } from 'react-router'
import { App, Button, Space, Steps } from 'antd'
import { useCyclesT } from '../../i18n'
import { StatusTag } from '@/components/StatusTag'
import { STATUS_KINDS, type CyclePhase } from '@/lib/status'
import { notifySuccess } from '@/lib/notify'
import { useChangePhase, type Cycle, type Phase } from '../../api/cycles'

const PHASES = Object.keys(STATUS_KINDS.cyclePhase) as CyclePhase[]

/**
 * The seven phases with the current one marked, and a button for each step staff may take by
 * hand now (the API's `staffTransitions`); the steps that have their own verb (lock, reopen,
 * opening a vote) are explained with a link to where they happen.
 */
export function PhaseBar({ cycle }: { cycle: Cycle }) {
  const { t } = useCyclesT()
  const { modal } = App.useApp()
  const change = useChangePhase(cycle.id)
  const current = PHASES.indexOf(cycle.phase)

  function confirm(to: Phase) {
    modal.confirm({
      title: t(`cycles.phase.to.${to}`),
      content: t('cycles.phase.confirm', {
        from: t(`status.cyclePhase.${cycle.phase}`),
        to: t(`status.cyclePhase.${to}`),
      }),
      okText: t('cycles.phase.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: () =>
        change
          .mutateAsync(to)
          .then(() =>
            notifySuccess(t('cycles.phase.changed', { to: t(`status.cyclePhase.${to}`) })),
          ),
    })
  }

  return (
    <section aria-labelledby="phase-bar-title" className="cy-phase-bar">
      <h2 id="phase-bar-title" className="cy-card-title">
        {t('cycles.phase.title')}
      </h2>
      <nav aria-label={t('cycles.phase.title')}>
        <Steps
          size="small"
          current={current}
          responsive
          titlePlacement="vertical"
          items={PHASES.map((p, i) => ({
            title: t(`status.cyclePhase.${p}`),
            status: i < current ? 'finish' : i === current ? 'process' : 'wait',
          }))}
        />
      </nav>
      <div className="cy-phase-bar__actions">
        <p className="cy-phase-bar__hint">
          <span className="cy-phase-bar__now">
            {t('cycles.phase.current')}
            <StatusTag kind="cyclePhase" value={cycle.phase} />
          </span>
          {t(`cycles.phase.hint.${cycle.phase}`)}
        </p>
        <Space wrap>
          {(cycle.phase === 'screening' || cycle.phase === 'candidates_locked') && (
            <Link to={`/console/candidates?cycle=${cycle.id}`}>
              {t(cycle.phase === 'screening' ? 'cycles.phase.goLock' : 'cycles.phase.goReopen')}
            </Link>
          )}
          {cycle.staffTransitions.map((to) => (
            <Button
              key={to}
              type={PHASES.indexOf(to) > current ? 'primary' : 'default'}
              onClick={() => confirm(to)}
              loading={change.isPending && change.variables === to}
            >
              {t(`cycles.phase.to.${to}`)}
            </Button>
          ))}
        </Space>
      </div>
    </section>
  )
}
