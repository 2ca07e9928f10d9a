import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  deadlineFlag,
  ISSUE_ACTIONS,
  ISSUE_STATES,
  transition,
  TRANSITIONS,
  type IssueAction,
  type IssueActor,
  type IssueState,
} from './supervision.rules.js'

/** A model issue: what the service keeps beside the state. */
interface Model {
  state: IssueState
  unit: boolean
  deadline: boolean
  answered: boolean
  closedAt: boolean
}

function apply(m: Model, action: IssueAction, actors: IssueActor[]): Model {
  const v = transition(m.state, action, actors)
  if (!v.ok) return m
  const next = { ...m, state: v.to }
  if (action === 'assign' || action === 'send_back' || action === 'reopen') {
    next.unit = true
    next.deadline = true
  }
  if (action === 'answer') next.answered = true
  if (action === 'close') next.closedAt = true
  if (action === 'reopen') next.closedAt = false
  return next
}

const actorSets = fc.subarray(['staff', 'unit', 'raiser'] as IssueActor[], { minLength: 1 })
const steps = fc.array(fc.tuple(fc.constantFrom(...ISSUE_ACTIONS), actorSets), { maxLength: 40 })

describe('the issue state machine', () => {
  it('never reaches an illegal state whatever sequence of actions and callers is tried', () => {
    fc.assert(
      fc.property(steps, (seq) => {
        let m: Model = {
          state: 'raised',
          unit: false,
          deadline: false,
          answered: false,
          closedAt: false,
        }
        for (const [action, actors] of seq) {
          const before = m
          m = apply(m, action, actors)
          expect(ISSUE_STATES).toContain(m.state)
          // Waiting on the unit means a unit and a deadline were set.
          if (m.state === 'assigned') expect(m.unit && m.deadline).toBe(true)
          // Nothing is verified or closed without the unit's answer.
          if (m.state === 'answered' || m.state === 'verified' || m.state === 'closed')
            expect(m.answered).toBe(true)
          expect(m.closedAt).toBe(m.state === 'closed')
          // A refused action changes nothing.
          if (!transition(before.state, action, actors).ok) expect(m).toEqual(before)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('refuses every action outside the table as ILLEGAL_TRANSITION, and wrong callers as NOT_ALLOWED', () => {
    for (const state of ISSUE_STATES) {
      for (const action of ISSUE_ACTIONS) {
        const legal = TRANSITIONS[action].from.includes(state)
        const v = transition(state, action, ['staff', 'unit', 'raiser'])
        expect([state, action, v.ok]).toEqual([state, action, legal])
        if (!legal) expect(v).toMatchObject({ code: 'ILLEGAL_TRANSITION' })
      }
    }
    expect(transition('assigned', 'answer', ['staff', 'raiser'])).toMatchObject({
      code: 'NOT_ALLOWED',
    })
    expect(transition('raised', 'assign', ['unit', 'raiser'])).toMatchObject({
      code: 'NOT_ALLOWED',
    })
    expect(transition('answered', 'close', ['unit'])).toMatchObject({ code: 'NOT_ALLOWED' })
  })

  it('can always reach 销号 from raised through assign, answer and close', () => {
    let s: IssueState = 'raised'
    for (const [a, by] of [
      ['assign', 'staff'],
      ['answer', 'unit'],
      ['verify', 'raiser'],
      ['close', 'raiser'],
    ] as const) {
      const v = transition(s, a, [by])
      expect(v.ok).toBe(true)
      if (v.ok) s = v.to
    }
    expect(s).toBe('closed')
  })
})

describe('deadline flags', () => {
  it('flags due soon, overdue and escalated only while waiting for the unit', () => {
    expect(deadlineFlag('assigned', '2026-11-30', '2026-11-22')).toBeNull()
    expect(deadlineFlag('assigned', '2026-11-25', '2026-11-22')).toBe('due_soon')
    expect(deadlineFlag('assigned', '2026-11-22', '2026-11-22')).toBe('due_soon')
    expect(deadlineFlag('assigned', '2026-11-21', '2026-11-22')).toBe('overdue')
    expect(deadlineFlag('assigned', '2026-11-01', '2026-11-22')).toBe('escalated')
    expect(deadlineFlag('answered', '2026-11-01', '2026-11-22')).toBeNull()
    expect(deadlineFlag('raised', null, '2026-11-22')).toBeNull()
  })
})
