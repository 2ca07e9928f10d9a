import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PieController,
  PointElement,
  Tooltip,
} from 'chart.js'

/**
 * Chart.js, registered once for the whole app (import this module, never `chart.js/auto`, so
 * only the pieces we use are bundled). Every chart is a small component fed by a query and
 * rendered through `<ChartWithTable>` so it always has a table view.
 */
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  PieController,
  DoughnutController,
  ArcElement,
  CategoryScale,
  LinearScale,
  Filler,
  Tooltip,
  Legend,
)

Chart.defaults.font.family =
  '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif'
Chart.defaults.font.size = 13
Chart.defaults.color = '#344054'
Chart.defaults.borderColor = '#E4E7EC'
Chart.defaults.maintainAspectRatio = false
Chart.defaults.animation = false // calmer, and screenshots/prints are never caught mid-animation

/**
 * Series colours: the Okabe–Ito colour-blind-safe set, led by the brand blue, without the yellow
 * that fails contrast on white. Status charts use `statusColors()` from status.ts instead.
 */
export const SERIES_COLORS = [
  '#1D4E89',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#56B4E9',
  '#D55E00',
  '#6B7280',
] as const

export const seriesColor = (index: number) => SERIES_COLORS[index % SERIES_COLORS.length]!

export { Chart }
