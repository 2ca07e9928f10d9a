/**
 * The ballot's rules as the phone applies them before sending (the API checks them again):
 * at most N 赞成; unmarked candidates count as 弃权; on tick-up-to-N ballots a tick is 赞成 and
 * there is no 反对.
 */
export type Choice = 'for' | 'against' | 'abstain'
export type Choices = Record<string, Choice>
/** Paper sheets of an evaluation (满意度测评) are typed through the same paths. */
export type Mark = Choice | 'satisfied' | 'basically' | 'dissatisfied'
export type Marks = Record<string, Mark>
export type BallotFormKind = 'for_against_abstain' | 'approve_up_to_n' | 'satisfaction'

export const CHOICES: readonly Choice[] = ['for', 'against', 'abstain']

export const countApprovals = (choices: Marks) =>
  Object.values(choices).filter((c) => c === 'for').length

/** Whether `choice` may be marked on `candidateId` now: never an (N+1)th 赞成. */
export function canChoose(
  choices: Choices,
  candidateId: string,
  choice: Choice,
  maxApprovals: number,
): boolean {
  if (choice !== 'for' || choices[candidateId] === 'for') return true
  return countApprovals(choices) < maxApprovals
}

/**
 * Marks a choice; returns the same object when the mark is refused (an (N+1)th 赞成) so the
 * caller can tell. `null` clears the mark (back to unmarked = 弃权).
 */
export function choose(
  choices: Choices,
  candidateId: string,
  choice: Choice | null,
  maxApprovals: number,
): Choices {
  if (choice === null) {
    if (!(candidateId in choices)) return choices
    const { [candidateId]: _removed, ...rest } = choices
    return rest
  }
  if (!canChoose(choices, candidateId, choice, maxApprovals)) return choices
  return { ...choices, [candidateId]: choice }
}

export interface Tally {
  for: number
  against: number
  abstain: number
  /** Of `abstain`: candidates left unmarked (counted as 弃权). */
  unmarked: number
}

export function summarize(choices: Choices, candidateIds: readonly string[]): Tally {
  const t: Tally = { for: 0, against: 0, abstain: 0, unmarked: 0 }
  for (const id of candidateIds) {
    const c = choices[id]
    if (c === undefined) {
      t.abstain += 1
      t.unmarked += 1
    } else t[c] += 1
  }
  return t
}

/**
 * What is sent: the marks on this ballot's candidates only. Unmarked candidates are left out
 * (the API reads them as 弃权); on a tick-up-to-N ballot only ticks are sent.
 */
export function toPayload(
  choices: Choices,
  candidateIds: readonly string[],
  form: string,
): Choices {
  const out: Choices = {}
  for (const id of candidateIds) {
    const c = choices[id]
    if (c === undefined) continue
    if (form === 'approve_up_to_n' && c !== 'for') continue
    out[id] = c
  }
  return out
}

/** Receipt codes are shown as ABCD-EFGH-…; people type them with spaces, dashes, lower case. */
export function normalizeReceiptInput(input: string): string {
  const bare = input.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return bare.match(/.{1,4}/g)?.join('-') ?? ''
}

/** A receipt has 24 base-32 characters (A–Z, 2–7). */
export const isReceiptShaped = (input: string) =>
  /^[A-Z2-7]{24}$/.test(input.toUpperCase().replace(/[^A-Z0-9]/g, ''))
