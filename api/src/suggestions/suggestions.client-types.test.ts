import { describe, expectTypeOf, it } from 'vitest'
import type { Category } from '../cycles/cycles.schemas.js'
import type * as cycles from '../cycles/cycles.service.js'
import type * as suggestions from './suggestions.service.js'

type Out<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>

/**
 * The web's typed client sees what these verbs return. A field typed `never` (e.g. a cast
 * `as never`) vanishes from the client's JSON type, so the page cannot read it: these checks run
 * in `tsc` (pnpm typecheck) and keep every view's category a Category.
 */
describe('the response types the typed client reads', () => {
  it('carries the category of a suggestion in every view', () => {
    expectTypeOf<Out<typeof suggestions.getSuggestion>['category']>().toEqualTypeOf<Category>()
    expectTypeOf<Out<typeof suggestions.trackSuggestion>['category']>().toEqualTypeOf<Category>()
    expectTypeOf<
      Out<typeof suggestions.listPublicSuggestions>['items'][number]['category']
    >().toEqualTypeOf<Category>()
  })

  it('carries the category of a published candidate', () => {
    expectTypeOf<
      NonNullable<Out<typeof cycles.getPublicCycle>['candidates']>[number]['category']
    >().toEqualTypeOf<Category>()
  })
})
