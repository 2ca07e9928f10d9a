import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, unwrap, type OkBody } from '@/lib/api'

export const jurisdictionKeys = {
  all: ['jurisdictions'] as const,
  list: () => [...jurisdictionKeys.all, 'list'] as const,
}

export type Jurisdiction = OkBody<
  Awaited<ReturnType<typeof api.jurisdictions.$get>>
>['items'][number]
export type CreateJurisdictionInput = InferRequestType<typeof api.jurisdictions.$post>['json']

/** The jurisdictions the caller can see (an admin: their own and everything below). */
export const getJurisdictions = () => unwrap(api.jurisdictions.$get())

export const jurisdictionsQueryOptions = () =>
  queryOptions({ queryKey: jurisdictionKeys.list(), queryFn: getJurisdictions })

export const useJurisdictions = () => useQuery(jurisdictionsQueryOptions())

export const createJurisdiction = (input: CreateJurisdictionInput) =>
  unwrap(api.jurisdictions.$post({ json: input }))

export function useCreateJurisdiction() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createJurisdiction,
    meta: { notifyError: false }, // the form shows it
    onSuccess: () => queryClient.invalidateQueries({ queryKey: jurisdictionKeys.list() }),
  })
}

export interface JurisdictionNode extends Jurisdiction {
  children: JurisdictionNode[]
}

const LEVEL_RANK = { province: 0, city: 1, county: 2, township: 3 } as const

/** The flat list as a tree; a node whose parent is not visible is a root. */
export function toTree(items: readonly Jurisdiction[]): JurisdictionNode[] {
  const nodes = new Map(items.map((j) => [j.id, { ...j, children: [] as JurisdictionNode[] }]))
  const roots: JurisdictionNode[] = []
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const sort = (list: JurisdictionNode[]) => {
    list.sort(
      (a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || a.name.localeCompare(b.name, 'zh-CN'),
    )
    for (const n of list) sort(n.children)
  }
  sort(roots)
  return roots
}

/** Levels a child of `parentLevel` may have (strictly lower); all levels for a root. */
export function childLevels(parentLevel?: Jurisdiction['level']): Jurisdiction['level'][] {
  const all = Object.keys(LEVEL_RANK) as Jurisdiction['level'][]
  return parentLevel ? all.filter((l) => LEVEL_RANK[l] > LEVEL_RANK[parentLevel]) : all
}
