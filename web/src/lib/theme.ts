import type { ThemeConfig } from 'antd'

/**
 * The product's look: restrained, governmental, one brand colour.
 *
 * Brand colour: deep blue #1D4E89 (contrast 8.6:1 on white). Not congress red: red is the
 * colour of "seriously lagging", refusals and errors in the status palette (lib/status.ts), and a
 * red primary button would read as "danger" next to them. Everything else is neutral grey.
 */
export const BRAND = '#1D4E89'

/** Chinese first for zh-CN; Latin first for English (CJK fonts set ’ and “ full-width). */
export const FONT_FAMILY =
  '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'
export const FONT_FAMILY_EN =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'

export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND,
    colorInfo: BRAND,
    colorLink: BRAND,
    colorSuccess: '#1E6B34',
    colorWarning: '#B26A00',
    colorError: '#A61B1B',
    colorTextBase: '#1F2937',
    colorBgLayout: '#F5F6F8',
    borderRadius: 4,
    fontFamily: FONT_FAMILY,
    fontSize: 14,
    wireframe: false,
  },
  components: {
    Layout: {
      headerBg: '#FFFFFF',
      siderBg: '#FFFFFF',
      headerHeight: 56,
      headerPadding: '0 16px',
    },
    Menu: {
      itemHeight: 44,
      itemSelectedBg: '#EAF1FA',
      itemSelectedColor: BRAND,
    },
    Table: { headerBg: '#F5F6F8' },
    Tree: { nodeSelectedBg: '#D6E4F5', nodeHoverBg: '#F0F4FA' },
    Card: { headerFontSize: 15 },
  },
}
