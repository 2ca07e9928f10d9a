/**
 * Registers each feature's demo step, in process order. A feature adds one import line here
 * (its `*.demo.ts` pushes onto `demoSteps`).
 */
import '../cycles/cycles.demo.js'
import '../ballots/ballots.demo.js'
import '../budget/budget.demo.js'
import '../progress/progress.demo.js'
import '../evaluation/evaluation.demo.js'
import '../public/public.demo.js'

export {}
