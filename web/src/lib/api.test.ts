import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/i18n'
import { errorResponse, jsonResponse as json } from '@/testing/responses'
import { api, ApiError, errorMessage, unwrap } from './api'

afterEach(() => {
  vi.unstubAllGlobals()
  void i18n.changeLanguage('zh-CN')
})

describe('api client', () => {
  it('echoes the ms_csrf cookie as x-csrf-token on writes only, with credentials', async () => {
    vi.stubGlobal('document', { cookie: 'other=1; ms_csrf=tok%2Fen' })
    const fetchMock = vi.fn(async (..._args: Parameters<typeof fetch>) => json({ ok: true }, 200))
    vi.stubGlobal('fetch', fetchMock)

    await unwrap(api.auth.logout.$post())
    const [url, init] = fetchMock.mock.calls[0]!
    expect(String(url)).toBe('/api/auth/logout')
    expect(new Headers(init?.headers).get('x-csrf-token')).toBe('tok/en')
    expect(init?.credentials).toBe('include')

    fetchMock.mockResolvedValueOnce(json({ items: [] }, 200))
    await unwrap(api.jurisdictions.$get())
    expect(new Headers(fetchMock.mock.calls[1]![1]?.headers).has('x-csrf-token')).toBe(false)
  })

  it('turns an error body into an ApiError with code, issues and details', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        errorResponse(409, 'MARGIN_NOT_MET', 'Too few candidates', {
          required: 12,
          actual: 9,
          issues: [{ path: 'seats', message: 'bad' }],
        }),
      ),
    )
    const error = await unwrap(api.jurisdictions.$get()).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 409,
      code: 'MARGIN_NOT_MET',
      requestId: 'test-request',
      details: { required: 12, actual: 9 },
      issues: [{ path: 'seats', message: 'bad' }],
    })
    expect(errorMessage(error)).toBe('候选项目数不足：差额要求至少 12 个，当前 9 个')
    await i18n.changeLanguage('en')
    expect(errorMessage(error)).toContain('at least 12')
  })

  it("falls back to the API's message for codes it cannot translate", () => {
    const e = new ApiError({ status: 409, code: 'SOMETHING_NEW', message: 'Explained by the API' })
    expect(errorMessage(e)).toBe('Explained by the API')
  })

  it('reports a network failure and a non-JSON error page as ApiErrors', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch')
      }),
    )
    await expect(unwrap(api.jurisdictions.$get())).rejects.toMatchObject({ code: 'NETWORK' })

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })),
    )
    await expect(unwrap(api.jurisdictions.$get())).rejects.toMatchObject({
      status: 502,
      code: 'INTERNAL',
    })
  })
})
