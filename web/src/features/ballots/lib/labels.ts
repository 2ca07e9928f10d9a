import type { TFunction } from 'i18next'

/** Labels of the codes the ballot shows (category, funding source, vote kind). */
export const categoryLabel = (t: TFunction, code: string) =>
  t(`category.${code}`, { defaultValue: code })

export const fundingLabel = (t: TFunction, code: string) =>
  t(`funding.${code}`, { defaultValue: code })

export const kindLabel = (t: TFunction, kind: string) => t(`kind.${kind}`, { defaultValue: kind })

export const choiceLabel = (t: TFunction, choice: string) => t(`choice.${choice}`)
