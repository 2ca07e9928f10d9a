import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { InferRequestType } from 'hono/client'
import { api, ApiError, unwrap, type OkBody } from '@/lib/api'
import { cycleKeys, useCycleWritten } from './cycles'

/** Candidate projects (候选项目): the list, edits, import/export, lock (审定) and reopening. */
export const candidateKeys = {
  all: ['candidates'] as const,
  list: (cid: string) => [...candidateKeys.all, 'list', cid] as const,
}

const listOf = api.cycles[':cid'].candidates
const byId = api.candidates[':id']

export type CandidateList = OkBody<Awaited<ReturnType<typeof listOf.$get>>>
export type Candidate = CandidateList['items'][number]
export type CreateCandidateInput = InferRequestType<typeof listOf.$post>['json']
export type UpdateCandidateInput = InferRequestType<typeof byId.$patch>['json']

/** One problem of a refused import (400 IMPORT_INVALID, `details.rows`). */
export interface ImportIssue {
  row: number
  field: string
  code: string
  message: string
  column?: string
  value?: string
}

export const getCandidates = (cid: string) => unwrap(listOf.$get({ param: { cid } }))

export const candidatesQueryOptions = (cid: string) =>
  queryOptions({ queryKey: candidateKeys.list(cid), queryFn: () => getCandidates(cid) })

export const useCandidates = (cid: string | undefined) =>
  useQuery({ ...candidatesQueryOptions(cid ?? ''), enabled: !!cid })

/** A change to the list changes the cycle's candidate count and the suggestions' links. */
function useListChanged(cid: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: candidateKeys.list(cid) }),
      queryClient.invalidateQueries({ queryKey: cycleKeys.all }),
      queryClient.invalidateQueries({ queryKey: ['suggestions'] }),
    ])
}

export const createCandidate = (cid: string, input: CreateCandidateInput) =>
  unwrap(listOf.$post({ param: { cid }, json: input }))

export function useCreateCandidate(cid: string) {
  const changed = useListChanged(cid)
  return useMutation({
    mutationFn: (input: CreateCandidateInput) => createCandidate(cid, input),
    meta: { notifyError: false }, // the form shows it
    onSuccess: changed,
  })
}

export const updateCandidate = (id: string, input: UpdateCandidateInput) =>
  unwrap(byId.$patch({ param: { id }, json: input }))

export function useUpdateCandidate(cid: string) {
  const changed = useListChanged(cid)
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: UpdateCandidateInput }) =>
      updateCandidate(id, input),
    meta: { notifyError: false }, // the form shows it
    onSuccess: changed,
  })
}

export const withdrawCandidate = (id: string) => unwrap(byId.$delete({ param: { id } }))

export function useWithdrawCandidate(cid: string) {
  const changed = useListChanged(cid)
  return useMutation({ mutationFn: withdrawCandidate, onSuccess: changed })
}

/** Multipart upload of the .xlsx/.csv in the field `file` (the route reads the body itself). */
export const importCandidates = (cid: string, file: File) => {
  const body = new FormData()
  body.append('file', file)
  return unwrap(listOf.import.$post({ param: { cid } }, { init: { body } }))
}

export function useImportCandidates(cid: string) {
  const changed = useListChanged(cid)
  return useMutation({
    mutationFn: (file: File) => importCandidates(cid, file),
    meta: { notifyError: false }, // the dialog shows the row-by-row report
    onSuccess: changed,
  })
}

/** The rows of an IMPORT_INVALID refusal, or undefined for any other error. */
export function importIssues(error: unknown): ImportIssue[] | undefined {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_INVALID') return undefined
  const rows = error.details.rows
  return Array.isArray(rows) ? (rows as ImportIssue[]) : []
}

/**
 * Downloads the server's export (the columns the import reads, so it doubles as the template).
 * Fetched rather than linked, so a refusal shows as a message instead of a JSON page.
 */
export async function downloadCandidates(cid: string, fallbackName: string) {
  const res = await listOf.export.$get({ param: { cid } })
  if (!res.ok) await unwrap(res) // throws the ApiError
  const blob = await res.blob()
  const disposition = res.headers.get('content-disposition') ?? ''
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1]
  const name = star ? decodeURIComponent(star) : fallbackName
  const url = URL.createObjectURL(blob)
  try {
    const a = document.createElement('a')
    a.href = url
    a.download = name
    document.body.append(a)
    a.click()
    a.remove()
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
  }
}

export const lockCandidates = (cid: string) => unwrap(listOf.lock.$post({ param: { cid } }))

export function useLockCandidates(cid: string) {
  const written = useCycleWritten()
  const changed = useListChanged(cid)
  return useMutation({
    mutationFn: () => lockCandidates(cid),
    meta: { notifyError: false }, // the page explains MARGIN_NOT_MET inline
    onSuccess: async (cycle) => {
      await written(cycle)
      await changed()
    },
  })
}

export const reopenCandidates = (cid: string, reason: string) =>
  unwrap(listOf.reopen.$post({ param: { cid }, json: { reason } }))

export function useReopenCandidates(cid: string) {
  const written = useCycleWritten()
  const changed = useListChanged(cid)
  return useMutation({
    mutationFn: (reason: string) => reopenCandidates(cid, reason),
    meta: { notifyError: false }, // the dialog shows it
    onSuccess: async (cycle) => {
      await written(cycle)
      await changed()
    },
  })
}
