import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { ApiError } from '@/lib/api'
import { notifyError } from '@/lib/notify'
import { sessionKeys } from '@/lib/session'
import '@/lib/query'

/** A 401 anywhere means the session ended: forget the user so the guard sends them to sign in. */
function onUnauthenticated(client: QueryClient, error: unknown) {
  if (error instanceof ApiError && error.status === 401) client.setQueryData(sessionKeys.me, null)
}

export function createQueryClient() {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (query.queryKey !== sessionKeys.me) onUnauthenticated(client, error)
        if (query.meta?.notifyError) notifyError(error)
      },
    }),
    mutationCache: new MutationCache({
      onError: (error, _vars, _ctx, mutation) => {
        onUnauthenticated(client, error)
        if (mutation.meta?.notifyError !== false) notifyError(error)
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // A refusal (4xx) will not change on retry; network trouble and 5xx may.
        retry: (count, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  })
  return client
}
