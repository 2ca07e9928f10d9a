import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, unwrap } from '@/lib/api'
import { meQueryOptions, type Me } from '@/lib/session'

export type LoginInput = InferRequestType<typeof api.auth.login.$post>['json']

export const login = (input: LoginInput) => unwrap(api.auth.login.$post({ json: input }))

/**
 * Signs in, forgets anything cached for a previous user, then loads /api/me (grants) so the
 * caller can route to the right home.
 */
export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (input: LoginInput): Promise<Me | null> => {
      await login(input)
      queryClient.removeQueries()
      return queryClient.fetchQuery({ ...meQueryOptions(), staleTime: 0 })
    },
    meta: { notifyError: false }, // the form shows the refusal inline
  })
}
