import type { zhCN } from './zh-CN'

export const en: typeof zhCN = {
  title: 'Jurisdiction roll-up',
  titleOf: 'Roll-up · {{name}}',
  lead: 'Published projects of this jurisdiction and the counties, townships and streets below: count, money, completion and satisfaction (the same figures as the public portal). Select a name to drill down.',
  year: 'Year',
  name: 'Jurisdiction',
  projects: 'Projects',
  budgeted: 'Budgeted',
  disbursed: 'Disbursed',
  completed: 'Completed',
  avg: 'Average progress',
  sat: 'Satisfied / rated',
  up: 'Back up one level',
  publicPage: 'Public page',
  results: 'Vote results',
  screen: 'Big screen',
  tableCaption: '{{name}} and the jurisdictions below',
  chart: 'Project status by jurisdiction (projects)',
  axisJurisdiction: 'Jurisdiction',
  axisProjects: 'Projects',
  loading: 'Loading…',
}
