import '@tanstack/react-query'

/**
 * Typed `meta` on queries and mutations. Mutations show their refusal as a toast unless
 * `meta: { notifyError: false }` (a form that shows the error inline says so); queries show
 * errors inline by default and opt into toasts with `meta: { notifyError: true }`.
 */
export interface RequestMeta extends Record<string, unknown> {
  notifyError?: boolean
}

declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: RequestMeta
    mutationMeta: RequestMeta
  }
}
