import { useState } from 'react'
import { Link } from 'react-router'
import { Alert, Button, Card, Col, Empty, List, Row, Skeleton, Space } from 'antd'
import { PageHeader } from '@/components/PageHeader'
import { StatusTag } from '@/components/StatusTag'
import { errorMessage } from '@/lib/api'
import { useUnitIssues, useUnitProjects, type UnitIssues, type UnitProjects } from '../api/progress'
import { useProgressT } from '../i18n'
import { Deadline, Flags, Percent } from './bits'
import { AnswerModal } from './IssueModals'
import { ReportModal } from './ReportModal'
import './progress.css'

type Item = UnitProjects['items'][number]
type UnitIssue = UnitIssues['items'][number]

/** 承办单位 console: my projects with what is due, and the issues waiting for my answer. */
export default function UnitConsolePage() {
  const { t } = useProgressT()
  const projects = useUnitProjects()
  const issues = useUnitIssues()
  const [reporting, setReporting] = useState<Item>()
  const [answering, setAnswering] = useState<UnitIssue>()
  if (projects.isPending) return <Skeleton active />
  if (projects.isError)
    return <Alert type="error" showIcon message={errorMessage(projects.error)} />
  const units = projects.data.units.map((u) => u.name).join('、')
  return (
    <>
      <PageHeader title={t('unit.title')} description={`${units} · ${t('unit.intro')}`} />
      {!projects.data.units.length && <Alert type="warning" showIcon message={t('unit.noUnit')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('unit.projects')}>
            <List
              dataSource={projects.data.items}
              locale={{ emptyText: <Empty description={t('unit.noProjects')} /> }}
              renderItem={(i) => (
                <List.Item
                  actions={[
                    ...(i.status !== 'completed'
                      ? [
                          <Button key="r" type="primary" onClick={() => setReporting(i)}>
                            {t('report.file')}
                          </Button>,
                        ]
                      : []),
                    <Link key="v" to={`/projects/${i.project.id}`}>
                      {t('common.view')}
                    </Link>,
                  ]}
                >
                  <div className="pg-project-card">
                    <Space wrap>
                      <Link to={`/projects/${i.project.id}`}>
                        <strong>{i.project.title}</strong>
                      </Link>
                      <StatusTag kind="projectStatus" value={i.status} />
                    </Space>
                    <div className="pg-project-card__row">
                      <Percent value={i.percentComplete} />
                      <span className="pg-muted">
                        {t('col.milestones')} {i.milestonesDone}/{i.milestonesTotal}
                      </span>
                      {i.status !== 'completed' && (
                        <span className={i.reportOverdue ? '' : 'pg-muted'}>
                          {i.reportOverdue
                            ? t('unit.overdueReport', { period: i.duePeriod })
                            : t('unit.due', { period: i.nextPeriod })}
                        </span>
                      )}
                      <Flags flags={i.flags} />
                    </div>
                  </div>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('unit.issues')} loading={issues.isPending}>
            <List
              dataSource={issues.data?.items ?? []}
              locale={{ emptyText: <Empty description={t('unit.noIssues')} /> }}
              renderItem={(i) => (
                <List.Item
                  actions={
                    i.actions.includes('answer')
                      ? [
                          <Button key="a" type="primary" onClick={() => setAnswering(i)}>
                            {t('issue.answerBtn')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <List.Item.Meta
                    title={
                      <Space wrap>
                        <span>
                          {i.projectTitle} #{i.seq} {i.title}
                        </span>
                        <StatusTag kind="issueState" value={i.state} />
                      </Space>
                    }
                    description={
                      <>
                        <div>{i.description}</div>
                        <Deadline
                          deadline={i.deadline}
                          daysLeft={i.daysLeft}
                          flag={i.deadlineFlag}
                        />
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      {reporting && (
        <ReportModal
          project={reporting.project}
          nextPeriod={reporting.nextPeriod}
          lastPercent={reporting.percentComplete}
          lastInvestmentFen={reporting.investmentToDateFen}
          onClose={() => setReporting(undefined)}
        />
      )}
      {answering && <AnswerModal issue={answering} onClose={() => setAnswering(undefined)} />}
    </>
  )
}
