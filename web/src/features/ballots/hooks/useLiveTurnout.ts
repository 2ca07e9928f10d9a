import { useEffect, useRef, useState } from 'react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { ballotKeys, turnoutQueryOptions, type Turnout } from '../api/votes'

export type LiveMode = 'connecting' | 'live' | 'polling'

const POLL_MS = 5_000
const RETRY_STREAM_MS = 30_000

/**
 * Turnout (应到/实到/已投) kept live: the server-sent-event stream `…/turnout/stream` writes each
 * snapshot into the query cache; when the stream cannot be held (a proxy that buffers, an old
 * browser), the query polls every 5 s and the stream is tried again every 30 s. When the vote's
 * state changes (opened, closed) the vote itself is refetched so every panel follows.
 */
export function useLiveTurnout(vid: string, enabled = true) {
  const queryClient = useQueryClient()
  const [mode, setMode] = useState<LiveMode>('connecting')
  const [attempt, setAttempt] = useState(0)
  const lastState = useRef<string | undefined>(undefined)

  useEffect(() => {
    if (!enabled) return
    if (typeof EventSource === 'undefined') {
      setMode('polling')
      return
    }
    let failures = 0
    let retry: ReturnType<typeof setTimeout> | undefined
    const source = new EventSource(`/api/votes/${encodeURIComponent(vid)}/turnout/stream`)
    setMode('connecting')
    source.addEventListener('turnout', (e) => {
      failures = 0
      setMode('live')
      queryClient.setQueryData(
        ballotKeys.turnout(vid),
        JSON.parse((e as MessageEvent).data) as Turnout,
      )
    })
    source.onerror = () => {
      failures += 1
      if (source.readyState === EventSource.CLOSED || failures >= 3) {
        source.close()
        setMode('polling')
        retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_STREAM_MS)
      } else {
        setMode('connecting')
      }
    }
    return () => {
      source.close()
      if (retry) clearTimeout(retry)
    }
  }, [vid, enabled, attempt, queryClient])

  const query = useQuery({
    ...turnoutQueryOptions(vid),
    enabled,
    refetchInterval: mode === 'live' ? false : POLL_MS,
  })

  const state = query.data?.state
  useEffect(() => {
    if (state && lastState.current && state !== lastState.current) {
      void queryClient.invalidateQueries({
        queryKey: ballotKeys.vote(vid),
        predicate: (q) => q.queryKey[3] !== 'turnout',
      })
      void queryClient.invalidateQueries({ queryKey: ballotKeys.mine })
    }
    lastState.current = state
  }, [state, vid, queryClient])

  return { ...query, mode }
}
