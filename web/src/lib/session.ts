import { useCallback, useMemo, useSyncExternalStore } from 'react'
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, ApiError, unwrap, type OkBody } from './api'

/**
 * Who is signed in, and in which jurisdiction they are acting. Every signed-in page reads these
 * two things from here; features never call /api/me themselves.
 */

export type Me = OkBody<Awaited<ReturnType<typeof api.me.$get>>>
export type Grant = Me['grants'][number]
export type Role = Grant['role']
export const ROLES = [
  'staff',
  'deputy',
  'finance',
  'unit',
  'teller',
  'admin',
] as const satisfies readonly Role[]

export const sessionKeys = {
  me: ['session', 'me'] as const,
}

/** The signed-in user, or `null` when nobody is (401 is an answer here, not an error). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await unwrap(api.me.$get())
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null
    throw e
  }
}

export const meQueryOptions = () =>
  queryOptions({
    queryKey: sessionKeys.me,
    queryFn: fetchMe,
    staleTime: 5 * 60_000,
    retry: false,
  })

export const useMe = () => useQuery(meQueryOptions())

/** A jurisdiction the user holds grants on, with the roles held there. */
export interface ActingJurisdiction {
  id: string
  name: string
  level: string
  roles: Role[]
}

export function actingJurisdictions(me: Me | null | undefined): ActingJurisdiction[] {
  const byId = new Map<string, ActingJurisdiction>()
  for (const g of me?.grants ?? []) {
    const j = byId.get(g.jurisdictionId) ?? {
      id: g.jurisdictionId,
      name: g.jurisdictionName,
      level: g.level,
      roles: [],
    }
    if (!j.roles.includes(g.role)) j.roles.push(g.role)
    byId.set(j.id, j)
  }
  for (const j of byId.values()) j.roles.sort((a, b) => ROLES.indexOf(a) - ROLES.indexOf(b))
  return [...byId.values()]
}

// The chosen jurisdiction survives reloads (localStorage) and is shared by every component.
const STORAGE_KEY = 'ms.jurisdiction'
const listeners = new Set<() => void>()
let memory: string | null = null

function readChoice(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? memory
  } catch {
    return memory
  }
}

export function chooseJurisdiction(id: string) {
  memory = id
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, id)
  } catch {
    // kept in memory only
  }
  for (const l of listeners) l()
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  const onStorage = (e: StorageEvent) => e.key === STORAGE_KEY && listener()
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

/** The stored choice if the user still holds grants there, else their first jurisdiction. */
export function currentJurisdictionOf(me: Me | null | undefined, chosen = readChoice()) {
  const all = actingJurisdictions(me)
  return all.find((j) => j.id === chosen) ?? all[0]
}

/**
 * The jurisdiction the user is acting in: their stored choice if they still hold grants there,
 * else the first one. `undefined` only while /api/me loads or for a user with no grants.
 */
export function useCurrentJurisdiction() {
  const { data: me } = useMe()
  const all = useMemo(() => actingJurisdictions(me), [me])
  const chosen = useSyncExternalStore(subscribe, readChoice, () => null)
  const current = all.find((j) => j.id === chosen) ?? all[0]
  const hasRole = useCallback(
    (...roles: Role[]) => !!current?.roles.some((r) => roles.includes(r)),
    [current],
  )
  return { current, all, choose: chooseJurisdiction, hasRole }
}

/**
 * Signs out. `onSignedOut` runs before the cached session is cleared, from the mutation's own
 * callbacks: per-call `mutate(…, { onSettled })` callbacks are dropped when the component
 * unmounts, and clearing `me` unmounts the console (its guard then redirects to
 * `/login?next=…`), so navigating from a per-call callback raced the guard.
 */
export function useLogout({ onSignedOut }: { onSignedOut?: () => void } = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => unwrap(api.auth.logout.$post()),
    meta: { notifyError: false },
    onSettled: () => {
      onSignedOut?.()
      // Whatever the server said, this browser forgets everything it knew as this user.
      queryClient.setQueryData(sessionKeys.me, null)
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' })
    },
  })
}
